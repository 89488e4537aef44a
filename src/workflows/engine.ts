import { randomUUID } from 'node:crypto';
import { createTask, type ScheduledTask } from 'node-cron';
import type { RightsizeConfig } from '../config/index.js';
import { describeTrigger, type WorkflowConfig } from '../config/workflows.js';
import { ConfigError } from '../errors.js';
import type { LineLogger } from '../log.js';
import type { ScanFailure, ScanOutcome, ScanService } from '../scans/scan-service.js';
import {
  applyInterrupted,
  applyRateLimited,
  applyWorkflowFinish,
  applyWorkflowStart,
  firedKey,
  firedKeys,
  type StateStore,
  type WorkflowRunRecord,
} from '../store/index.js';
import {
  ageEvents,
  baselines,
  scanEvents,
  scanFailedEvent,
  scheduleOf,
  type ScanChange,
  type WorkflowEvent,
} from './events.js';
import { NOT_AVAILABLE, type ActionExecutors } from './executors.js';
import { planRuns, type PlannedRun } from './plan.js';
import { executeActions, failureText, startRecord, subjectOf } from './run.js';

export interface WorkflowEngineOptions {
  config: RightsizeConfig;
  store: StateStore;
  executors: ActionExecutors;
  logger: LineLogger;
  now: () => Date;
  /** First wait before a webhook retry (default 1 s; tests shorten it). */
  webhookBackoffMs?: number;
}

/**
 * Runs the configured workflows: after every scan of the scan service it is attached to (lifecycle events,
 * scan.finished, and finding.age for that account), on scan failures, and on `workflowSettings.ageCheck`'s
 * cron (finding.age). One event pass at a time, in order. Every (workflow, event) fires at most once, across
 * restarts; runs beyond the rate limit are recorded as skipped.
 */
export class WorkflowEngine {
  readonly #workflows: readonly WorkflowConfig[];
  #queue: Promise<void> = Promise.resolve();
  #task: ScheduledTask | undefined;

  constructor(private readonly options: WorkflowEngineOptions) {
    this.#workflows = options.config.workflows.filter((w) => w.enabled);
    checkExecutors(options.config, options.executors);
  }

  /** What will fail for want of an integration: said once at start-up, and recorded in each run that meets it. */
  warnings(): string[] {
    const warnings: string[] = [];
    const needs: Record<string, keyof ActionExecutors> = {
      'post-to-channel': 'slack',
      'dm-owner': 'slack',
      'apply-fix': 'fixes',
      'request-fix-approval': 'fixes',
      'create-jira-issue': 'jira',
    };
    for (const workflow of this.#workflows)
      for (const action of workflow.then) {
        const kind = needs[action.action];
        if (kind && !this.options.executors[kind])
          warnings.push(`workflow ${workflow.name}: ${action.action} will fail: ${NOT_AVAILABLE[kind]}`);
      }
    return [...new Set(warnings)];
  }

  /** Listens to a scan service; returns the function that stops listening. */
  attach(scans: ScanService): () => void {
    return scans.subscribe({
      finished: (outcome, request) => void this.scanFinished(outcome, scheduleOf(request.actor.id)),
      failed: (failure) => void this.scanFailed(failure),
    });
  }

  /** Marks runs a previous process left half-done, and starts the finding.age check. */
  async start(): Promise<void> {
    const interrupted = await this.options.store.update((data) =>
      applyInterrupted(data, this.options.now().toISOString()),
    );
    if (interrupted > 0)
      this.options.logger.warn(`workflows: ${interrupted} run(s) were interrupted by a stop; not repeated`);
    for (const warning of this.warnings()) this.options.logger.warn(warning);
    if (!this.#workflows.some((w) => w.when.event === 'finding.age')) return;
    const { cron, timezone } = this.options.config.workflowSettings.ageCheck;
    this.#task = createTask(cron, () => this.checkAges(), {
      name: 'rightsize:workflow-age',
      timezone,
      noOverlap: true,
    });
    void this.#task.start();
  }

  /** Stops the age check and waits for the runs under way. */
  async stop(): Promise<void> {
    await this.#task?.destroy();
    this.#task = undefined;
    await this.idle();
  }

