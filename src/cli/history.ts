import { Option, type Command } from 'commander';
import { SEVERITIES } from '../risks/types.js';
import { currentStatus, type ScanRecord, type StateStore } from '../store/index.js';
import { givenConfig, requireStore, STATE_OPTION_HELP, type CommandContext } from './context.js';
import { positiveInteger } from './options.js';

/** `rightsize history [finding]`: the recorded scans, or one finding's lifecycle and audit trail. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('[finding]', 'finding id or an unambiguous prefix of it')
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .option('--account <id>', 'only scans of this account')
    .option('--limit <n>', 'at most this many scans', positiveInteger, 20)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (ref: string | undefined, opts: { state?: string; account?: string; limit: number; format: string }) => {
        const store = await requireStore(opts.state, ctx, await givenConfig(ctx));
        if (ref) ctx.stdout(findingHistory(store, ref, ctx.now(), opts.format === 'json'));
        else {
          const scans = store.scans(opts.account).slice(0, opts.limit);
          ctx.stdout(opts.format === 'json' ? JSON.stringify(scans, null, 2) : renderScans(scans, store.path));
        }
      },
    );
}

function renderScans(scans: ScanRecord[], file: string): string {
  if (scans.length === 0) return `no scans recorded in ${file} yet (rightsize scan --state ${file})`;
  return scans
    .map((s) => {
      const c = s.counts;
      const change = s.baseline ? 'baseline' : `${c.new} new, ${c.reopened} reopened, ${c.resolved} resolved`;
      const severity = SEVERITIES.map((sev) => `${c.bySeverity[sev]} ${sev}`).join(', ');
      const gaps = s.gaps.length > 0 ? ` · ${s.gaps.length} gap(s)` : '';
      return `${s.finishedAt}  ${s.accountId}  ${change} · ${c.total} findings (${severity}; ${c.muted} muted)${gaps} · ${s.durationMs} ms · ${s.source}  [${s.id}]`;
    })
    .join('\n');
}

function findingHistory(store: StateStore, ref: string, now: Date, json: boolean): string {
  const finding = store.finding(ref);
  const mute = store.data.mutes[finding.id];
  const audit = store.data.audit.filter((a) => a.subject === finding.id);
  const status = currentStatus(finding, store.data, now);
  if (json) return JSON.stringify({ ...finding, status, ...(mute && { mute }), audit }, null, 2);
  const lines = [
    `${finding.id}  [${finding.severity.toUpperCase()}] ${finding.title}`,
    `  ${finding.resourceType} ${finding.resourceArn} · account ${finding.accountId}`,
    `  status: ${status}${finding.resolvedAt ? ` (resolved ${finding.resolvedAt})` : ''} · first seen ${finding.firstSeen} · last seen ${finding.lastSeen} · reopened ${finding.reopenedCount}×`,
  ];
  if (mute && status === 'muted') lines.push(`  muted by ${mute.by.id} until ${mute.until}: ${mute.reason}`);
  for (const a of audit)
    lines.push(`  ${a.at}  ${a.action} by ${a.actor.id} (${a.actor.via})${a.detail ? `: ${a.detail}` : ''}`);
  return lines.join('\n');
}
