import type { Evidence, RuleContext } from '../types.js';
import {
  ANY_PERMISSION,
  buildEscalationGraph,
  buildNavigableEscalationGraph,
  type EscalationGraph,
  type EscalationPath,
  type NavigableEscalationGraph,
} from './graph.js';

/** The escalation graph of this scan, built once and shared by every rule that asks. */
export function escalationGraph(ctx: RuleContext): EscalationGraph {
  return ctx.shared('escalation-graph', () => buildEscalationGraph(ctx));
}

/** The same graph with its edges kept, for access queries: built once per context, apart from the rules' lean one. */
export function navigableEscalationGraph(ctx: RuleContext): NavigableEscalationGraph {
  return ctx.shared('navigable-escalation-graph', () => buildNavigableEscalationGraph(ctx));
}

/** A path as evidence: one line per step, then the statements that allow each step. */
export function pathEvidence(ctx: RuleContext, path: EscalationPath): Evidence[] {
  const name = (arn: string) => {
    if (arn === ANY_PERMISSION) return 'any permission';
    const p = ctx.index.get(arn);
    return p ? `${p.kind} ${p.name}` : arn;
  };
  const evidence: Evidence[] = path.steps.map((step, i) => ({
    summary: `step ${i + 1}: ${name(step.from)} → ${name(step.to)}: ${step.title}${step.conditional ? ` [only when conditions hold${keyList(step.conditionKeys)}]` : ''}${step.assumption ? ` [assumes ${step.assumption}]` : ''}`,
    target: step.to,
    actions: step.actions.map((a) => a.action),
  }));
  for (const step of path.steps) for (const action of step.actions) evidence.push(...action.evidence.slice(0, 1));
  if (path.reachesLevel)
    evidence.push({
      summary: `${name(path.reaches)} is ${path.reachesLevel === 'full' ? 'a full administrator' : 'an IAM administrator'}`,
      target: path.reaches,
    });
  return evidence;
}

/** ": aws:MultiFactorAuthPresent, aws:SourceIp" for the keys a conditional step depends on, when known. */
export function keyList(keys: readonly string[] | undefined): string {
  return keys && keys.length > 0 ? `: ${keys.join(', ')}` : '';
}
