import type { Finding } from '../risks/types.js';
import type { ScanRecord, ServedAccount } from '../serve/types.js';
import { context, divider, header, section, type Block, type HomeView } from './blocks.js';
import { findingSection, type ScanRef } from './finding-line.js';
import { BlockBudget, HOME_BUDGET, escapeMrkdwn, plural } from './limits.js';
import { accountName, partialScanNotice, severityCounts, slackDate } from './scan-summary.js';

export interface HomeInput {
  accounts: readonly { account: ServedAccount; latest?: ScanRecord }[];
  /** The user's own resources' findings, when an ownership map names any. */
  mine?: readonly Finding[];
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
    const mine = input.mine;
    const part: Block[] = [
      divider(),
      section(`*Your resources* — ${plural(mine.length, 'finding')}`),
      severityCounts(mine),
    ];
    for (const f of mine.slice(0, TOP_FINDINGS)) {
      const ref = refs.get(f.accountId);
      if (ref) part.push(findingSection(f, ref, { showRule: true }));
    }
    if (mine.length > TOP_FINDINGS)
      part.push(context(`and ${plural(mine.length - TOP_FINDINGS, 'more')} — \`/rightsize risks\` lists them`));
    budget.take(...part);
    blocks.push(...part);
  }

  for (const { account, latest } of input.accounts) {
    const part = accountBlocks(account, latest);
    if (!budget.fits(...part)) break;
    budget.take(...part);
    blocks.push(...part);
  }
  return { type: 'home', blocks };
}

function accountBlocks(account: ServedAccount, latest: ScanRecord | undefined): Block[] {
  const name = `*${escapeMrkdwn(accountName(account), 200)}* · ${escapeMrkdwn(account.source, 300)}`;
  if (!latest) return [divider(), section(`${name}\nNot scanned yet: \`/rightsize scan\` runs one.`)];
  const ref = { accountId: account.id, scannedAt: latest.scannedAt };
  const findings = latest.result.findings;
  const blocks: Block[] = [
    divider(),
    section(`${name}\nLast scan ${slackDate(latest.scannedAt)} · ${plural(findings.length, 'finding')}`),
    severityCounts(findings),
  ];
  if (latest.changes)
    blocks.push(
      context(
        `Since ${slackDate(latest.changes.previousScanAt)}: ${plural(latest.changes.newFindingIds.length, 'new finding')}, ${latest.changes.resolved.length.toLocaleString('en-US')} resolved`,
      ),
    );
  const partial = partialScanNotice(latest);
  if (partial) blocks.push(partial);
  for (const f of findings.slice(0, TOP_FINDINGS)) blocks.push(findingSection(f, ref, { showRule: true }));
  if (findings.length > TOP_FINDINGS)
    blocks.push(context(`and ${plural(findings.length - TOP_FINDINGS, 'more')} — \`/rightsize risks\` lists them`));
  return blocks;
}
