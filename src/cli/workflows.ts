import { InvalidArgumentError, Option, type Command } from 'commander';
import { describeTrigger, type WorkflowConfig } from '../config/workflows.js';
import { StateStore, type WorkflowRunRecord } from '../store/index.js';
import { dryRunWorkflow, renderDryRun } from '../workflows/dry-run.js';
import type { ActionExecutors } from '../workflows/executors.js';
import { selectRuns } from '../workflows/workflow-desk.js';
import { commandConfig, requireStore, statePath, STATE_OPTION_HELP, type CommandContext } from './context.js';

/** `rightsize workflows list|runs|test <name>`. */
export function register(workflows: Command, ctx: CommandContext): void {
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
      const result = await dryRunWorkflow(name, {
        config,
        store,
        executors: await dryRunExecutors(ctx),
        now: ctx.now(),
      });
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

/**
 * What a dry run says is available: Slack when SLACK_BOT_TOKEN is set (nothing is posted); Jira and fixes are not
 * offered to a dry run, so it says what would fail for want of them.
 */
async function dryRunExecutors(ctx: CommandContext): Promise<ActionExecutors> {
  const client = (await import('../slack/web-client.js')).slackClientFromEnv(ctx.env);
  if (!client) return {};
  const { slackMessengers } = await import('../app.js');
  return { slack: slackMessengers(client).workflows };
}
