import type { OwnedFindings } from '../src/access/types.js';
import type { LatestScan, ServedAccount } from '../src/scans/types.js';
import { visibleFindings } from '../src/scans/visible-findings.js';
import { context, divider, header, section, type Block, type HomeView } from './blocks.js';
import { findingSection, type ScanRef } from './finding-line.js';
import { BlockBudget, HOME_BUDGET, escapeMrkdwn, plural, truncate } from './limits.js';
import { showAllButton, type PageQuery } from './page-query.js';
import { accountName, mutedNote, partialScanNotice, severityCounts, slackDate } from './scan-summary.js';

/** A recorded scan as the Home tab lists it. */
export interface RecentScan {
  finishedAt: string;
  baseline: boolean;
  counts: { total: number; new: number; reopened: number; resolved: number; muted: number };
}

export interface HomeAccount {
  account: ServedAccount;
  latest?: LatestScan;
  /** The account's recorded scans, newest first. */
  recent?: readonly RecentScan[];
}

export interface HomeInput {
  /** The Slack user the tab is for. */
  userId: string;
  accounts: readonly HomeAccount[];
  /** The user's own resources' findings; undefined when the ownership map names no team of theirs. */
  mine?: OwnedFindings;
}

const TOP_FINDINGS = 5;

/** The App Home tab: the user's own risks (with an ownership map), then each account's latest scan. */
export function homeView(input: HomeInput): HomeView {
  const budget = new BlockBudget(HOME_BUDGET);
  const blocks: Block[] = [
    header('Rightsize'),
    context('AWS IAM risks of the accounts this app serves · `/rightsize help`'),
  ];
  budget.take(...blocks);
  const refs = new Map<string, ScanRef>();
  for (const { account, latest } of input.accounts)
    if (latest) refs.set(account.id, { accountId: account.id, scannedAt: latest.scannedAt });

  if (input.mine) {
    const mine = input.mine.findings;
    const teams = input.mine.teams.map((t) => escapeMrkdwn(t, 100)).join(', ');
    const part: Block[] = [
      divider(),
      section(truncate(`*Your resources* (team ${teams}) — ${plural(mine.length, 'finding')}`, 1000)),
      severityCounts(mine),
    ];
    for (const f of mine.slice(0, TOP_FINDINGS)) {
      const ref = refs.get(f.accountId);
      if (ref) part.push(findingSection(f, ref, { showRule: true }));
    }
    if (mine.length > TOP_FINDINGS)
      part.push(
        moreLine(mine.length, TOP_FINDINGS, {
          kind: 'findings',
          filter: {},
          groupBy: 'risk',
          owner: { user: input.userId },
          page: 0,
        }),
      );
    budget.take(...part);
    blocks.push(...part);
  } else {
    const part = [
      divider(),
      section(
        `*Your resources*\nNo team in Rightsize's ownership map is yours yet. The config's \`ownership.teams.&lt;team&gt;.slack\` maps a team (the value of a resource's \`owner\` or \`team\` tag) to your Slack id (\`${escapeMrkdwn(input.userId, 30)}\`) or to a user group you are in.`,
      ),
    ];
    budget.take(...part);
    blocks.push(...part);
  }

  for (const { account, latest, recent } of input.accounts) {
    const part = accountBlocks(account, latest, recent ?? []);
    if (!budget.fits(...part)) break;
    budget.take(...part);
    blocks.push(...part);
  }
  return { type: 'home', blocks };
}

const RECENT_SHOWN = 5;

function accountBlocks(account: ServedAccount, latest: LatestScan | undefined, recent: readonly RecentScan[]): Block[] {
  const name = `*${escapeMrkdwn(accountName(account), 200)}* · ${escapeMrkdwn(account.source, 300)}`;
  if (!latest)
    return [
      divider(),
      section(`${name}\nNot scanned since the app started: \`/rightsize scan\` runs one.`),
      ...(recent.length > 0 ? [recentScans(recent)] : []),
    ];
  const ref = { accountId: account.id, scannedAt: latest.scannedAt };
  const findings = visibleFindings(latest);
  const blocks: Block[] = [
    divider(),
    section(
      `${name}\nLast scan ${slackDate(latest.scannedAt)} · ${plural(findings.length, 'finding')}${mutedNote(latest)}`,
    ),
    severityCounts(findings),
  ];
  if (latest.changes)
    blocks.push(
      context(
        `Since ${slackDate(latest.changes.previousScanAt)}: ${plural(latest.changes.newFindingIds.length, 'new finding')}, ${latest.changes.resolved.length.toLocaleString('en-US')} resolved`,
      ),
    );
  if (recent.length > 0) blocks.push(recentScans(recent));
  const partial = partialScanNotice(latest);
  if (partial) blocks.push(partial);
  for (const f of findings.slice(0, TOP_FINDINGS)) blocks.push(findingSection(f, ref, { showRule: true }));
  if (findings.length > TOP_FINDINGS)
    blocks.push(
      moreLine(findings.length, TOP_FINDINGS, {
        kind: 'findings',
        accounts: [account.id],
        filter: {},
        groupBy: 'risk',
        page: 0,
      }),
    );
  return blocks;
}

/** "and N more" with the button that pages through all of them. */
function moreLine(total: number, shown: number, query: PageQuery): Block {
  const button = showAllButton(`Show all ${total.toLocaleString('en-US')}`, query);
  return section(`and ${plural(total - shown, 'more finding')}`, button);
}

function recentScans(recent: readonly RecentScan[]): Block {
  const scans = recent.slice(0, RECENT_SHOWN).map((scan) => {
    const c = scan.counts;
    const change = scan.baseline ? 'baseline' : `${c.new + c.reopened} new, ${c.resolved} resolved`;
    return `${slackDate(scan.finishedAt)}: ${plural(c.total - c.muted, 'finding')} (${change})`;
  });
  return context(truncate(`Recorded scans: ${scans.join(' · ')}`, 2000));
}
