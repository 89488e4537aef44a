import {
  coversEveryTarget,
  type ActionSet,
  type CompiledStatement,
  type PolicyEngine,
  type PrincipalPolicies,
  type StatementRef,
  type TargetScope,
} from '../iam/index.js';
import { statementEvidence } from './capability.js';
import type { Evidence } from './types.js';

/**
 * The statements of a principal's identity policies that unconditionally allow any of `actions`
 * on every resource (Resource "*", or every resource of its kind for the actions in `scopes`): the lines a person opens to see why a rule fired.
 */
export function grantingStatements(
  engine: PolicyEngine,
  policies: PrincipalPolicies,
  actions: ActionSet,
  limit = 5,
  /** IAM actions (by catalog index) whose grant on every resource of their kind also counts (policy/*). */
  scopes?: ReadonlyMap<number, TargetScope>,
): Evidence[] {
  const candidates: { ref: StatementRef; weight: number }[] = [];
  let top = 0;
  for (const policy of policies.identity) {
    for (const statement of engine.compile(policy).statements) {
      if (statement.effect !== 'Allow' || statement.conditional) continue;
      const weight = statement.allResources
        ? statement.actions.intersectionCount(actions)
        : scopedWeight(statement, actions, scopes);
      if (weight === 0) continue;
      if (weight > top) top = weight;
      candidates.push({ ref: { policy, statement, role: 'identity' }, weight });
    }
  }
  // The statements that grant most of it; a statement adding a sliver of a large set is noise.
  return candidates
    .filter((c) => c.weight * 10 >= top)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map((c) => statementEvidence(c.ref));
}

/** How many of the scoped actions the statement grants on every resource of their kind. */
function scopedWeight(
  statement: CompiledStatement,
  actions: ActionSet,
  scopes: ReadonlyMap<number, TargetScope> | undefined,
): number {
  let weight = 0;
  if (scopes)
    for (const [i, scope] of scopes)
      if (actions.has(i) && statement.actions.has(i) && coversEveryTarget(statement, scope)) weight++;
  return weight;
}
