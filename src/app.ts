/**
 * The composition root: the one module of src/ that knows the Slack edge (commands/, which renders with views/).
 * It builds what `rightsize serve` runs (composeServe), starts the Slack app with its listeners and scheduled
 * digests (startSlackService), and gives headless processes (`schedule`, `scan --state`) the Slack messengers
 * their workflows and fix approvals post through (slackMessengers).
 */
import type { WebClient } from '@slack/web-api';
import { registerListeners } from '../commands/index.js';
import { SlackApprovalMessenger } from '../commands/outbound/approval-messenger.js';
import { postScheduledDigests } from '../commands/outbound/scheduled-digests.js';
import { WebClientPoster } from '../commands/outbound/workflow-poster.js';
import type { AppServices } from '../commands/services.js';
import { AccessPolicy } from './access/access-policy.js';
import { remediationGateways } from './aws/remediation-target.js';
import { OwnershipMap } from './access/ownership.js';
import type { UserGroups } from './access/types.js';
import type { Environment, RightsizeConfig } from './config/index.js';
import type { PolicyEngine } from './iam/index.js';
import { jiraCommentedMutes } from './jira/commented-mutes.js';
import { jiraDiffHook, jiraRetryJob, jiraScanHook, jiraServiceFor } from './jira/setup.js';
import { jiraExecutor } from './jira/workflow-executor.js';
import type { LineLogger } from './log.js';
import type { ApprovalMessenger } from './remediate/approval-request.js';
import { composeFixes } from './remediate/compose-fixes.js';
import type { FixServiceDeps } from './remediate/fix-service.js';
import { organizationEvidence } from './jira/organization-evidence.js';
import { CROSS_ACCOUNT_ESCALATION } from './org-graph/findings.js';
import { RULES } from './risks/rules/index.js';
import { DigestLedger } from './scans/digest-ledger.js';
import { ScanService } from './scans/scan-service.js';
import { ServedAccounts } from './scans/served-accounts.js';
import { servedSources } from './scans/served-sources.js';
import type { SnapshotSources } from './scans/snapshot-source.js';
import { SnapshotUsageAnswers } from './scans/usage-answers.js';
import { SnapshotAccessQueries } from './scans/access-answers.js';
import { ScheduleCalendar } from './schedule/calendar.js';
import { Scheduler } from './schedule/index.js';
import { startSlackApp, type RunningSlackApp, type SlackAppOptions } from './slack/bolt-app.js';
import type { SlackSettings } from './slack/slack-settings.js';
import { slackClientFromEnv } from './slack/web-client.js';
import { StateStore } from './store/index.js';
import type { WorkflowEngine } from './workflows/engine.js';
import type { SlackPoster } from './workflows/executors.js';
import { StoreWorkflowDesk } from './workflows/workflow-desk.js';
import { startWorkflowEngine } from './workflows/start.js';

/** What src/ says in Slack outside a listener: workflow posts and fix-approval DMs, rendered by commands/outbound. */
export interface SlackMessengers {
  workflows: SlackPoster;
  approvals: ApprovalMessenger;
}

export function slackMessengers(client: WebClient): SlackMessengers {
  return { workflows: new WebClientPoster(client), approvals: new SlackApprovalMessenger(client) };
}

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
  logger: LineLogger;
  /** For the Jira credentials and the workflows' Slack token. */
  env: Environment;
  /** The IAM side of fixes per account; default: the remediation role (`fixes`) through the SDK. */
  remediation?: FixServiceDeps['gateway'];
}

export interface ServeParts {
  services: AppServices;
  scans: ServedAccounts;
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
    (record) => organizationEvidence(record, scans),
  );
  const afterRecord = jiraScanHook(jira, setup.logger.info);
  const afterPass = jiraDiffHook(jira, setup.logger.info);
  const runner = new ScanService({
    store,
    engine,
    settings: config.rules,
    now,
    ...(afterRecord && { afterRecord }),
  });
  const scans = new ServedAccounts(
    served.map((s) => s.served),
    { runner, store, now, ...(afterPass && { afterPass }) },
  );
  // Every rule's title and rationale, and the organisation pass's (its findings are opened like any other).
  const rules = [...RULES, CROSS_ACCOUNT_ESCALATION];
  // What each channel was last shown: digests there are deltas since their previous one.
  const digests = new DigestLedger(store);
  // Schedules scan what the app serves: the config's accounts, else the snapshot directories or the demo.
  const scheduleConfig: RightsizeConfig = { ...config, accounts: served.map((s) => s.config) };
  const scheduler = new Scheduler({
    config: scheduleConfig,
    scans: scans.runner,
    ...(setup.sources && { sources: setup.sources }),
    logger: setup.logger,
    ruleTitles: new Map(rules.map((r) => [r.id, r.title])),
    jobs: jiraRetryJob(jira, config),
    ledger: digests,
    // `digest: organization`: one digest per organisation, with the cross-account paths of its pass.
    organizations: scans,
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
    gateway: setup.remediation ?? remediationGateways(config.fixes),
  });
  // Workflows post with the bot token of the environment, as in `rightsize schedule`.
  const client = slackClientFromEnv(setup.env);
  const messengers = client && slackMessengers(client);
  const fixExecutor = fixes.executor(messengers?.approvals);
  const workflows = await startWorkflowEngine(config, store, runner, now, setup.logger, {
    ...(messengers && { slack: messengers.workflows }),
    ...(jira && { jira: jiraExecutor(jira) }),
    fixes: fixExecutor,
  });
  const services: AppServices = {
    scans,
    rules,
    usage: new SnapshotUsageAnswers(scans, engine, config.rules),
    queries: new SnapshotAccessQueries(scans, engine, now),
    mutes: jira ? jiraCommentedMutes(scans, jira, setup.logger) : scans,
    access: new AccessPolicy(config.access, setup.userGroups),
    ownership: new OwnershipMap(config.ownership, setup.userGroups),
    history: scans,
    digests,
    schedule: new ScheduleCalendar(scheduler, scheduleConfig),
    fixes: fixes.flow,
    ...(jira && { jira }),
    ...(config.workflows.length > 0 && { workflows: new StoreWorkflowDesk(store, config, fixExecutor) }),
  };
  return { services, scans, scheduler, store, ...(workflows && { workflows }) };
}

/**
 * Starts the Slack app over the composed services, with every listener, and posts each scheduled digest to its
 * schedule's channel. The scheduler itself is started by the caller.
 */
export async function startSlackService(
  settings: SlackSettings,
  parts: ServeParts,
  options: SlackAppOptions & { client: WebClient; log: LineLogger },
): Promise<RunningSlackApp> {
  const { client, log, ...appOptions } = options;
  const running = await startSlackApp(settings, (app) => registerListeners(app, parts.services), appOptions);
  postScheduledDigests(parts.scheduler, {
    client,
    scans: parts.scans,
    logger: log,
    ledger: parts.services.digests,
    ownership: parts.services.ownership,
    jira: parts.services.jira !== undefined,
  });
  return running;
}

function memoise<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= load().catch((e: unknown) => {
      value = undefined;
      throw e;
    }));
}
