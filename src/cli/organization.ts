import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { readSummary } from './organization-files.js';
import { organizationPass } from '../org-graph/scan.js';
import { GROUP_BY, type GroupBy } from '../report/group.js';
import { organizationReportLines, organizationSection } from '../report/organization-report.js';
import { SEVERITIES, type Severity } from '../risks/types.js';
import type { CommandContext } from './context.js';
import { RULE_TITLES, treeOf } from './organization-scan.js';

/** `rightsize organization join`: the organisation pass over summaries that per-account jobs left on disk. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .command('join')
    .description(
      'join account summaries (`rightsize scan --summary-out`) into the paths that cross accounts, and their findings',
    )
    .argument('<summaries...>', 'the summary files, one per account')
    .option('--organization <file>', 'organization.json, to name accounts and OU paths')
    .addOption(new Option('-g, --group-by <how>', 'group findings').choices(GROUP_BY).default('risk'))
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 3 when a finding of this severity or worse exists (for CI)').choices(
        SEVERITIES,
      ),
    )
    .action(
      async (
        files: string[],
        opts: { organization?: string; groupBy: GroupBy; format: 'text' | 'json' | 'markdown'; failOn?: Severity },
      ) => {
        const summaries = await Promise.all(files.map(readSummary));
        const seen = new Map<string, string>();
        summaries.forEach((summary, i) => {
          const other = seen.get(summary.accountId);
          if (other)
            throw new UsageError(`${files[i]} and ${other} both summarise account ${summary.accountId}`, {
              hint: 'give one summary per account (the newest)',
            });
          seen.set(summary.accountId, files[i]!);
        });
        const result = organizationPass(summaries, await treeOf(opts.organization));
        const options = { format: opts.format, groupBy: opts.groupBy, filter: {}, ruleTitles: RULE_TITLES };
        ctx.stdout(
          opts.format === 'json'
            ? JSON.stringify(organizationSection(result, options), null, 2)
            : organizationReportLines(result, options).join('\n').trimEnd(),
        );
        if (opts.failOn) {
          const limit = SEVERITIES.indexOf(opts.failOn);
          if (result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit)) ctx.setExitCode(3);
        }
      },
    );
}
