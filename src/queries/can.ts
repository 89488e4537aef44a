import type { ConditionContext } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import type { AccessIndex } from './access-index.js';
import { decideEach, explain, partialScope, principalRef, requestFor, resolveActions } from './evaluate.js';
import { resourceLimits } from './limits.js';
import type { ActionDecision, CanAnswer, PartialScope, QueryContext, Verdict } from './types.js';

/** Decisions listed in full up to this many actions; beyond it the allowed and conditional ones first. */
const MAX_DECISIONS = 40;

/**
 * `can P do X on R?`: every action the pattern names, decided by the engine for this principal, with the
 * deciding statements. Allowed, denied, conditional, or partly allowed (some of the actions, or part of
 * a wildcard resource).
 */
export function can(
  index: AccessIndex,
  principal: Principal,
  action: string,
  resource = '*',
  context?: { given: QueryContext; keys: ConditionContext },
): CanAnswer {
  const { engine } = index;
  const actions = resolveActions(engine, action);
  const decisions: ActionDecision[] = [];
  const partial: PartialScope[] = [];
  const counts = { actions: actions.indices.length, allowed: 0, conditional: 0, denied: 0 };
  const base = requestFor(principal, index.snapshot.accountId, '', resource, context?.keys);
  decideEach(engine, principal, actions, base, (i, name, evaluated) => {
    const decision = explain(principal, name, resource, evaluated);
    decisions.push(decision);
    if (decision.outcome === 'allow') counts.allowed++;
    else if (decision.outcome === 'conditional' && evaluated.best === 'allow') counts.conditional++;
    else counts.denied++;
    partial.push(
      ...partialScope(engine, principal, i, name, resource, decision.outcome === 'allow' ? 'Deny' : 'Allow'),
    );
  });
  return {
    principal: principalRef(principal),
    action,
    resource,
    context: context?.given ?? {},
    verdict: verdictOf(counts, partial),
    counts,
    decisions: shortList(decisions),
    partial,
    limits: resourceLimits(index.snapshot.accountId, actions.names, resource),
  };
}

function verdictOf(counts: CanAnswer['counts'], partial: readonly PartialScope[]): Verdict {
  if (counts.allowed === counts.actions) return partial.length > 0 ? 'partly allowed' : 'allowed';
  if (counts.allowed > 0 || partial.some((p) => p.effect === 'Allow')) return 'partly allowed';
  if (counts.conditional > 0) return 'conditional';
  return 'denied';
}

function shortList(decisions: ActionDecision[]): ActionDecision[] {
  if (decisions.length <= MAX_DECISIONS) return decisions;
  const rank = { allow: 0, conditional: 1, 'explicit-deny': 2, 'implicit-deny': 3 } as const;
  return [...decisions].sort((a, b) => rank[a.outcome] - rank[b.outcome]).slice(0, MAX_DECISIONS);
}
