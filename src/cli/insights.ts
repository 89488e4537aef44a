import { Option, type Command } from 'commander';
import { renderInsightsText } from '../report/insights-report.js';
import { principalInsights } from '../usage/insights.js';
import type { CommandContext } from './context.js';
import { snapshotOption } from './options.js';
import { loadUsageContext } from './usage-context.js';

/** `rightsize insights <principal>`: provisioned vs used. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<principal>', 'user, role or group: name, kind/name (role/deploy) or ARN')
    .addOption(snapshotOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (query: string, opts: { snapshot?: string; format: 'text' | 'json' }) => {
      const { engine, principal, model, highRisk } = await loadUsageContext(ctx.engine, query, opts.snapshot);
      const insights = principalInsights(engine, principal, model, highRisk);
      ctx.stdout(opts.format === 'json' ? JSON.stringify(insights, null, 2) : renderInsightsText(insights));
    });
}
