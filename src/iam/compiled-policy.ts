import type { ActionSet } from './action-set.js';
import type { ActionPatternIndex } from './action-pattern.js';
import { compileResourcePattern, type ResourcePattern } from './arn.js';
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
  resources: readonly ResourcePattern[];
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
  /** Actions some Deny statement may deny (any resource, any condition). */
  denySome: ActionSet;
  /** Actions an unconditional Deny denies on every resource. */
  denyAll: ActionSet;
  unknownActions: UnknownAction[];
}

export function compilePolicy(document: PolicyDocument, patterns: ActionPatternIndex): CompiledPolicy {
  const catalog = patterns.catalog;
  const policy: CompiledPolicy = {
    statements: [],
    allowSome: catalog.emptySet(),
    allowAll: catalog.emptySet(),
    denySome: catalog.emptySet(),
    denyAll: catalog.emptySet(),
    unknownActions: [],
  };
  document.Statement.forEach((statement, index) => {
    const notAction = statement.Action === undefined;
    const actions = catalog.emptySet();
    for (const pattern of statement.Action ?? statement.NotAction ?? []) {
      const match = patterns.match(pattern);
      actions.addAll(match.actions);
      if (match.unknown) policy.unknownActions.push({ pattern, kind: match.unknown.kind, statementIndex: index });
    }
    if (notAction) actions.invert();

    const notResource = statement.Resource === undefined && statement.NotResource !== undefined;
    const resources = (statement.Resource ?? statement.NotResource ?? []).map(compileResourcePattern);
    const allResources = !notResource && resources.some((r) => r.matchesAll);
    const hasCondition = statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
    const conditional = hasCondition || resources.some((r) => r.variables.length > 0);
    const compiled: CompiledStatement = {
      index,
      effect: statement.Effect,
      actions,
      notAction,
      resources,
      notResource,
      allResources,
      conditional,
      hasCondition,
      source: statement,
    };
    if (statement.Sid !== undefined) compiled.sid = statement.Sid;
    policy.statements.push(compiled);

    if (statement.Effect === 'Allow') {
      policy.allowSome.addAll(actions);
      if (allResources && !conditional) policy.allowAll.addAll(actions);
    } else {
      // A Deny with NotResource still denies something for every action it names.
      policy.denySome.addAll(actions);
      if (allResources && !conditional) policy.denyAll.addAll(actions);
    }
  });
  return policy;
}
