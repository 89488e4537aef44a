import type { PolicyEngine, PrincipalPolicies, RequestDecision } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import type { UsageModel } from '../usage/types.js';
import { scopeFor } from './resources.js';
import { keptWithoutRecord, suggestedPrincipalPolicies } from './suggest.js';
import type { Suggestion } from './types.js';

export interface VerificationFailure {
  action: string;
  /** The resource the request was evaluated on; "any" when usage named none. */
  resource: string;
  today: RequestDecision['best'];
  suggested: RequestDecision['best'] | 'not allowed on any resource';
}

export interface Verification {
  ok: boolean;
  /** Used actions (and service-level-only actions) checked. */
  checked: number;
  failures: VerificationFailure[];
}

/**
 * Evaluates every action the usage data shows as used (and every provisioned action of a service used
 * without action detail) against the suggestion with the engine: anything today's policies allow must stay
 * allowed, on each resource it was used on. Pure.
 */
export function verifySuggestion(
  engine: PolicyEngine,
  principal: Principal,
  suggestion: Suggestion,
  model: UsageModel,
): Verification {
  const catalog = engine.catalog;
  const today = principal.policies;
  const after = suggestedPrincipalPolicies(principal, suggestion);
  const todayAllowed = engine.effectivePermissions(today).allowed;
  const afterEffective = engine.effectivePermissions(after);
  const variables = new Map<string, string>();
  if (principal.kind === 'user') variables.set('aws:username', principal.name);
  const failures: VerificationFailure[] = [];
  const usage = model.usageOf(principal.arn);
  const checks = new Map<number, string[]>();
  for (const a of usage.actions) if (todayAllowed.has(a.index)) checks.set(a.index, a.resourceArns);
  for (const i of keptWithoutRecord(catalog, suggestion.notes))
    if (todayAllowed.has(i) && !checks.has(i)) checks.set(i, []);
  for (const [index, arns] of checks) {
    const action = catalog.action(index);
    if (!afterEffective.allowed.has(index)) {
      failures.push({ action: action.key, resource: 'any', today: 'allow', suggested: 'not allowed on any resource' });
      continue;
    }
    for (const resource of scopeFor(action, arns) ?? []) {
      const before = decide(engine, today, action.key, resource, variables);
      const now = decide(engine, after, action.key, resource, variables);
      if (before === 'allow' && now !== 'allow')
        failures.push({ action: action.key, resource, today: before, suggested: now });
    }
  }
  return { ok: failures.length === 0, checked: checks.size, failures };
}

function decide(
  engine: PolicyEngine,
  policies: PrincipalPolicies,
  action: string,
  resource: string,
  variables: ReadonlyMap<string, string>,
): RequestDecision['best'] {
  return engine.evaluateRequest(policies, { action, resource, variables }).best;
}
