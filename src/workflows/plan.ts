import type { RightsizeConfig } from '../config/index.js';
import { hasFindingFilters, type WorkflowCondition, type WorkflowConfig } from '../config/workflows.js';
import { SEVERITIES } from '../risks/types.js';
import type { FindingRecord } from '../store/index.js';
import type { WorkflowEvent } from './events.js';
import { resolveOwner } from './owner.js';

/** A workflow that an event matches. For scan events, `event.findings` holds only the findings that matched. */
export interface PlannedRun {
  workflow: WorkflowConfig;
  event: WorkflowEvent;
}

export interface MatchContext {
  config: Pick<RightsizeConfig, 'accounts' | 'ownership'>;
  /** Account id → when its baseline scan finished (newOnly). */
  baselines: ReadonlyMap<string, string>;
}

/** Which workflows each event fires, in workflow order then event order. Pure. */
export function planRuns(
  workflows: readonly WorkflowConfig[],
  events: readonly WorkflowEvent[],
  ctx: MatchContext,
): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const workflow of workflows) {
    if (!workflow.enabled) continue;
    for (const event of events) {
      const run = matchEvent(workflow, event, ctx);
      if (run) runs.push(run);
    }
  }
  return runs;
}

function matchEvent(workflow: WorkflowConfig, event: WorkflowEvent, ctx: MatchContext): PlannedRun | undefined {
  const trigger = workflow.when;
  if (trigger.event !== event.name) return undefined;
  const condition = workflow.if;
  if (condition.schedules && !(event.schedule && condition.schedules.includes(event.schedule))) return undefined;
  if (event.kind === 'finding') {
    if (trigger.event === 'finding.age' && (event.ageDays ?? 0) <= trigger.days) return undefined;
    return findingMatches(condition, event.finding, ctx) ? { workflow, event } : undefined;
  }
  if (!accountMatches(condition, event.accountId, ctx)) return undefined;
  if (event.name === 'scan.failed') return { workflow, event };
  const findings = event.findings.filter(
    (f) => findingMatches(condition, f, ctx) && (!condition.newOnly || event.changedIds.has(f.id)),
  );
  // A scan without finding filters always fires; with them, only when some finding matches.
  if (hasFindingFilters(condition) && findings.length === 0) return undefined;
  return { workflow, event: { ...event, findings } };
}

export function findingMatches(condition: WorkflowCondition, finding: FindingRecord, ctx: MatchContext): boolean {
  if (condition.rules && !condition.rules.includes(finding.ruleId)) return false;
  if (condition.minSeverity && SEVERITIES.indexOf(finding.severity) > SEVERITIES.indexOf(condition.minSeverity))
    return false;
  if (!accountMatches(condition, finding.accountId, ctx)) return false;
  if (condition.resourceTypes && !condition.resourceTypes.includes(finding.resourceType)) return false;
  for (const [key, value] of Object.entries(condition.tags ?? {})) {
    const actual = finding.tags?.[key];
    if (actual === undefined || (value !== '*' && actual !== value)) return false;
  }
  if (condition.owners) {
    const owner = resolveOwner(finding.tags, ctx.config.ownership);
    const names = condition.owners.map((o) => o.toLowerCase());
    if (
      !owner ||
      !(names.includes(owner.team.toLowerCase()) || (owner.slack && condition.owners.includes(owner.slack)))
    )
      return false;
  }
  if (condition.newOnly) {
    const baseline = ctx.baselines.get(finding.accountId);
    if (!baseline || finding.firstSeen <= baseline) return false;
  }
  return true;
}

function accountMatches(condition: WorkflowCondition, accountId: string, ctx: MatchContext): boolean {
  if (!condition.accounts) return true;
  return condition.accounts.some((ref) => {
    if (ref === accountId) return true;
    return ctx.config.accounts.some((a) => a.id === accountId && a.name === ref);
  });
}
