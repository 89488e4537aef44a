import { InvalidArgumentError, Option, type Command } from 'commander';
import type { RightsizeConfig } from '../config/load.js';
import { describeTrigger, type WorkflowConfig } from '../config/workflows.js';
import type { SchedulerLogger } from '../schedule/index.js';
import type { ScanService } from '../scans/scan-service.js';
import { slackPosterFromEnv } from '../../commands/outbound/workflow-poster.js';
import { StateStore, type WorkflowRunRecord } from '../store/index.js';
import { dryRunWorkflow, renderDryRun } from '../workflows/dry-run.js';
import { WorkflowEngine } from '../workflows/engine.js';
import type { ActionExecutors, FixExecutor, JiraExecutor } from '../workflows/executors.js';
import type { JiraService } from '../jira/jira-service.js';
import { WorkflowActionError } from '../errors.js';
import { selectRuns } from '../workflows/history.js';
import { commandConfig, requireStore, statePath, STATE_OPTION_HELP, type CommandContext } from './context.js';

/** What workflows may use besides Slack: Jira when configured, fixes in AWS. */
export interface WorkflowIntegrations {
  jira?: JiraService;
  fixes?: FixExecutor;
}

/**
 * The integrations workflows can use from this process: Slack when SLACK_BOT_TOKEN is set, Jira and fixes when
 * given. An action whose integration is missing fails with "not available".
 */
export function workflowExecutors(
  ctx: Pick<CommandContext, 'env'>,
  integrations: WorkflowIntegrations = {},
): ActionExecutors {
  const slack = slackPosterFromEnv(ctx.env);
  return {
    ...(slack && { slack }),
    ...(integrations.jira && { jira: jiraExecutor(integrations.jira) }),
    ...(integrations.fixes && { fixes: integrations.fixes }),
  };
}

/**
 * src/jira behind a workflow's `create-jira-issue`. A request Jira could not take yet stays in the outbox and
 * is retried; the workflow step says so as a failure, so the run shows it is not done.
 */
export function jiraExecutor(jira: JiraService): JiraExecutor {
  return {
    async createIssueForFinding(findingId, options) {
      const outcome = await jira.createIssueForFinding(findingId, options);
      if (outcome.outcome === 'queued')
        throw new WorkflowActionError(
          `Jira did not take the issue yet (${outcome.error.message}); the request is kept and retried (next attempt ${outcome.nextAttemptAt})`,
          outcome.error.hint ? { hint: outcome.error.hint } : undefined,
        );
      return { issueKey: outcome.key, url: outcome.url, created: outcome.outcome === 'created' };
    },
  };
}

/** Starts the workflow engine beside a scan service, when the config has workflows. */
export async function startWorkflowEngine(
  config: RightsizeConfig,
  store: StateStore,
  scans: ScanService,
  ctx: Pick<CommandContext, 'env' | 'now'>,
  logger: SchedulerLogger,
  integrations: WorkflowIntegrations = {},
): Promise<WorkflowEngine | undefined> {
  if (config.workflows.length === 0) return undefined;
  const executors = workflowExecutors(ctx, integrations);
  const engine = new WorkflowEngine({ config, store, executors, logger, now: ctx.now });
  engine.attach(scans);
  await engine.start();
  logger.info(
    `workflows: ${
      config.workflows
        .filter((w) => w.enabled)
        .map((w) => w.name)
        .join(', ') || 'none enabled'
    }`,
  );
  return engine;
}

/** `rightsize workflows list|runs|test <name>`. */
export function registerWorkflowCommands(program: Command, ctx: CommandContext): void {
  const workflows = program
    .command('workflows')
    .description('automated workflows from the config file: list them, see their runs, dry-run one');

  workflows
    .command('list')
    .description('the configured workflows: trigger, filters, actions, and their last run when a state file is given')
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .action(async (opts: { state?: string }) => {
      const config = await commandConfig(ctx);
      const path = statePath(opts.state, ctx, config);
      const runs = path ? (await StateStore.open(path)).data.workflowRuns : [];
      if (config.workflows.length === 0) {
        ctx.stdout('no workflows in the config (see the README: Workflows)');
        return;
      }
      ctx.stdout(config.workflows.map((w) => describeWorkflow(w, runs)).join('\n\n'));
    });

  workflows
    .command('runs')
    .description('the latest workflow runs, newest first, with what each action did')
    .option('-w, --workflow <name>', 'only this workflow')
    .option('--failed', 'only runs where something failed, was skipped or interrupted', false)
    .option('-n, --limit <n>', 'how many runs', count, 20)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .action(
      async (opts: { workflow?: string; failed: boolean; limit: number; format: 'text' | 'json'; state?: string }) => {
        const store = await requireStore(opts.state, ctx, await commandConfig(ctx));
        const runs = selectRuns(store.data.workflowRuns, {
          ...(opts.workflow && { workflow: opts.workflow }),
          failedOnly: opts.failed,
          limit: opts.limit,
        });
        if (opts.format === 'json') ctx.stdout(JSON.stringify(runs, null, 2));
        else ctx.stdout(runs.length === 0 ? 'no workflow runs recorded' : runs.map(renderRun).join('\n'));
      },
    );

  workflows
    .command('test')
    .description('dry run: what a workflow would do with the latest recorded scans; changes nothing, calls nothing')
    .argument('<name>', 'workflow name')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .action(async (name: string, opts: { format: 'text' | 'json'; state?: string }) => {
      const config = await commandConfig(ctx);
      const store = await requireStore(opts.state, ctx, config);
      const result = await dryRunWorkflow(name, { config, store, executors: workflowExecutors(ctx), now: ctx.now() });
      if (opts.format === 'text') {
        ctx.stdout(renderDryRun(result));
        return;
      }
      ctx.stdout(
        JSON.stringify(
          {
            workflow: result.workflow.name,
            scans: result.scans.map((s) => s.id),
            notes: result.notes,
            firings: result.firings.map((f) => ({
              event: f.event.name,
              eventKey: f.event.key,
              subject: f.subjectLabel,
              ...(f.firedAt && { firedAt: f.firedAt }),
              actions: f.actions,
            })),
          },
          null,
          2,
        ),
      );
    });
}

function describeWorkflow(workflow: WorkflowConfig, runs: readonly WorkflowRunRecord[]): string {
  const filters = Object.entries(workflow.if)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(
      ([key, value]) =>
        `${key} ${Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    );
  const last = selectRuns(runs, { workflow: workflow.name, limit: 1 })[0];
  return [
    `${workflow.name}${workflow.enabled ? '' : ' (disabled)'}`,
    `  when ${describeTrigger(workflow.when)}`,
    `  if   ${filters.join('; ') || 'always'}`,
    `  then ${workflow.then.map((a) => a.action).join(' → ')}`,
    `  last run: ${last ? `${last.startedAt} ${last.status} (${last.subjectLabel})` : 'never'}`,
  ].join('\n');
}

function renderRun(run: WorkflowRunRecord): string {
  return [
    `${run.startedAt} ${run.status.toUpperCase()} ${run.workflow} · ${run.trigger} · ${run.subjectLabel} (${run.subject})`,
    ...run.steps.map(
      (s) => `    ${s.status === 'ok' ? '✓' : s.status === 'failed' ? '✗' : '-'} ${s.action}: ${s.detail}`,
    ),
  ].join('\n');
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}
