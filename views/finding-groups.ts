import type { FindingGroup, GroupBy } from '../src/report/group.js';
import type { Finding } from '../src/risks/types.js';
import { context, section, type Block, type ButtonElement } from './blocks.js';
import { findingSection, type FindingLineOptions, type ScanRef } from './finding-line.js';
import { escapeMrkdwn, plural, type BlockBudget } from './limits.js';

export interface GroupLayoutOptions {
  groupBy: GroupBy;
  /** The scan each finding's button points back to. */
  scanRef: (finding: Finding) => ScanRef;
  /** At most this many findings per group in this surface; the rest is counted, not listed. */
  perGroup: number;
  /** A mark on a finding's line (new or reopened since what the surface compares with). */
  mark?: (finding: Finding) => FindingLineOptions['mark'];
  /** A button beside each group's heading (a bulk action), where it applies. */
  groupButton?: (group: FindingGroup) => ButtonElement | undefined;
  /** A button beside "and N more in this group" that shows the rest (a paged modal), where it applies. */
  moreButton?: (group: FindingGroup) => ButtonElement | undefined;
}

export interface GroupLayout {
  blocks: Block[];
  shown: number;
  /** What did not fit, still grouped and in order, for a thread, a file or a narrower query. */
  rest: FindingGroup[];
}

const GROUP_LABEL_MAX = 300;

/**
 * Lays findings out group by group (a heading, the top findings with View details buttons, "and N more
 * in this group") for as long as the budget lasts. Groups that do not fit at all are returned whole.
 */
export function layoutGroups(
  groups: readonly FindingGroup[],
  budget: BlockBudget,
  options: GroupLayoutOptions,
): GroupLayout {
  const blocks: Block[] = [];
  const rest: FindingGroup[] = [];
  let shown = 0;
  let full = false;
  for (const group of groups) {
    if (full) {
      rest.push(group);
      continue;
    }
    const heading = groupHeading(group, options.groupBy, options.groupButton?.(group));
    const placed: Block[] = heading ? [heading] : [];
    let count = 0;
    const spare = moreLine(group, group.findings.length, options.moreButton);
    for (const finding of group.findings.slice(0, options.perGroup)) {
      const mark = options.mark?.(finding);
      const line = findingSection(finding, options.scanRef(finding), {
        showRule: options.groupBy !== 'risk',
        ...(mark && { mark }),
      });
      // Keep one block spare for the "and N more in this group" line.
      if (!budget.fits(...placed, line, spare)) break;
      placed.push(line);
      count++;
    }
    if (count === 0) {
      full = true;
      rest.push(group);
      continue;
    }
    const remaining = group.findings.length - count;
    if (remaining > 0) placed.push(moreLine(group, remaining, options.moreButton));
    budget.take(...placed);
    blocks.push(...placed);
    shown += count;
    if (remaining > 0) rest.push({ ...group, label: continued(group.label), findings: group.findings.slice(count) });
  }
  return { blocks, shown, rest };
}

function moreLine(group: FindingGroup, remaining: number, button: GroupLayoutOptions['moreButton']): Block {
  const text = `and ${plural(remaining, 'more finding')} in this group`;
  const more = button?.(group);
  return more ? section(text, more) : context(text);
}

function groupHeading(group: FindingGroup, groupBy: GroupBy, button?: ButtonElement): Block | undefined {
  if (groupBy === 'none') return undefined;
  return section(
    `*${escapeMrkdwn(group.label, GROUP_LABEL_MAX)}* — ${plural(group.findings.length, 'finding')}`,
    button,
  );
}

function continued(label: string): string {
  return label.endsWith(' (continued)') ? label : `${label} (continued)`;
}

export function countFindings(groups: readonly FindingGroup[]): number {
  return groups.reduce((sum, g) => sum + g.findings.length, 0);
}
