import { InvalidArgumentError, Option, type Command } from 'commander';
import { DAY_MS } from '../risks/settings.js';
import { describeDelivery } from '../jira/delivery-report.js';
import { MAX_MUTE_DAYS, parseMuteDays } from '../store/mute-days.js';
import { cliActor, commandConfig, requireStore, STATE_OPTION_HELP, type CommandContext } from './context.js';

/** `rightsize mute <finding> --days N --reason R`; `rightsize unmute` lifts it. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<finding>', 'finding id, or an unambiguous prefix of it (as printed by `rightsize scan`)')
    .requiredOption('--days <n>', `how long, 1–${MAX_MUTE_DAYS} days`, days)
    .requiredOption('--reason <text>', 'why it is accepted (kept in the audit log)', reason)
    .option('--by <name>', 'who mutes, for the audit log (default: $USER)')
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .action(async (ref: string, opts: { days: number; reason: string; by?: string; state?: string }) => {
      const config = await commandConfig(ctx);
      const store = await requireStore(opts.state, ctx, config);
      // jira.js loads only when the config has a jira section.
      const jira = config.jira ? (await import('../jira/setup.js')).jiraServiceFor(ctx, config, store) : undefined;
      const now = ctx.now();
      const { mute, finding } = await store.mute({
        finding: ref,
        by: cliActor(ctx, opts.by),
        reason: opts.reason,
        until: new Date(now.getTime() + opts.days * DAY_MS),
        now,
      });
      ctx.stdout(`muted ${finding.id} (${finding.title}) until ${mute.until}: ${mute.reason}`);
      if (jira) for (const line of describeDelivery(await jira.afterMute(finding, mute))) ctx.stderr(`jira: ${line}`);
    });
}

function days(value: string): number {
  const days = parseMuteDays(value);
  if (typeof days !== 'number') throw new InvalidArgumentError(days.problem);
  return days;
}

function reason(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('say why the finding is accepted');
  return value.trim();
}
