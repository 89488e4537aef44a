import type { FindingMatch } from '../src/scans/find-finding.js';
import { context, section, type Block, type MessageView } from './blocks.js';
import { findingSection } from './finding-line.js';
import { BlockBudget, MESSAGE_BUDGET, code, plural, truncate } from './limits.js';

/** `show <name>` matched several findings (one resource with several risks): pick one. */
export function findingMatchesMessage(query: string, matches: readonly FindingMatch[]): MessageView {
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const blocks: Block[] = [section(`*${plural(matches.length, 'finding')}* match ${code(query, 300)}:`)];
  budget.take(...blocks, context('x'.repeat(100)));
  let shown = 0;
  for (const { finding, scan } of matches) {
    const line = findingSection(finding, { accountId: scan.account.id, scannedAt: scan.scannedAt }, { showRule: true });
    if (!budget.fits(line)) break;
    budget.take(line);
    blocks.push(line);
    shown++;
  }
  if (shown < matches.length)
    blocks.push(
      context(`and ${plural(matches.length - shown, 'more')} — \`/rightsize risks\` with filters narrows the list`),
    );
  return { text: `${plural(matches.length, 'finding')} match ${truncate(query, 300)}`, blocks };
}
