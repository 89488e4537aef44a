import { CompactUnion, type ActionSet } from './action-set.js';
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

/** Working space reused across policies, so that compiling thousands of them allocates only their results. */
export class Scratch {
  /** Dense, to complement NotAction lists in. */
  private readonly dense: ActionSet;
  private readonly unions: CompactUnion[];
  /** NotAction complements by the named set's contents: policies repeat the same few NotAction lists. */
  private readonly complements = new Map<string, ActionSet>();

  constructor(catalog: ActionCatalog) {
    this.dense = catalog.emptySet();
    this.unions = Array.from({ length: 5 }, () => new CompactUnion(catalog.size));
  }

  /** Every catalog action not in `named` (compact), as a compact set. */
  complement(named: ActionSet): ActionSet {
    const key = named.contentKey();
    let complement = this.complements.get(key);
    if (!complement) {
      complement = this.dense.clear().addAll(named).invert().compact();
      this.complements.set(key, complement);
    }
    return complement;
  }

  /** The first n union builders, emptied (the same builders every time: no allocation). */
  takeUnions(n: number): readonly CompactUnion[] {
    if (n > this.unions.length) throw new RangeError(`Scratch has ${this.unions.length} unions`);
    for (let i = 0; i < n; i++) this.unions[i]!.reset();
    return this.unions;
  }
}

export function compilePolicy(
  document: PolicyDocument,
  patterns: ActionPatternIndex,
  scratch: Scratch,
): CompiledPolicy {
  const unknownActions: UnknownAction[] = [];
  const statements = document.Statement.map((statement, index) =>
    compileStatement(statement, index, patterns, scratch, unknownActions),
  );
  const [allowSome, allowAll, denySome, denyAll, denyConditional] = scratch.takeUnions(5) as [
    CompactUnion,
    CompactUnion,
    CompactUnion,
    CompactUnion,
    CompactUnion,
  ];
  for (const statement of statements) {
    const actions = statement.actions;
    if (statement.effect === 'Allow') {
      allowSome.add(actions);
      if (statement.allResources && !statement.conditional) allowAll.add(actions);
    } else if (statement.conditional) {
      denyConditional.add(actions);
    } else {
      // A Deny with NotResource still denies something for every action it names.
      denySome.add(actions);
      if (statement.allResources) denyAll.add(actions);
    }
  }
  // A single statement, the common case, makes each union its own set or empty: nothing is copied.
  return {
    statements,
    allowSome: allowSome.take(),
    allowAll: allowAll.take(),
    denySome: denySome.take(),
    denyConditional: denyConditional.take(),
    denyAll: denyAll.take(),
    unknownActions,
  };
}

function compileStatement(
  statement: Statement,
  index: number,
  patterns: ActionPatternIndex,
  scratch: Scratch,
  unknownActions: UnknownAction[],
): CompiledStatement {
  const notAction = statement.Action === undefined;
  const [named] = scratch.takeUnions(1) as [CompactUnion];
  for (const pattern of statement.Action ?? statement.NotAction ?? []) {
    const match = patterns.match(pattern);
    named.add(match.actions);
    if (match.unknown) unknownActions.push({ pattern, kind: match.unknown.kind, statementIndex: index });
  }
  const notResource = statement.Resource === undefined && statement.NotResource !== undefined;
  const resources = statement.Resource ?? statement.NotResource ?? [];
  const hasCondition = statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
  const compiled: CompiledStatement = {
    index,
    effect: statement.Effect,
    actions: notAction ? scratch.complement(named.take()) : named.take(),
    notAction,
    resources,
    notResource,
    allResources: !notResource && resources.includes('*'),
    conditional: hasCondition || resources.some((r) => r.includes('${')),
    hasCondition,
    source: statement,
  };
  if (statement.Sid !== undefined) compiled.sid = statement.Sid;
  return compiled;
}
