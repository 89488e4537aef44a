import { jiraRetryJob, jiraScanHook, jiraServiceFor } from './jira/setup.js';
import { startWorkflowEngine } from './cli/workflows.js';
import type { AccountConfig, Environment, RightsizeConfig } from './config/load.js';
import type { AppServices, FindingMutes } from '../commands/services.js';
import { describeDelivery } from './jira/delivery-report.js';
import type { JiraService } from './jira/jira-service.js';
import { demoSnapshotDir } from './snapshot/demo.js';
import { UsageError } from './errors.js';
import type { PolicyEngine } from './iam/index.js';
import { RULES } from './risks/rules/index.js';
import { Scheduler, type SchedulerLogger } from './schedule/index.js';
import { ScanService } from './scans/scan-service.js';
import { DirectorySnapshotSource, snapshotSourceFor, type SnapshotSources } from './scans/snapshot-source.js';
import { loadSnapshot } from './snapshot/index.js';
import { StateStore } from './store/index.js';
import { AccessPolicy } from './access/access-policy.js';
import { DeliveryLog } from '../commands/middleware/delivery-log.js';
import { OwnershipMap, type UserGroups } from './access/ownership.js';
import { SnapshotPrincipalUsage } from './scans/usage-answers.js';
import { RecordedScanService, type ServedSource } from './scans/served-accounts.js';
import { ScheduleCalendar } from './schedule/calendar.js';
import type { WorkflowEngine } from './workflows/engine.js';
import { StoreWorkflowDesk } from './workflows/history.js';
import { slackPosterFromEnv } from '../commands/outbound/workflow-poster.js';
import type { FixServiceDeps } from './remediate/fix-service.js';
import { composeFixes } from './remediate/fix-flow.js';

export interface ServeSetup {
  config: RightsizeConfig;
  /** Snapshot directories given on the command line, served besides the config's accounts. */
  snapshotDirs: readonly string[];
  statePath: string;
  engine: () => Promise<PolicyEngine>;
  now: () => Date;
  /** Slack user-group members, for ownership and access by group. */
  userGroups: UserGroups;
  /** Live collection for configured accounts without a snapshot directory. */
  sources?: SnapshotSources;
  logger: SchedulerLogger;
  /** For the Jira credentials and the workflows' Slack token. */
  env: Environment;
  /** The IAM side of fixes per account; default: the remediation role (`fixes`) through the SDK. */
  remediation?: FixServiceDeps['gateway'];
}

export interface ServeParts {
  services: AppServices;
  scans: RecordedScanService;
  /** Runs the config's schedules over the served accounts; not started yet. */
  scheduler: Scheduler;
  store: StateStore;
  /** The workflow engine, already listening to scans; absent without workflows in the config. */
  workflows?: WorkflowEngine;
}

/**
 * Builds what `rightsize serve` runs: the state store, one recorded scan service for slash commands, buttons
 * and schedules alike, insights and suggestions, the ownership map, access, and the scheduler.
 */
