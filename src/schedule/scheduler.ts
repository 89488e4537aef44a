import { createTask, type ScheduledTask } from 'node-cron';
import { scheduledAccounts, type AccountConfig, type RightsizeConfig, type ScheduleConfig } from '../config/index.js';
import { buildDigest, type Digest } from '../scans/digest.js';
import type { DigestLedger } from '../scans/digest-ledger.js';
import { buildOrganizationDigest } from '../scans/organization-digest.js';
import type { OrganizationScan, OrganizationScans } from '../scans/organization-pass.js';
import type { ScanOutcome, ScanRunner } from '../scans/scan-service.js';
import { snapshotSourceFor, type SnapshotSources } from '../scans/snapshot-source.js';
import type { ScheduleListener } from './events.js';
import type { LineLogger } from '../log.js';

export interface NamedSchedule extends ScheduleConfig {
  name: string;
}

export interface SchedulerOptions {
  config: RightsizeConfig;
  scans: ScanRunner;
  sources?: SnapshotSources;
  logger: LineLogger;
  ruleTitles: ReadonlyMap<string, string>;
  /** Work that runs on its own cron besides the scans, e.g. retrying Jira requests that failed. */
  jobs?: readonly BackgroundJob[];
  /**
   * What each channel was last shown: a schedule with a channel then digests what changed since that channel's
   * previous digest. Without it (the terminal's `rightsize schedule`), since the account's previous scan.
   */
  ledger?: Pick<DigestLedger, 'changesSince'>;
  /**
   * Runs organisation passes (the Slack app's ServedAccounts): a schedule with `digest: organization` and a channel
   * then posts one digest per organisation. Without it, every account gets its own digest.
   */
  organizations?: OrganizationScans;
}

/** A periodic job; `run` resolves to a line for the log (or nothing to say) and should not throw for expected trouble. */
export interface BackgroundJob {
  name: string;
  cron: string;
  run(): Promise<string | undefined>;
}

export type StopOutcome = 'finished' | 'abandoned';

/**
 * One node-cron job per configured schedule. A scan of an account that is already being scanned (by this or
 * another schedule) is skipped and logged, not queued: the running scan reads the same account moments earlier,
 * and a queue would pile up whenever scans take longer than the interval. Failures are logged and reported to
 * listeners; they never escape a job.
 */
export class Scheduler {
  readonly schedules: readonly NamedSchedule[];
  readonly #tasks: ScheduledTask[] = [];
  readonly #jobTasks: ScheduledTask[] = [];
  readonly #listeners = new Set<ScheduleListener>();
  /** Account id → the schedule scanning it and the scan's promise. */
  readonly #running = new Map<string, { schedule: string; done: Promise<void> }>();
  #stopping = false;

  constructor(private readonly options: SchedulerOptions) {
    this.schedules = options.config.schedules.map((s, i) => ({ ...s, name: s.name ?? `schedule-${i + 1}` }));
  }

