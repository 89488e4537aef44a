import type { OwnerFilter } from '../src/access/types.js';
import { filterFindings, groupFindings, type FindingFilter, type GroupBy } from '../src/report/group.js';
import type { Finding } from '../src/risks/types.js';
import type { LatestScan } from '../src/scans/types.js';
import { visibleFindings } from '../src/scans/visible-findings.js';
import { section, type Block, type MessageView } from './blocks.js';
import { countFindings, layoutGroups } from './finding-groups.js';
import type { ScanRef } from './finding-line.js';
import { BlockBudget, MESSAGE_BUDGET, escapeMrkdwn, plural, truncate } from './limits.js';
import { groupId, showAllButton, type PageQuery } from './page-query.js';
import { accountName, describeFilter, mutedNote, severityCounts, slackDate } from './scan-summary.js';

export interface RiskListInput {
  /** The latest scan of each account in scope. */
  scans: readonly LatestScan[];
  groupBy: GroupBy;
  filter: FindingFilter;
  ruleTitles: ReadonlyMap<string, string>;
  /** Only these accounts were asked for (`--account`); the "Show all" pages keep to them. */
  accounts?: readonly string[];
  /** Only the findings of an owner (`--owner`): their ids, and how to name the owner (mrkdwn: a mention, a team). */
  owner?: { filter: OwnerFilter; label: string; findingIds: ReadonlySet<string> };
}

const PER_GROUP = 5;
const PER_FLAT_LIST = 30;

/** `/rightsize risks`: findings of the latest scans, grouped and filtered, with every one a click away. */
export function riskListMessage(input: RiskListInput): MessageView {
  const all = input.scans.flatMap((s) => visibleFindings(s));
  const owned = input.owner ? all.filter((f) => input.owner!.findingIds.has(f.id)) : all;
  const findings = filterFindings(owned, input.filter);
  const refs = new Map<string, ScanRef>(
    input.scans.map((s) => [s.account.id, { accountId: s.account.id, scannedAt: s.scannedAt }]),
  );
  const scope = input.scans
    .map((s) => `${escapeMrkdwn(accountName(s.account), 200)} (scanned ${slackDate(s.scannedAt)}${mutedNote(s)})`)
    .join(', ');
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const top: Block[] = [
    section(truncate(`*${plural(findings.length, 'finding')}* in ${scope}${describe(input)}`, 2900)),
    severityCounts(owned, findings),
  ];
  const query: Extract<PageQuery, { kind: 'findings' }> = {
    kind: 'findings',
    ...(input.accounts && { accounts: [...input.accounts] }),
    filter: pageFilter(input.filter),
    groupBy: input.groupBy,
    ...(input.owner && { owner: input.owner.filter }),
    page: 0,
  };
  const closing = section('x'.repeat(200), showAllButton('Show all', query));
  const overflow = section('x'.repeat(1500));
  budget.take(...top, closing, overflow);
  const layout = layoutGroups(groupFindings(findings, input.groupBy, input.ruleTitles), budget, {
    groupBy: input.groupBy,
    scanRef: (f) => refs.get(f.accountId) ?? { accountId: f.accountId, scannedAt: '' },
    perGroup: input.groupBy === 'none' ? PER_FLAT_LIST : PER_GROUP,
    moreButton: (group) =>
      showAllButton(`Show all ${group.findings.length.toLocaleString('en-US')}`, {
        ...query,
        group: groupId(group.key),
      }),
  });
  const blocks = [...top, ...layout.blocks];
  if (findings.length === 0) blocks.push(section(emptyText(input, owned)));
  const rest = countFindings(layout.rest);
  if (rest > 0) {
    const unlisted = layout.rest.filter((g) => g.label.endsWith(' (continued)') === false);
    if (input.groupBy !== 'none' && unlisted.length > 0)
      blocks.push(
        section(
          truncate(
            `*Not listed above:* ${unlisted.map((g) => `${escapeMrkdwn(g.label, 200)} — ${g.findings.length.toLocaleString('en-US')}`).join(' · ')}`,
            1500,
          ),
        ),
      );
    const button = showAllButton(`Show all ${findings.length.toLocaleString('en-US')}`, query);
    blocks.push(
      section(
        `and ${plural(rest, 'more finding')}${button ? '' : ' — narrow the list with `--severity`, `--rule`, `--type` or `--account`'}`,
        button,
      ),
    );
  }
  return { text: `Rightsize: ${plural(findings.length, 'finding')}`, blocks };
}

function emptyText(input: RiskListInput, owned: readonly Finding[]): string {
  if (input.owner && owned.length === 0) return `No open findings on resources of ${input.owner.label}.`;
  return 'No findings match.';
}

function pageFilter(filter: FindingFilter): Extract<PageQuery, { kind: 'findings' }>['filter'] {
  return {
    ...(filter.minSeverity && { minSeverity: filter.minSeverity }),
    ...(filter.rules && { rules: [...filter.rules] }),
    ...(filter.resourceTypes && { resourceTypes: [...filter.resourceTypes] }),
  };
}

function describe(input: RiskListInput): string {
  const parts = [
    input.groupBy === 'none' ? '' : `grouped by ${input.groupBy}`,
    describeFilter(input.filter),
    input.owner ? `owned by ${input.owner.label}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` · ${parts.join(' · ')}` : '';
}
