import { findAccount, type RightsizeConfig } from '../config/index.js';
import { NotFoundError } from '../errors.js';
import { connectJira, jiraCredentials } from './connect.js';
import { describeDelivery } from './delivery-report.js';
import { JiraService } from './jira-service.js';
import type { BackgroundJob } from '../schedule/index.js';
import { issueEvidence } from './issue-evidence.js';
import type { FindingDetails } from './issue-draft.js';
import type { ScanServiceOptions } from '../scans/scan-service.js';
import { DirectorySnapshotSource, snapshotDirOf, type SnapshotSource } from '../scans/snapshot-source.js';
import type { Actor, FindingRecord, ScanDiff, StateStore } from '../store/index.js';
import type { Environment } from '../config/index.js';
import type { PolicyEngine } from '../iam/index.js';

/** What the Jira service takes from the process: its credentials' environment, the clock, the engine. */
export interface JiraSetupContext {
  env: Environment;
  now: () => Date;
  engine: () => Promise<PolicyEngine>;
}

/**
 * The Jira service when the config has a `jira` section (credentials from the environment), else undefined.
 * A finding's evidence is read again from `snapshot` (a directory, or the source the caller serves the account
 * from), else its account's configured snapshot, else the directory its last recorded scan read.
 */
export function jiraServiceFor(
  ctx: JiraSetupContext,
  config: RightsizeConfig,
  store: StateStore,
  snapshot?: string | ((accountId: string) => SnapshotSource | undefined),
  /** Evidence that no account's snapshot holds (a cross-account finding of the organisation pass), when it is that. */
  otherEvidence?: (record: FindingRecord) => Promise<FindingDetails | undefined>,
): JiraService | undefined {
  if (!config.jira) return undefined;
  const jira = config.jira;
  const gateway = connectJira(jira, jiraCredentials(jira, ctx.env));
  const snapshotDir = typeof snapshot === 'string' ? snapshot : undefined;
  const details = async (record: FindingRecord) => {
    const other = await otherEvidence?.(record);
    if (other) return other;
    const served = typeof snapshot === 'function' ? snapshot(record.accountId) : undefined;
    const dir =
      snapshotDir ??
      findAccount(config, record.accountId)?.snapshot ??
      store
        .scans(record.accountId)
        .map((s) => snapshotDirOf(s.source))
        .find(Boolean);
    if (!served && !dir)
      throw new NotFoundError(`no snapshot of account ${record.accountId} to read finding ${record.id} from`, {
        hint: 'pass --snapshot DIR, or configure the account with its snapshot directory',
      });
    return issueEvidence(record, served ?? new DirectorySnapshotSource(dir!), {
      engine: await ctx.engine(),
      settings: config.rules,
      now: ctx.now(),
    });
  };
  return new JiraService({ store, gateway, config: { ownership: config.ownership, jira }, details, now: ctx.now });
}

/** The scan hook that keeps issues in step with the lifecycle; what it did goes to `log`. */
export function jiraScanHook(
  jira: JiraService | undefined,
  log: (line: string) => void,
): ScanServiceOptions['afterRecord'] {
  const hook = jiraDiffHook(jira, log);
  return hook && ((outcome, request) => hook(outcome.diff, request.actor));
}

/** The same for any recorded diff (an organisation pass's): issues follow their findings' lifecycle. */
export function jiraDiffHook(
  jira: JiraService | undefined,
  log: (line: string) => void,
): ((diff: ScanDiff, actor: Actor) => Promise<void>) | undefined {
  if (!jira) return undefined;
  return async (diff, actor) => {
    for (const line of describeDelivery(await jira.afterScan(diff, actor))) log(`jira: ${line}`);
  };
}

/** The scheduler's retry of Jira requests that failed, each after its own backoff. */
export function jiraRetryJob(jira: JiraService | undefined, config: RightsizeConfig): BackgroundJob[] {
  if (!jira || !config.jira) return [];
  return [
    {
      name: 'jira-retry',
      cron: config.jira.retryCron,
      run: async () => {
        if (jira.pending().length === 0) return undefined;
        return describeDelivery(await jira.retryPending({ dueOnly: true })).join('; ') || undefined;
      },
    },
  ];
}
