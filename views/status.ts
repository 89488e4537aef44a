import type { LatestScan, ServedAccount } from '../src/scans/types.js';
import { context, divider, header, section, type Block, type MessageView } from './blocks.js';
import { BlockBudget, MESSAGE_BUDGET, escapeMrkdwn, plural, truncate } from './limits.js';
import { showAllButton } from './page-query.js';
import { visibleFindings } from '../src/scans/visible-findings.js';
import { describeUnknownAction } from '../src/risks/unknown-actions.js';
import { accountName, mutedNote, ouPlace, severityCounts, slackDate } from './scan-summary.js';

export interface AccountStatus {
  account: ServedAccount;
  latest?: LatestScan;
  /** Undefined when no schedule covers the account. */
  nextRunAt?: string;
}

const LIST_MAX = 1200;

/**
 * `/rightsize status`: per account the last scan, what it could not read, and the next run. Accounts of an AWS
 * Organization come grouped under it, each with its OU path; accounts outside any follow as they always showed.
 */
export function statusMessage(
  accounts: readonly AccountStatus[],
  /** Open cross-account paths of each organisation whose pass ran since the app started, by organisation id. */
  crossAccountPaths: ReadonlyMap<string, { paths: number; toAdministrator: number }> = new Map(),
): MessageView {
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const blocks: Block[] = [header('Rightsize status')];
  budget.take(...blocks);
  let omitted = 0;
  const { organizations, outside } = byOrganization(accounts);
  const add = (part: Block[]): boolean => {
    if (!budget.fits(...part, context('x'.repeat(100)))) return false;
    budget.take(...part);
    blocks.push(...part);
    return true;
  };
  const groups: { heading?: Block; members: readonly AccountStatus[] }[] = [
    ...[...organizations].map(([id, members]) => ({
      heading: organizationHeading(id, members, crossAccountPaths.get(id)),
      members,
    })),
    ...(outside.length > 0
      ? [{ ...(organizations.size > 0 && { heading: section('*Outside any organisation*') }), members: outside }]
      : []),
  ];
  for (const { heading, members } of groups) {
    if (heading && !add([divider(), heading])) {
      omitted += members.length;
      continue;
    }
    for (const status of members) if (!add(accountStatusBlocks(status))) omitted++;
  }
  if (omitted > 0) blocks.push(context(`and ${plural(omitted, 'more account')}`));
  return { text: `Rightsize status: ${plural(accounts.length, 'account')}`, blocks };
}

/** The accounts by organisation id, in the order they are served; those outside any organisation apart. */
function byOrganization(accounts: readonly AccountStatus[]): {
  organizations: Map<string, AccountStatus[]>;
  outside: AccountStatus[];
} {
  const organizations = new Map<string, AccountStatus[]>();
  const outside: AccountStatus[] = [];
  for (const status of accounts) {
    const id = status.account.organization?.id;
    if (id === undefined) outside.push(status);
    else organizations.set(id, [...(organizations.get(id) ?? []), status]);
  }
  return { organizations, outside };
}

/**
 * "*Organisation o-acme12345* · 2 accounts served · 96 open findings"
 * (with how many are not scanned yet), and once the organisation pass has run "· 3 cross-account paths (1 to an
 * administrator)".
 */
function organizationHeading(
  id: string,
  members: readonly AccountStatus[],
  paths: { paths: number; toAdministrator: number } | undefined,
): Block {
  const scanned = members.filter((m) => m.latest);
  const open = scanned.reduce((sum, m) => sum + visibleFindings(m.latest!).length, 0);
  const unscanned = members.length - scanned.length;
  const findings =
    scanned.length === 0
      ? 'none scanned yet'
      : `${plural(open, 'open finding')}${unscanned > 0 ? ` in the ${scanned.length} scanned (${unscanned} not yet)` : ''}`;
  const crossAccount = paths
    ? ` · ${plural(paths.paths, 'cross-account path')} (${paths.toAdministrator.toLocaleString('en-US')} to an administrator)`
    : '';
  return section(
    `*Organisation ${escapeMrkdwn(id, 100)}* · ${plural(members.length, 'account')} served · ${findings}${crossAccount}`,
  );
}

function accountStatusBlocks({ account, latest, nextRunAt }: AccountStatus): Block[] {
  const next = nextRunAt
    ? `next scheduled scan ${slackDate(nextRunAt)}`
    : 'no scheduled scans; `/rightsize scan` runs one now';
  const place = account.organization ? `${escapeMrkdwn(ouPlace(account.organization), 300)} · ` : '';
  const name = `*${escapeMrkdwn(accountName(account), 200)}* · ${place}${escapeMrkdwn(account.source, 300)}`;
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
