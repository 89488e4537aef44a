import type { RightsizeConfig } from '../config/index.js';
import { describeTrigger, type ActionName, type WorkflowConfig } from '../config/workflows.js';
import { NotFoundError } from '../errors.js';
import { firedKey, workflowActor, type ScanRecord, type StateStore } from '../store/index.js';
import { ACTION_HANDLERS, type ActionContext } from './actions/index.js';
import type { ActionOf } from './actions/context.js';
import { ageEvents, baselines, latestScanChanges, scanEvents, type WorkflowEvent } from './events.js';
import type { ActionExecutors } from './executors.js';
import { planRuns } from './plan.js';
import { subjectOf } from './run.js';

export interface DryRunFiring {
  event: WorkflowEvent;
  subjectLabel: string;
  /** When it already fired: it would not fire again. */
  firedAt?: string;
  /** What each action would do, in order. */
  actions: { action: ActionName; would: string }[];
}

export interface DryRun {
  workflow: WorkflowConfig;
  /** The latest recorded scan of each account, which the events come from. */
  scans: ScanRecord[];
  firings: DryRunFiring[];
  /** Runs left for the rate limit's current window. */
  room: number;
  notes: string[];
}

/**
 * What a workflow would do with the latest recorded scans (and finding ages as of `now`): which events would
 * fire it, which already did, and what each action would do. Reads the state; changes nothing anywhere.
 */
export async function dryRunWorkflow(
  name: string,
  env: { config: RightsizeConfig; store: StateStore; executors: ActionExecutors; now: Date },
): Promise<DryRun> {
  const workflow = env.config.workflows.find((w) => w.name === name);
  if (!workflow)
    throw new NotFoundError(`no workflow "${name}" in the config`, {
      hint: `workflows: ${env.config.workflows.map((w) => w.name).join(', ') || 'none (add a workflows section)'}`,
    });
  const state = env.store.data;
  const changes = latestScanChanges(state);
  const events: WorkflowEvent[] = [...changes.flatMap(scanEvents), ...ageEvents(state, env.now)];
  const planned = planRuns([{ ...workflow, enabled: true }], events, {
    config: env.config,
    baselines: baselines(state),
  });
  const fired = new Map(state.workflowFired.map((f) => [firedKey(f.workflow, f.eventKey), f.at]));
  const firings: DryRunFiring[] = [];
  for (const run of planned) {
    const firedAt = fired.get(firedKey(workflow.name, run.event.key));
    const actions = [];
    for (const [step, action] of workflow.then.entries()) {
      const ctx: ActionContext = {
        workflow,
        event: run.event,
        runId: 'dry-run',
        step,
        executors: env.executors,
        store: env.store,
        config: env.config,
        now: () => env.now,
        actor: workflowActor(workflow.name),
        webhookBackoffMs: 0,
      };
      const handler = ACTION_HANDLERS[action.action] as {
        describe(a: ActionOf<ActionName>, c: ActionContext): Promise<string>;
      };
      actions.push({ action: action.action, would: await handler.describe(action, ctx) });
    }
    firings.push({
      event: run.event,
      subjectLabel: subjectOf(run.event).subjectLabel,
      ...(firedAt && { firedAt }),
      actions,
    });
  }
  const { maxRuns, perMinutes } = env.config.workflowSettings.rateLimit;
  const since = env.now.getTime() - perMinutes * 60_000;
  const recent = state.workflowRuns.filter((r) => r.status !== 'rate-limited' && Date.parse(r.startedAt) >= since);
  const notes: string[] = [];
  if (!workflow.enabled) notes.push('this workflow is disabled (enabled: false): it does not run');
  if (changes.length === 0) notes.push('no scan is recorded yet: only finding ages could fire it');
  if (workflow.when.event === 'scan.failed')
    notes.push('scan.failed cannot be replayed: failed scans are not recorded');
  return { workflow, scans: changes.map((c) => c.scan), firings, room: Math.max(0, maxRuns - recent.length), notes };
}

export function renderDryRun(result: DryRun): string {
  const { workflow } = result;
  const lines = [
    `workflow ${workflow.name}: when ${describeTrigger(workflow.when)} — dry run, nothing is changed`,
    result.scans.length > 0
      ? `against the latest scans: ${result.scans.map((s) => `${s.id} (${s.finishedAt})`).join(', ')}`
      : 'against: no recorded scans',
    ...result.notes.map((n) => `note: ${n}`),
  ];
  const fresh = result.firings.filter((f) => !f.firedAt);
  const done = result.firings.filter((f) => f.firedAt);
  lines.push(
    '',
    fresh.length === 0 ? 'would not fire.' : `would fire ${fresh.length} time${fresh.length === 1 ? '' : 's'}:`,
  );
  for (const [i, firing] of fresh.entries()) {
    const limited = i >= result.room ? ' [over the rate limit now: would be skipped]' : '';
    lines.push(`  ${firing.event.name} · ${firing.subjectLabel} (${firing.event.key})${limited}`);
    for (const [n, a] of firing.actions.entries()) lines.push(`    ${n + 1}. ${a.action}: ${a.would}`);
  }
  if (done.length > 0) {
    lines.push('', `already fired, not again: ${done.length}`);
    for (const firing of done.slice(0, 20)) lines.push(`  ${firing.event.key} (fired ${firing.firedAt})`);
    if (done.length > 20) lines.push(`  and ${done.length - 20} more`);
  }
  return lines.join('\n');
}
