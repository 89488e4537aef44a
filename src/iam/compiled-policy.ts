import { ActionSet } from './action-set.js';
import type { ActionCatalog } from './catalog.js';
import type { ActionPatternIndex } from './action-pattern.js';
import type { Effect, PolicyDocument, Statement } from './policy.js';

export interface UnknownAction {
  pattern: string;
  kind: 'service' | 'action';
  statementIndex: number;
}

export interface CompiledStatement {
  index: number;
  sid?: string;
  effect: Effect;
  /** The catalog actions the statement covers; NotAction is already turned into its complement. */
  actions: ActionSet;
  notAction: boolean;
  /** Resource or NotResource patterns as written; the engine compiles them when a request needs them. */
  resources: readonly string[];
  notResource: boolean;
  /** Resource "*": applies to every resource of every action it covers. */
  allResources: boolean;
  /** Has a Condition, or a resource that depends on policy variables: applies only sometimes. */
  conditional: boolean;
  /** Has a non-empty Condition block (variables alone are resolved per request). */
  hasCondition: boolean;
  source: Statement;
}

export interface CompiledPolicy {
  statements: CompiledStatement[];
  /** Actions some Allow statement grants on some resource, under some condition. */
  allowSome: ActionSet;
  /** Actions an unconditional Allow grants on every resource. */
  allowAll: ActionSet;
  /** Actions a Deny statement without conditions denies on some resource. */
  denySome: ActionSet;
  /** Actions a Deny statement with conditions may deny (guardrails: regions, MFA, source IP …). */
  denyConditional: ActionSet;
  /** Actions an unconditional Deny denies on every resource. */
  denyAll: ActionSet;
  unknownActions: UnknownAction[];
}

/** Reusable dense accumulators, so compiling thousands of policies allocates only their compact results. */
export class Scratch {
  private readonly sets: ActionSet[];
  constructor(catalog: ActionCatalog, count = 6) {
    this.sets = Array.from({ length: count }, () => catalog.emptySet());
  }
  /** The first n sets, cleared, to accumulate into (the same array every time: no allocation). */
  take(n: number): readonly ActionSet[] {
    for (let i = 0; i < n; i++) this.sets[i]!.clear();
    return this.sets;
  }
}

export function compilePolicy(
  document: PolicyDocument,
  patterns: ActionPatternIndex,
  scratch: Scratch,
): CompiledPolicy {
  const [allowSome, allowAll, denySome, denyAll, actions, denyConditional] = scratch.take(6) as [
    ActionSet,
    ActionSet,
    ActionSet,
    ActionSet,
    ActionSet,
    ActionSet,
  ];
  const statements: CompiledStatement[] = [];
  const unknownActions: UnknownAction[] = [];
  // Plain loops, no callbacks: this runs for every statement of every distinct policy.
  for (let index = 0; index < document.Statement.length; index++) {
    const statement = document.Statement[index]!;
    const notAction = statement.Action === undefined;
    const names = statement.Action ?? statement.NotAction ?? [];
    let statementActions: ActionSet;
    if (names.length === 1 && !notAction) {
      // The common one-pattern statement shares the pattern's own compact set.
      const match = patterns.match(names[0]!);
      if (match.unknown) unknownActions.push({ pattern: names[0]!, kind: match.unknown.kind, statementIndex: index });
      statementActions = match.actions;
    } else {
      actions.clear();
      for (const pattern of names) {
        const match = patterns.match(pattern);
        actions.addAll(match.actions);
        if (match.unknown) unknownActions.push({ pattern, kind: match.unknown.kind, statementIndex: index });
      }
      if (notAction) actions.invert();
      statementActions = actions.compact();
    }

    const notResource = statement.Resource === undefined && statement.NotResource !== undefined;
    const resources = statement.Resource ?? statement.NotResource ?? [];
    const allResources = !notResource && resources.includes('*');
    const hasCondition = statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
    let conditional = hasCondition;
    for (let r = 0; r < resources.length && !conditional; r++) if (resources[r]!.includes('${')) conditional = true;
    const compiled: CompiledStatement = {
      index,
      effect: statement.Effect,
      actions: statementActions,
      notAction,
      resources,
      notResource,
      allResources,
      conditional,
      hasCondition,
      source: statement,
    };
    if (statement.Sid !== undefined) compiled.sid = statement.Sid;
    statements.push(compiled);

    if (statement.Effect === 'Allow') {
      allowSome.addAll(statementActions);
      if (allResources && !conditional) allowAll.addAll(statementActions);
    } else if (conditional) {
      denyConditional.addAll(statementActions);
    } else {
      // A Deny with NotResource still denies something for every action it names.
      denySome.addAll(statementActions);
      if (allResources) denyAll.addAll(statementActions);
    }
  }
  // One statement (the common case): its own set is the policy's, with no accumulation to compact.
  if (statements.length === 1) {
    const only = statements[0]!;
    const empty = ActionSet.none(only.actions.size);
    const unconditionalAll = only.allResources && !only.conditional;
    return {
      statements,
      allowSome: only.effect === 'Allow' ? only.actions : empty,
      allowAll: only.effect === 'Allow' && unconditionalAll ? only.actions : empty,
      denySome: only.effect === 'Deny' && !only.conditional ? only.actions : empty,
      denyConditional: only.effect === 'Deny' && only.conditional ? only.actions : empty,
      denyAll: only.effect === 'Deny' && unconditionalAll ? only.actions : empty,
      unknownActions,
    };
  }
  return {
    statements,
    allowSome: allowSome.compact(),
    allowAll: allowAll.compact(),
    denySome: denySome.compact(),
    denyConditional: denyConditional.compact(),
    denyAll: denyAll.compact(),
    unknownActions,
  };
}
