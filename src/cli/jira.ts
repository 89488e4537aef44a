import { Option, type Command } from 'commander';
import { describeDelivery } from '../jira/delivery-report.js';
import type { JiraService } from '../jira/jira-service.js';
import { ConfigError } from '../errors.js';
import { cliActor, commandConfig, requireStore, STATE_OPTION_HELP, type CommandContext } from './context.js';

interface JiraOptions {
  state?: string;
  snapshot?: string;
  by?: string;
  format: 'text' | 'json';
}

/** `rightsize jira <finding>` (create the issue or show the one it has) and `rightsize jira sync` (retry now). */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<finding>', 'finding id or an unambiguous prefix of it, or `sync`')
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .option(
      '-s, --snapshot <dir>',
      "snapshot to read the finding's evidence from (default: its account's, or its last scan's)",
    )
    .option('--by <name>', 'who asks, for the audit log (default: $USER)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (ref: string, opts: JiraOptions) => {
      const config = await commandConfig(ctx);
      if (!config.jira)
        throw new ConfigError(config.file, [{ path: 'jira', message: 'no jira section: Jira is not configured' }], {
          hint: 'add a jira section (flavour, baseUrl, project; see rightsize.example.yaml) and pass the file with --config',
        });
      const store = await requireStore(opts.state, ctx, config);
      const { jiraServiceFor } = await import('../jira/setup.js');
      const jira = jiraServiceFor(ctx, config, store, opts.snapshot)!;
      if (ref === 'sync') return sync(jira, opts, ctx);
      const outcome = await jira.createIssueForFinding(ref, { requestedBy: cliActor(ctx, opts.by) });
      if (opts.format === 'json') ctx.stdout(JSON.stringify(outcome, null, 2));
      if (outcome.outcome === 'queued') {
        ctx.setExitCode(1);
        if (opts.format === 'text')
          ctx.stderr(
            [
              `rightsize: Jira has not taken the issue for ${outcome.findingId} yet: ${outcome.error.message}`,
              ...(outcome.error.hint ? [`  hint: ${outcome.error.hint}`] : []),
              `  the request is kept (attempt ${outcome.attempts}); \`rightsize schedule\` retries it from ${outcome.nextAttemptAt}, \`rightsize jira sync\` now`,
            ].join('\n'),
          );
        return;
      }
      if (opts.format === 'text') {
        const link = jira.issueOf(outcome.findingId).link;
        ctx.stdout(
          outcome.outcome === 'created'
            ? `created ${outcome.key} for ${outcome.findingId}: ${outcome.url}`
            : `${outcome.key} already tracks ${outcome.findingId} (${link?.status ?? 'open'}): ${outcome.url}`,
        );
      }
    });
}

async function sync(jira: JiraService, opts: JiraOptions, ctx: CommandContext) {
  const report = await jira.retryPending({ dueOnly: false });
  if (report.failed.length > 0) ctx.setExitCode(1);
  if (opts.format === 'json') {
    ctx.stdout(
      JSON.stringify(
        {
          delivered: report.delivered.map((d) => ({
            id: d.request.id,
            findingId: d.request.findingId,
            kind: d.request.kind,
            key: d.key,
          })),
          failed: report.failed.map((f) => ({
            ...f.request,
            error: { code: f.error.code, message: f.error.message, hint: f.error.hint },
          })),
          pending: jira.pending(),
        },
        null,
        2,
      ),
    );
    return;
  }
  const lines = describeDelivery(report);
  ctx.stdout(lines.length > 0 ? lines.join('\n') : 'no Jira requests waiting');
}
