import type { ConditionContext, RequestDecision } from '../iam/index.js';
import type { EscalationPath } from '../risks/escalation/graph.js';
import type { Principal } from '../snapshot/index.js';
import type { AccessIndex, PolicyGroup } from './access-index.js';
import {
  decideEach,
  label,
  partialScope,
  principalRef,
  requestFor,
  resolveActions,
  type ActionQuery,
} from './evaluate.js';
import { resourceLimits } from './limits.js';
import { pathSteps, reachesName } from './steps.js';
import type { ConditionalGrant, DirectGrant, EscalationGrant, QueryContext, Via, WhoCanAnswer } from './types.js';

/** Actions listed per principal; the count says how many more. */
const LISTED_ACTIONS = 5;
const LISTED_STATEMENTS = 3;

export interface WhoCanOptions {
  via?: Via;
  context?: { given: QueryContext; keys: ConditionContext };
}

/**
 * Every principal that can perform the action (pattern) on the resource: directly (the statements that
 * allow it), conditionally (the condition keys that decide), and through escalation (the fewest steps to
 * a principal that can, or to administrator, on the escalation findings' graph). Each distinct policy set
 * is evaluated once, by the engine that `can` and `permissions` use.
 */
export function whoCan(index: AccessIndex, action: string, resource = '*', options: WhoCanOptions = {}): WhoCanAnswer {
  const via = options.via ?? 'all';
  const actions = resolveActions(index.engine, action);
  const direct: DirectGrant[] = [];
  const conditional: ConditionalGrant[] = [];
  for (const group of index.groups) {
    if (!group.effective.allowed.intersects(actions.set)) continue;
    for (const members of evaluationUnits(group, options.context !== undefined)) {
      const found = evaluate(index, members[0]!, actions, resource, options.context?.keys);
      for (const principal of members) {
        if (found.direct) direct.push({ ...found.direct, principal: principalRef(principal) });
        else if (found.conditional) conditional.push({ ...found.conditional, principal: principalRef(principal) });
      }
    }
  }
  const byName = (a: { principal: { kind: string; name: string } }, b: typeof a) =>
    a.principal.kind.localeCompare(b.principal.kind) || a.principal.name.localeCompare(b.principal.name);
  direct.sort(byName);
  conditional.sort(byName);
  const escalation = via === 'direct' ? [] : throughEscalation(index, direct, conditional).sort(byName);
  return {
    action,
    resource,
    context: options.context?.given ?? {},
    via,
    actionCount: actions.indices.length,
    principals: index.principalCount,
    direct: via === 'escalation' ? [] : direct,
    conditional: via === 'escalation' ? [] : conditional,
    escalation,
    limits: resourceLimits(index.snapshot.accountId, actions.names, resource, true),
  };
}

/** Members evaluated together: the whole group, or one by one when an answer depends on who asks. */
function evaluationUnits(group: PolicyGroup, withContext: boolean): Principal[][] {
  const alone = group.variables || (withContext && group.conditions);
  return alone ? group.principals.map((p) => [p]) : [group.principals];
}

interface Found {
  direct?: Omit<DirectGrant, 'principal'>;
  conditional?: Omit<ConditionalGrant, 'principal'>;
}

function evaluate(
  index: AccessIndex,
  principal: Principal,
  actions: ActionQuery,
  resource: string,
  context: ConditionContext | undefined,
): Found {
  const { engine } = index;
  const allowed = index.ctx.effective(principal).allowed;
  const yes: string[] = [];
  const maybe: string[] = [];
  const statements = new Set<string>();
  const conditionalStatements = new Set<string>();
  const keys = new Set<string>();
  const onPart = new Set<string>();
  let conditionHeld = false;
  const base = requestFor(principal, index.snapshot.accountId, '', resource, context);
  const seen = new Set<RequestDecision>();
  decideEach(
    engine,
    principal,
    actions,
    base,
    (i, name, decision) => {
      // Actions of one class share their decision object: its statements are read once.
      const fresh = !seen.has(decision);
      seen.add(decision);
      if (decision.outcome === 'allow') {
        yes.push(name);
        if (fresh)
          for (const m of decision.matched)
            if (m.role === 'identity' && m.statement.effect === 'Allow' && !m.statement.conditional) {
              if (statements.size < LISTED_STATEMENTS) statements.add(label(m).text);
              if (m.statement.hasCondition) conditionHeld = true;
            }
      } else if (decision.outcome === 'conditional' && decision.best === 'allow') {
        maybe.push(name);
        if (fresh)
          // The Allow that grants it, then the statements whose conditions decide (an Allow's, or a guardrail Deny's).
          for (const m of [...decision.matched].sort(
            (a, b) => Number(a.statement.conditional) - Number(b.statement.conditional),
          ))
            if (m.statement.conditional) {
              for (const key of m.deciding ?? []) keys.add(key);
              if (conditionalStatements.size < LISTED_STATEMENTS) conditionalStatements.add(label(m).text);
            } else if (
              m.role === 'identity' &&
              m.statement.effect === 'Allow' &&
              conditionalStatements.size < LISTED_STATEMENTS - 1
            )
              conditionalStatements.add(label(m).text);
      } else if (decision.outcome !== 'explicit-deny') {
        for (const p of partialScope(engine, principal, i, name, resource, 'Allow')) {
          onPart.add(p.resource);
          if (statements.size < LISTED_STATEMENTS) statements.add(p.statement.text);
          if (!yes.includes(name)) yes.push(name);
        }
      }
    },
    (i) => allowed.has(i),
  );
  if (yes.length > 0) {
    const grant: Omit<DirectGrant, 'principal'> = {
      actions: yes.slice(0, LISTED_ACTIONS),
      actionCount: yes.length,
      statements: [...statements],
      condition: conditionHeld ? 'holds in the given context' : 'none',
    };
    if (onPart.size > 0) grant.onPart = [...onPart];
    return { direct: grant };
  }
  if (maybe.length > 0)
    return {
      conditional: {
        actions: maybe.slice(0, LISTED_ACTIONS),
        actionCount: maybe.length,
        keys: [...keys],
        statements: [...conditionalStatements],
      },
    };
  return {};
}

/**
 * Principals that can become one that can (or an administrator, who can grant itself anything): one
 * backwards search from those principals over the escalation graph, then the escalation findings' own
 * path to administrator; the fewer steps wins, certain paths before conditional ones.
 */
function throughEscalation(
  index: AccessIndex,
  direct: readonly DirectGrant[],
  conditional: readonly ConditionalGrant[],
): EscalationGrant[] {
  const graph = index.escalation();
  const already = new Set([...direct, ...conditional].map((g) => g.principal.arn));
  const conditionalTargets = new Set(conditional.map((g) => g.principal.arn));
  const toCan = graph.pathsTowards(already);
  const out: EscalationGrant[] = [];
  for (const principal of index.accounts.principals) {
    if (already.has(principal.arn)) continue;
    const best = better(toCan(principal.arn), graph.pathOf(principal.arn));
    if (!best) continue;
    const endsConditional = conditionalTargets.has(best.reaches);
    out.push({
      principal: principalRef(principal),
      reaches: reachesName(index, best),
      steps: pathSteps(index, best),
      conditional: best.conditional || best.assumptions.length > 0 || endsConditional,
    });
  }
  return out;
}

function better(a: EscalationPath | undefined, b: EscalationPath | undefined): EscalationPath | undefined {
  if (!a || !b) return a ?? b;
  const cost = (p: EscalationPath) => (p.conditional || p.assumptions.length > 0 ? 1000 : 0) + p.steps.length;
  return cost(b) < cost(a) ? b : a;
}
