import type { ActionSet, PolicyEngine, PrincipalPolicies, StatementRef } from '../iam/index.js';
import { statementEvidence } from './capability.js';
import type { Evidence } from './types.js';

/**
 * The statements of a principal's identity policies that unconditionally allow any of `actions`
 * on every resource: the lines a person opens to see why a rule fired.
 */
export function grantingStatements(
  engine: PolicyEngine,
  policies: PrincipalPolicies,
  actions: ActionSet,
  limit = 5,
): Evidence[] {
  const candidates: { ref: StatementRef; weight: number }[] = [];
  let top = 0;
  for (const policy of policies.identity) {
    for (const statement of engine.compile(policy).statements) {
      if (statement.effect !== 'Allow' || !statement.allResources || statement.conditional) continue;
      const weight = statement.actions.intersectionCount(actions);
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
