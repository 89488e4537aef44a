import type { RightsizeConfig } from '../config/index.js';
import { describeTrigger } from '../config/workflows.js';
import { RightsizeError } from '../errors.js';
import type { StateStore, WorkflowRunRecord, WorkflowStep } from '../store/index.js';
import { workflowActor } from '../store/index.js';
import { ACTION_HANDLERS, type ActionContext } from './actions/index.js';
import type { ActionOf } from './actions/context.js';
import type { WorkflowEvent } from './events.js';
import type { ActionExecutors } from './executors.js';
import type { PlannedRun } from './plan.js';
import type { ActionName } from '../config/workflows.js';

export interface RunEnvironment {
  config: RightsizeConfig;
  store: StateStore;
  executors: ActionExecutors;
  now: () => Date;
  webhookBackoffMs: number;
}

/** The record a run starts with (status `running`, no steps yet). */
export function startRecord(planned: PlannedRun, id: string, at: Date): WorkflowRunRecord {
  return {
    id,
    workflow: planned.workflow.name,
    trigger: describeTrigger(planned.workflow.when),
    eventKey: planned.event.key,
    ...subjectOf(planned.event),
    startedAt: at.toISOString(),
    status: 'running',
    steps: [],
  };
}

export function subjectOf(event: WorkflowEvent): Pick<WorkflowRunRecord, 'subject' | 'subjectLabel' | 'accountId'> {
  if (event.kind === 'finding')
    return { subject: event.finding.id, subjectLabel: event.finding.title, accountId: event.finding.accountId };
  const label =
    event.name === 'scan.failed'
      ? `scan of ${event.accountId} failed`
      : `scan ${event.scan?.id ?? ''}: ${event.findings.length} matching open finding(s)`;
  return { subject: event.scan?.id ?? event.accountId, subjectLabel: label, accountId: event.accountId };
}

/**
 * Runs a workflow's actions in order. A failed action does not stop the ones after it (they seldom depend on
 * it: a DM is still worth sending when Jira is down), unless it says `onFailure: stop`.
 */
export async function executeActions(
  planned: PlannedRun,
  runId: string,
  env: RunEnvironment,
): Promise<{ status: WorkflowRunRecord['status']; steps: WorkflowStep[] }> {
  const steps: WorkflowStep[] = [];
  let stoppedBy: string | undefined;
  for (const [step, action] of planned.workflow.then.entries()) {
    if (stoppedBy) {
      steps.push({
        action: action.action,
        status: 'skipped',
        detail: `not run: ${stoppedBy} failed (onFailure: stop)`,
      });
      continue;
    }
    const ctx: ActionContext = {
      workflow: planned.workflow,
      event: planned.event,
      runId,
      step,
      executors: env.executors,
      store: env.store,
      config: env.config,
      now: env.now,
      actor: workflowActor(planned.workflow.name),
      webhookBackoffMs: env.webhookBackoffMs,
    };
    try {
      const handler = ACTION_HANDLERS[action.action] as {
        run(a: ActionOf<ActionName>, c: ActionContext): Promise<string>;
      };
      steps.push({ action: action.action, status: 'ok', detail: await handler.run(action, ctx) });
    } catch (e) {
      steps.push({ action: action.action, status: 'failed', detail: failureText(e) });
      if (action.onFailure === 'stop') stoppedBy = action.action;
    }
  }
  const ok = steps.filter((s) => s.status === 'ok').length;
  return { status: ok === steps.length ? 'ok' : ok === 0 ? 'failed' : 'partial', steps };
}

export function failureText(e: unknown): string {
  if (e instanceof RightsizeError) return e.hint ? `${e.message} (${e.hint})` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