  /** Resolves when every queued event pass is done. */
  async idle(): Promise<void> {
    for (let queue = this.#queue; ; queue = this.#queue) {
      await queue;
      if (queue === this.#queue) return;
    }
  }

  /** A recorded scan; `schedule` names the schedule that ran it, for `if.schedules`. */
  scanFinished(outcome: Pick<ScanOutcome, 'diff'>, schedule?: string): Promise<void> {
    return this.#enqueue(() => {
      const change: ScanChange = { ...outcome.diff, ...(schedule && { schedule }) };
      const account = new Set([change.scan.accountId]);
      return [...scanEvents(change), ...ageEvents(this.options.store.data, this.options.now(), account)];
    });
  }

  scanFailed(failure: ScanFailure): Promise<void> {
    return this.#enqueue(() => [
      scanFailedEvent(
        failure.accountId ?? 'unknown',
        failure.at,
        failure.source,
        failureText(failure.error),
        scheduleOf(failure.actor.id),
      ),
    ]);
  }

  /** finding.age workflows over every open finding (the cron job calls this). */
  checkAges(): Promise<void> {
    return this.#enqueue(() => ageEvents(this.options.store.data, this.options.now()));
  }

  #enqueue(events: () => WorkflowEvent[]): Promise<void> {
    const pass = this.#queue.then(() => this.#pass(events()));
    this.#queue = pass.catch((e: unknown) => this.options.logger.error(`workflows: ${failureText(e)}`));
    return this.#queue;
  }

  async #pass(events: WorkflowEvent[]): Promise<void> {
    const { store, config, now } = this.options;
    const fired = firedKeys(store.data);
    const planned = planRuns(this.#workflows, events, { config, baselines: baselines(store.data) }).filter(
      (run) => !fired.has(firedKey(run.workflow.name, run.event.key)),
    );
    if (planned.length === 0) return;
    const { maxRuns, perMinutes } = config.workflowSettings.rateLimit;
    const room = Math.max(0, maxRuns - recentRuns(store.data.workflowRuns, now(), perMinutes));
    for (const run of planned.slice(0, room)) await this.#run(run);
    const held = planned.slice(room);
    if (held.length > 0) await this.#recordRateLimited(held, maxRuns, perMinutes);
  }

  async #run(planned: PlannedRun): Promise<void> {
    const { store, now } = this.options;
    const id = `${now().toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
    await store.update((data) => applyWorkflowStart(data, startRecord(planned, id, now())));
    const outcome = await executeActions(planned, id, {
      config: this.options.config,
      store,
      executors: this.options.executors,
      now,
      webhookBackoffMs: this.options.webhookBackoffMs ?? 1000,
    });
    const run = await store.update((data) =>
      applyWorkflowFinish(data, id, { ...outcome, finishedAt: now().toISOString() }),
    );
    const failed = outcome.steps.filter((s) => s.status === 'failed');
    const line = `workflow ${planned.workflow.name} (${planned.event.key}): ${outcome.status}`;
    if (failed.length === 0) this.options.logger.info(line);
    else this.options.logger.warn(`${line}: ${failed.map((s) => `${s.action}: ${s.detail}`).join('; ')}`);
    if (!run) this.options.logger.warn(`workflow run ${id} was dropped from the state before it finished`);
  }

  async #recordRateLimited(held: PlannedRun[], maxRuns: number, perMinutes: number): Promise<void> {
    const byWorkflow = new Map<string, PlannedRun[]>();
    for (const run of held) byWorkflow.set(run.workflow.name, [...(byWorkflow.get(run.workflow.name) ?? []), run]);
    const at = this.options.now().toISOString();
    for (const [name, runs] of byWorkflow) {
      const first = runs[0]!;
      const record: WorkflowRunRecord = {
        id: `${at.replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`,
        workflow: name,
        trigger: describeTrigger(first.workflow.when),
        eventKey: `rate-limited:${first.event.key}`,
        ...subjectOf(first.event),
        subjectLabel: `${runs.length} event(s) not run: at most ${maxRuns} runs per ${perMinutes} min`,
        startedAt: at,
        finishedAt: at,
        status: 'rate-limited',
        steps: [],
      };
      await this.options.store.update((data) => applyRateLimited(data, record, runs.length));
      this.options.logger.warn(`workflow ${name}: rate limit reached, ${runs.length} event(s) not run`);
    }
  }
}

function recentRuns(runs: readonly WorkflowRunRecord[], now: Date, perMinutes: number): number {
  const since = now.getTime() - perMinutes * 60_000;
  return runs.filter((r) => r.status !== 'rate-limited' && Date.parse(r.startedAt) >= since).length;
}

/** The allow-list must name fix kinds the fix executor knows: a typo would otherwise never apply anything. */
export function checkExecutors(config: RightsizeConfig, executors: ActionExecutors): void {
  const fixes = executors.fixes;
  if (!fixes) return;
  const problems = config.workflowSettings.automaticFixes.flatMap((kind, i) =>
    fixes.kinds.includes(kind)
      ? []
      : [
          {
            path: `workflowSettings.automaticFixes[${i}]`,
            message: `unknown fix kind "${kind}"; kinds: ${fixes.kinds.join(', ')}`,
          },
        ],
  );
  if (problems.length > 0) throw new ConfigError(config.file, problems);
}
