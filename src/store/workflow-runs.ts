import type { Actor, StateData, WorkflowRunRecord, WorkflowStep } from './types.js';

/** How many runs the state keeps (the audit log keeps a line for every run). */
export const KEPT_WORKFLOW_RUNS = 2000;

export function firedKey(workflow: string, eventKey: string): string {
  return `${workflow}\u0000${eventKey}`;
}

/** The (workflow, event) pairs that already fired. */
export function firedKeys(state: Pick<StateData, 'workflowFired'>): Set<string> {
  return new Set(state.workflowFired.map((f) => firedKey(f.workflow, f.eventKey)));
}

/**
 * Records that a workflow fires for an event, before any action runs: a crash mid-run leaves the run
 * `running` (later `interrupted`) rather than firing it again on restart. At most once, by design: a
 * duplicate Jira issue or a second DM is worse than a run a person can see was interrupted.
 */
export function applyWorkflowStart(state: StateData, run: WorkflowRunRecord): void {
  state.workflowFired.push({ workflow: run.workflow, eventKey: run.eventKey, at: run.startedAt, runId: run.id });
  state.workflowRuns.push(run);
  trimRuns(state);
}

export function applyWorkflowFinish(
  state: StateData,
  runId: string,
  outcome: { status: WorkflowRunRecord['status']; steps: WorkflowStep[]; finishedAt: string },
): WorkflowRunRecord | undefined {
  const run = state.workflowRuns.find((r) => r.id === runId);
  if (!run) return undefined;
  Object.assign(run, outcome);
  state.audit.push({
    at: outcome.finishedAt,
    actor: workflowActor(run.workflow),
    action: 'workflow',
    subject: run.subject,
    detail: `${run.workflow} (${run.trigger}): ${run.status}; ${run.steps.map((s) => `${s.action} ${s.status}`).join(', ')}`,
  });
  return { ...run };
}

/** Runs left `running` by a process that stopped mid-run: said so, never re-run. */
export function applyInterrupted(state: StateData, now: string): number {
  let count = 0;
  for (const run of state.workflowRuns) {
    if (run.status !== 'running') continue;
    run.status = 'interrupted';
    run.finishedAt = now;
    run.steps.push({ action: '-', status: 'skipped', detail: 'Rightsize stopped during this run; it is not repeated' });
    count++;
  }
  return count;
}

/** A workflow's events that the rate limit held back: one record, so the flood is visible but not repeated. */
export function applyRateLimited(state: StateData, run: WorkflowRunRecord, skipped: number): void {
  state.workflowRuns.push(run);
  trimRuns(state);
  state.audit.push({
    at: run.startedAt,
    actor: workflowActor(run.workflow),
    action: 'workflow',
    subject: run.subject,
    detail: `${run.workflow} (${run.trigger}): rate-limited; ${skipped} event(s) not run`,
  });
}

export function workflowActor(workflow: string): Actor {
  return { id: `workflow:${workflow}`, via: 'workflow' };
}

function trimRuns(state: StateData): void {
  const excess = state.workflowRuns.length - KEPT_WORKFLOW_RUNS;
  if (excess > 0) state.workflowRuns.splice(0, excess);
}