  /** Adds a listener (the Slack app posts digests from here); returns the function that removes it. */
  subscribe(listener: ScheduleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts one cron job per schedule. */
  start(): void {
    for (const schedule of this.schedules) {
      const task = createTask(schedule.cron, () => this.runSchedule(schedule), {
        name: `rightsize:${schedule.name}`,
        timezone: schedule.timezone,
        noOverlap: true,
      });
      task.on('execution:overlap', () =>
        this.options.logger.warn(`${schedule.name}: the previous run is still going; this run is skipped`),
      );
      void task.start();
      this.#tasks.push(task);
    }
    for (const job of this.options.jobs ?? []) {
      const task = createTask(job.cron, () => this.runJob(job), { name: `rightsize:${job.name}`, noOverlap: true });
      void task.start();
      this.#jobTasks.push(task);
    }
  }

  /** Runs one background job now; its failure is logged, never thrown. */
  async runJob(job: BackgroundJob): Promise<void> {
    if (this.#stopping) return;
    try {
      const line = await job.run();
      if (line) this.options.logger.info(`${job.name}: ${line}`);
    } catch (error) {
      this.options.logger.error(`${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Runs every background job once (`schedule --once`). */
  async runJobs(): Promise<void> {
    for (const job of this.options.jobs ?? []) await this.runJob(job);
  }

  /** Each schedule's next run, for the start-up log and `status`. */
  nextRuns(): { schedule: string; next: Date | null }[] {
    return this.#tasks.map((task, i) => ({ schedule: this.schedules[i]!.name, next: task.getNextRun() }));
  }

  /** Scans every account of a schedule, one after the other (scans are CPU-bound: parallel would not help). */
  async runSchedule(schedule: NamedSchedule): Promise<void> {
    // The organisations whose digest comes after their accounts' scans, instead of each account's own.
    const organizations = this.#byOrganization(schedule) ? new Set<string>() : undefined;
    for (const account of scheduledAccounts(this.options.config, schedule)) {
      if (this.#stopping) {
        this.options.logger.info(`${schedule.name}: stopping; ${label(account)} not scanned`);
        continue;
      }
      await this.#scanAccount(schedule, account, organizations);
    }
    for (const organization of organizations ?? []) {
      if (this.#stopping) break;
      await this.#organizationDigest(schedule, organization);
    }
  }

  /** `digest: organization` where it can be posted: the Slack app, a channel; otherwise said, and per account. */
  #byOrganization(schedule: NamedSchedule): boolean {
    if (schedule.digest !== 'organization') return false;
    const { organizations, ledger } = this.options;
    const missing =
      !organizations || !ledger ? 'is posted by `rightsize serve`' : !schedule.channel ? 'needs a channel' : undefined;
    if (missing)
      this.options.logger.warn(
        `${schedule.name}: the organisation digest ${missing}; each account's digest is given instead`,
      );
    return missing === undefined;
  }

  /** The organisation pass over the latest scans of its accounts, and its digest for the schedule's channel. */
  async #organizationDigest(schedule: NamedSchedule, organizationId: string): Promise<void> {
    const { ledger, organizations } = this.options;
    const channel = schedule.channel!;
    let scan: OrganizationScan;
    try {
      scan = await organizations!.scanOrganization(organizationId, {
        id: `schedule:${schedule.name}`,
        via: 'schedule',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.error(`${schedule.name}: organisation pass of ${organizationId} failed: ${message}`);
      await this.#emit('failed', { schedule: schedule.name, channel, accountId: organizationId, error });
      return;
    }
    const digest = buildOrganizationDigest(scan, {
      groupBy: schedule.groupBy,
      minSeverity: schedule.minSeverity,
      ruleTitles: this.options.ruleTitles,
      changesSince: (latest) => ledger!.changesSince(channel, latest),
    });
    this.options.logger.info(
      `${schedule.name}: organisation ${organizationId}: ${scan.accounts.length} accounts joined, ${scan.latest.result.findings.length} cross-account paths (${digest.paths.counts.new} new, ${digest.paths.counts.resolved} resolved)`,
    );
    await this.#emit('organizationDigest', {
      schedule: schedule.name,
      channel,
      digest,
      onNoChange: schedule.onNoChange,
    });
  }

  /**
   * Stops the jobs and waits for running scans to finish (their state writes are atomic either way). Scans
   * still running after `graceMs` are abandoned: the state keeps the last complete write.
   */
  async stop(graceMs: number): Promise<StopOutcome> {
    this.#stopping = true;
    await Promise.all([...this.#tasks, ...this.#jobTasks].map(async (task) => task.destroy()));
    this.#tasks.length = 0;
    this.#jobTasks.length = 0;
    const running = [...this.#running.values()].map((r) => r.done);
    if (running.length === 0) return 'finished';
    this.options.logger.info(
      `stopping: waiting up to ${Math.round(graceMs / 1000)} s for ${running.length} running scan(s)`,
    );
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      Promise.all(running).then(() => 'finished' as const),
      new Promise<StopOutcome>((done) => (timer = setTimeout(() => done('abandoned'), graceMs))),
    ]);
    clearTimeout(timer);
    return outcome;
  }

  async #scanAccount(schedule: NamedSchedule, account: AccountConfig, organizations?: Set<string>): Promise<void> {
    const busy = this.#running.get(account.id);
    if (busy) {
      const message = `${schedule.name}: ${label(account)} is already being scanned by ${busy.schedule}; skipped`;
      this.options.logger.warn(message);
      await this.#emit('skipped', { schedule: schedule.name, accountId: account.id, reason: message });
      return;
    }
    const done = this.#runScan(schedule, account, organizations);
    this.#running.set(account.id, { schedule: schedule.name, done });
    try {
      await done;
    } finally {
      this.#running.delete(account.id);
    }
  }

  async #runScan(schedule: NamedSchedule, account: AccountConfig, organizations?: Set<string>): Promise<void> {
    this.options.logger.info(`${schedule.name}: scanning ${label(account)}`);
    let outcome: ScanOutcome;
    try {
      outcome = await this.options.scans.scan({
        source: snapshotSourceFor(account, this.options.sources),
        expectedAccountId: account.id,
        actor: { id: `schedule:${schedule.name}`, via: 'schedule' },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.error(`${schedule.name}: scan of ${label(account)} failed: ${message}`);
      await this.#emit('failed', {
        schedule: schedule.name,
        ...(schedule.channel && { channel: schedule.channel }),
        accountId: account.id,
        error,
      });
      return;
    }
    const organization = organizations && outcome.latest.account.organization?.id;
    if (organization) {
      organizations.add(organization);
      this.options.logger.info(
        `${schedule.name}: ${label(account)} scanned in ${outcome.diff.scan.durationMs} ms; its counts go into the digest of organisation ${organization}`,
      );
      return;
    }
    const { ledger } = this.options;
    const digest: Digest = buildDigest(outcome, {
      groupBy: schedule.groupBy,
      minSeverity: schedule.minSeverity,
      ruleTitles: this.options.ruleTitles,
      ...(account.name && { accountName: account.name }),
      ...(ledger && schedule.channel && { changes: ledger.changesSince(schedule.channel, outcome.latest) }),
    });
    this.options.logger.info(
      `${schedule.name}: ${label(account)} scanned in ${outcome.diff.scan.durationMs} ms (${outcome.diff.baseline ? 'baseline' : `${digest.counts.new} new, ${digest.counts.resolved} resolved`})`,
    );
    await this.#emit('digest', {
      schedule: schedule.name,
      ...(schedule.channel && { channel: schedule.channel }),
      digest,
      onNoChange: schedule.onNoChange,
    });
  }

  async #emit<K extends keyof ScheduleListener>(
    kind: K,
    event: Parameters<NonNullable<ScheduleListener[K]>>[0],
  ): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await (listener[kind] as ((e: typeof event) => unknown) | undefined)?.(event);
      } catch (error) {
        this.options.logger.error(
          `a ${kind} listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}

function label(account: AccountConfig): string {
  return account.name ? `${account.name} (${account.id})` : account.id;
}
