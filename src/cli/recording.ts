import { NO_USER_GROUPS } from '../access/user-groups.js';
import { slackMessengers } from '../app.js';
import { liveSnapshotSources } from '../aws/index.js';
import { remediationGateways } from '../aws/remediation-target.js';
import type { RightsizeConfig } from '../config/index.js';
import type { JiraService } from '../jira/jira-service.js';
import { jiraScanHook, jiraServiceFor } from '../jira/setup.js';
import { jiraExecutor } from '../jira/workflow-executor.js';
import type { LineLogger } from '../log.js';
import { composeFixes } from '../remediate/compose-fixes.js';
import { ScanService } from '../scans/scan-service.js';
import type { SnapshotSources } from '../scans/snapshot-source.js';
import { SlackUserGroups } from '../slack/slack-user-groups.js';
import { slackClientFromEnv } from '../slack/web-client.js';
import type { StateStore } from '../store/index.js';
import type { WorkflowEngine } from '../workflows/engine.js';
import { startWorkflowEngine } from '../workflows/start.js';
import type { CommandContext } from './context.js';

export interface RecordingServices {
  scans: ScanService;
  /** Live collection for configured accounts without a snapshot directory. */
  sources: SnapshotSources;
  jira?: JiraService;
  /** Listening to `scans`; stop it (it waits for the runs under way) before the process ends. */
  workflows?: WorkflowEngine;
}

/**
 * What every command that records scans runs beside them, as `rightsize serve` does: the Jira lifecycle sync, and
 * the config's workflows with Slack (SLACK_BOT_TOKEN), Jira and fixes in AWS as their integrations.
 */
export async function recordingServices(
  ctx: CommandContext,
  config: RightsizeConfig,
  store: StateStore,
  logger: LineLogger,
  snapshotDir?: string,
): Promise<RecordingServices> {
  const jira = jiraServiceFor(ctx, config, store, snapshotDir);
  const afterRecord = jiraScanHook(jira, logger.info);
  const scans = new ScanService({
    store,
    engine: ctx.engine,
    settings: config.rules,
    now: ctx.now,
    ...(afterRecord && { afterRecord }),
  });
  const sources = liveSnapshotSources({ lookbackDays: config.rules.trackingPeriodDays, now: ctx.now });
  const slack = slackClientFromEnv(ctx.env);
  const messengers = slack && slackMessengers(slack);
  const fixes =
    config.workflows.length > 0
      ? composeFixes({
          config,
          store,
          scans,
          accounts: config.accounts,
          sources,
          engine: ctx.engine,
          now: ctx.now,
          groups: slack ? new SlackUserGroups(slack, logger, ctx.now) : NO_USER_GROUPS,
          fixable: () => true,
          gateway: remediationGateways(config.fixes),
        })
      : undefined;
  const workflows = await startWorkflowEngine(config, store, scans, ctx.now, logger, {
    ...(messengers && { slack: messengers.workflows }),
    ...(jira && { jira: jiraExecutor(jira) }),
    ...(fixes && { fixes: fixes.executor(messengers?.approvals) }),
  });
  return { scans, sources, ...(jira && { jira }), ...(workflows && { workflows }) };
}
