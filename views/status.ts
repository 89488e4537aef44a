import type { LatestScan, ServedAccount } from '../src/scans/types.js';
import { context, divider, header, section, type Block, type MessageView } from './blocks.js';
import { BlockBudget, MESSAGE_BUDGET, escapeMrkdwn, plural, truncate } from './limits.js';
import { showAllButton } from './page-query.js';
import { visibleFindings } from '../src/scans/visible-findings.js';
import { describeUnknownAction } from '../src/risks/unknown-actions.js';
import { accountName, mutedNote, severityCounts, slackDate } from './scan-summary.js';

export interface AccountStatus {
  account: ServedAccount;
  latest?: LatestScan;
  /** Undefined when no schedule covers the account. */
  nextRunAt?: string;
}

const LIST_MAX = 1200;

/** `/rightsize status`: per account the last scan, what it could not read, and the next run. */
export function statusMessage(accounts: readonly AccountStatus[]): MessageView {
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const blocks: Block[] = [header('Rightsize status')];
  budget.take(...blocks);
  let omitted = 0;
  for (const status of accounts) {
    const part = accountStatusBlocks(status);
    if (!budget.fits(...part, context('x'.repeat(100)))) {
      omitted++;
      continue;
    }
    budget.take(...part);
    blocks.push(...part);
  }
  if (omitted > 0) blocks.push(context(`and ${plural(omitted, 'more account')}`));
  return { text: `Rightsize status: ${plural(accounts.length, 'account')}`, blocks };
}

function accountStatusBlocks({ account, latest, nextRunAt }: AccountStatus): Block[] {
  const next = nextRunAt
    ? `next scheduled scan ${slackDate(nextRunAt)}`
    : 'no scheduled scans; `/rightsize scan` runs one now';
  const name = `*${escapeMrkdwn(accountName(account), 200)}* · ${escapeMrkdwn(account.source, 300)}`;
  if (!latest) return [divider(), section(`${name}\nNot scanned yet · ${next}`)];
  const { result } = latest;
  const blocks: Block[] = [
    divider(),
    section(
      `${name}\nLast scan ${slackDate(latest.scannedAt)} (${(latest.durationMs / 1000).toFixed(1)} s) of data collected ${slackDate(result.collectedAt)} · ${plural(result.stats.principals, 'principal')}${mutedNote(latest)} · ${next}`,
    ),
    severityCounts(visibleFindings(latest)),
  ];
  const gaps = result.gaps.map((g) => `• ${escapeMrkdwn(`${g.source}: ${g.message}`, 400)}`);
  blocks.push(section(gaps.length > 0 ? `*Data gaps*\n${list(gaps)}` : '*Data gaps*\nnone: every source was read'));
  if (result.notices.length > 0)
    blocks.push(
      section(
        `*Rules not run or partial*\n${list(result.notices.map((n) => `• ${escapeMrkdwn(n.ruleId === '*' ? n.message : `${n.ruleId}: ${n.message}`, 400)}`))}`,
      ),
    );
  const unknown = result.unknownActions;
  if (unknown && unknown.listed.length > 0) {
    const shown = unknown.listed.slice(0, UNKNOWN_ACTIONS_SHOWN);
    const rest = unknown.listed.length - shown.length + unknown.more;
    blocks.push(
      section(
        `*Actions the AWS catalog does not know* (retired, renamed or misspelt: they grant nothing)\n${list(shown.map((n) => `• ${escapeMrkdwn(describeUnknownAction(n), 400)}`))}${rest > 0 ? `\n…and ${rest} more: \`rightsize scan\` lists them` : ''}`,
      ),
    );
  }
  const errors = result.problems.filter((p) => p.level === 'error').length;
  if (result.problems.length > 0)
    blocks.push(
      section(
        `*Policy problems*\n${plural(result.problems.length, 'problem')} (${plural(errors, 'error')}) in the policies the scan read`,
        showAllButton('Show policy problems', { kind: 'problems', account: account.id, page: 0 }),
      ),
    );
  return blocks;
}

/** A status message covers every account: a few lines each, the CLI has the rest. */
const UNKNOWN_ACTIONS_SHOWN = 5;

function list(lines: readonly string[]): string {
  const text = lines.join('\n');
  if (text.length <= LIST_MAX) return text;
  let kept = 0;
  let length = 0;
  while (kept < lines.length && length + (lines[kept]?.length ?? 0) + 1 <= LIST_MAX - 40)
    length += (lines[kept++]?.length ?? 0) + 1;
  if (kept === 0) return `${truncate(lines[0] ?? '', LIST_MAX - 40)}\nand ${lines.length - 1} more`;
  return `${lines.slice(0, kept).join('\n')}\nand ${lines.length - kept} more`;
}