export async function composeServe(setup: ServeSetup): Promise<ServeParts> {
  const { config, now } = setup;
  const store = await StateStore.open(setup.statePath);
  const served = await servedSources(setup);
  const engine = memoise(setup.engine);
  // Jira issues follow their findings' lifecycle (src/jira), whoever started the scan.
  const jira = jiraServiceFor(
    { env: setup.env, now, engine },
    config,
    store,
    // An issue's evidence comes from the snapshot of the account's latest scan (not a new collection).
    (accountId) => {
      const source = served.find((s) => s.served.account.id === accountId)?.served.source;
      return source && { description: source.description, load: () => fixes.findings.snapshot(accountId) };
    },
  );
  const afterRecord = jiraScanHook(jira, setup.logger.info);
  const runner = new ScanService({
    store,
    engine,
    settings: config.rules,
    now,
    ...(afterRecord && { afterRecord }),
  });
  const scans = new RecordedScanService(
    served.map((s) => s.served),
    { runner, store, now },
  );
  // Schedules scan what the app serves: the config's accounts, else the snapshot directories or the demo.
  const scheduleConfig: RightsizeConfig = { ...config, accounts: served.map((s) => s.config) };
  const scheduler = new Scheduler({
    config: scheduleConfig,
    scans: scans.runner,
    ...(setup.sources && { sources: setup.sources }),
    logger: setup.logger,
    ruleTitles: new Map(RULES.map((r) => [r.id, r.title])),
    jobs: jiraRetryJob(jira, config),
  });
  // Fix in AWS for every served account but the bundled demo (its resources exist nowhere).
  const fixes = composeFixes({
    config,
    store,
    scans: runner,
    accounts: served.map((s) => s.config),
    ...(setup.sources && { sources: setup.sources }),
    engine,
    now,
    groups: setup.userGroups,
    fixable: (accountId) => served.some((s) => s.config.id === accountId && !s.demo),
    ...(setup.remediation && { gateway: setup.remediation }),
  });
  const fixExecutor = fixes.executor(slackPosterFromEnv(setup.env));
  const workflows = await startWorkflowEngine(config, store, runner, { env: setup.env, now }, setup.logger, {
    ...(jira && { jira }),
    fixes: fixExecutor,
  });
  const services: AppServices = {
    scans,
    rules: RULES,
    deliveries: new DeliveryLog(),
    usage: new SnapshotPrincipalUsage(scans, engine, config.rules),
    mutes: jira ? jiraCommentedMutes(scans, jira, setup.logger) : scans,
    access: new AccessPolicy(config.access, setup.userGroups),
    ownership: new OwnershipMap(config.ownership, setup.userGroups),
    history: scans,
    schedule: new ScheduleCalendar(scheduler, scheduleConfig),
    fixes: fixes.flow,
    ...(jira && { jira }),
    ...(config.workflows.length > 0 && { workflows: new StoreWorkflowDesk(store, config, fixExecutor) }),
  };
  return { services, scans, scheduler, store, ...(workflows && { workflows }) };
}

/**
 * The config's accounts (a snapshot directory, else live collection), then the snapshot directories given on
 * the command line; with neither, the bundled demo account. Directories are read once to learn their account.
 */
async function servedSources(
  setup: ServeSetup,
): Promise<{ served: ServedSource; config: AccountConfig; demo?: boolean }[]> {
  const fromConfig = setup.config.accounts.map((account) => {
    const source = snapshotSourceFor(account, setup.sources);
    return {
      served: {
        account: { id: account.id, ...(account.name && { label: account.name }), source: source.description },
        source,
      },
      config: account,
    };
  });
  const dirs = setup.snapshotDirs.length > 0 || fromConfig.length > 0 ? setup.snapshotDirs : [demoSnapshotDir()];
  const demo = setup.snapshotDirs.length === 0 && fromConfig.length === 0;
  const all: { served: ServedSource; config: AccountConfig; demo?: boolean }[] = [...fromConfig];
  for (const dir of dirs) {
    const snapshot = await loadSnapshot(dir);
    const taken = all.find((s) => s.served.account.id === snapshot.accountId);
    if (taken)
      throw new UsageError(
        `${dir} holds account ${snapshot.accountId}, which is already served (${taken.served.account.source})`,
        {
          hint: 'serve one snapshot directory per account',
        },
      );
    const source = new DirectorySnapshotSource(dir, demo ? 'bundled demo account' : `snapshot ${dir}`);
    all.push({
      served: {
        account: {
          id: snapshot.accountId,
          ...(snapshot.accountAlias && { label: snapshot.accountAlias }),
          source: source.description,
        },
        source,
      },
      config: { id: snapshot.accountId, snapshot: dir },
      ...(demo && { demo }),
    });
  }
  return all;
}

function memoise<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= load().catch((e: unknown) => {
      value = undefined;
      throw e;
    }));
}

/** Mutes from Slack that also comment on the finding's Jira issue (kept and retried when Jira is down). */
function jiraCommentedMutes(scans: RecordedScanService, jira: JiraService, logger: SchedulerLogger): FindingMutes {
  return {
    async mute(request) {
      const outcome = await scans.mute(request);
      if (outcome.kind === 'muted')
        for (const line of describeDelivery(await jira.afterMute(outcome.finding, outcome.mute)))
          logger.info(`jira: ${line}`);
      return outcome;
    },
    unmute: (request) => scans.unmute(request),
  };
}
