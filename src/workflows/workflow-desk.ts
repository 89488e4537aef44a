import type { RightsizeConfig } from '../config/index.js';
import { describeTrigger } from '../config/workflows.js';
import { WorkflowActionError } from '../errors.js';
import type { Actor, StateStore, WorkflowRunRecord } from '../store/index.js';
import { NOT_AVAILABLE, type FixExecutor } from './executors.js';

export interface WorkflowOverview {
  workflows: { name: string; when: string; enabled: boolean }[];
  /** Newest first. */
  runs: WorkflowRunRecord[];
}

/** What the Slack app shows of workflows, and the Rollback an automatic fix offers. */
export interface WorkflowDesk {
  overview(options?: { workflow?: string; failedOnly?: boolean; limit?: number }): Promise<WorkflowOverview>;
  /** Rolls back a fix a workflow applied; the fix executor checks who may and records it. */
  rollbackFix(fixId: string, by: Actor): Promise<string>;
}

/** Reads runs from the state file (re-read when the scheduler process wrote it). */
export class StoreWorkflowDesk implements WorkflowDesk {
  constructor(
    private readonly store: StateStore,
    private readonly config: RightsizeConfig,
    private readonly fixes: FixExecutor | undefined,
  ) {}

  async overview(options: { workflow?: string; failedOnly?: boolean; limit?: number } = {}): Promise<WorkflowOverview> {
    const state = await this.store.reload();
    return {
      workflows: this.config.workflows.map((w) => ({
        name: w.name,
        when: describeTrigger(w.when),
        enabled: w.enabled,
      })),
      runs: selectRuns(state.workflowRuns, options),
    };
  }

  async rollbackFix(fixId: string, by: Actor): Promise<string> {
    if (!this.fixes) throw new WorkflowActionError(`cannot roll back fix ${fixId}: ${NOT_AVAILABLE.fixes}`);
    return (await this.fixes.rollback(fixId, { requestedBy: by })).summary;
  }
}

/** Runs newest first, optionally of one workflow or only those with failures. */
export function selectRuns(
  runs: readonly WorkflowRunRecord[],
  options: { workflow?: string; failedOnly?: boolean; limit?: number },
): WorkflowRunRecord[] {
  const failed = (r: WorkflowRunRecord) => r.status !== 'ok' && r.status !== 'running';
  return runs
    .filter((r) => (!options.workflow || r.workflow === options.workflow) && (!options.failedOnly || failed(r)))
    .reverse()
    .slice(0, options.limit ?? 20);
}
