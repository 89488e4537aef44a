import { filterFindings, groupFindings, type FindingFilter, type GroupBy } from '../src/report/group.js';
import type { LatestScan } from '../src/scans/types.js';
import { context, section, type Block, type MessageView } from './blocks.js';
import { countFindings, layoutGroups } from './finding-groups.js';
import type { ScanRef } from './finding-line.js';
import { BlockBudget, MESSAGE_BUDGET, escapeMrkdwn, plural, truncate } from './limits.js';
import { visibleFindings } from '../src/scans/visible-findings.js';
import { accountName, describeFilter, mutedNote, severityCounts, slackDate } from './scan-summary.js';

export interface RiskListInput {
  /** The latest scan of each account in scope. */
  scans: readonly LatestScan[];
  groupBy: GroupBy;
  filter: FindingFilter;
  ruleTitles: ReadonlyMap<string, string>;
}

const PER_GROUP = 5;
const PER_FLAT_LIST = 30;

/** `/rightsize risks`: findings of the latest scans, grouped and filtered, within one message. */
export function riskListMessage(input: RiskListInput): MessageView {
  const findings = filterFindings(
    input.scans.flatMap((s) => visibleFindings(s)),
    input.filter,
  );
  const refs = new Map<string, ScanRef>(
    input.scans.map((s) => [s.account.id, { accountId: s.account.id, scannedAt: s.scannedAt }]),
  );
  const scope = input.scans
    .map((s) => `${escapeMrkdwn(accountName(s.account), 200)} (scanned ${slackDate(s.scannedAt)}${mutedNote(s)})`)
    .join(', ');
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const top: Block[] = [
    section(truncate(`*${plural(findings.length, 'finding')}* in ${scope}${describe(input)}`, 2900)),
    severityCounts(findings),
  ];
  const closing = context('x'.repeat(200));
  const overflow = section('x'.repeat(1500));
  budget.take(...top, closing, overflow);
  const layout = layoutGroups(groupFindings(findings, input.groupBy, input.ruleTitles), budget, {
    groupBy: input.groupBy,
    scanRef: (f) => refs.get(f.accountId) ?? { accountId: f.accountId, scannedAt: '' },
    perGroup: input.groupBy === 'none' ? PER_FLAT_LIST : PER_GROUP,
  });
  const blocks = [...top, ...layout.blocks];
  if (findings.length === 0) blocks.push(section('No findings match.'));
  const rest = countFindings(layout.rest);
  if (rest > 0) {
    const unlisted = layout.rest.filter((g) => g.label.endsWith(' (continued)') === false);
    if (input.groupBy !== 'none' && unlisted.length > 0)
      blocks.push(
        section(
          truncate(
            `*Not listed above:* ${unlisted.map((g) => `${escapeMrkdwn(g.label, 200)} — ${g.findings.length}`).join(' · ')}`,
            1500,
          ),
        ),
      );
    blocks.push(
      context(
        `and ${plural(rest, 'more finding')} — narrow the list with \`--severity\`, \`--rule\`, \`--type\` or \`--account\`, or use \`rightsize scan\` on the command line`,
      ),
    );
  }
  return { text: `Rightsize: ${plural(findings.length, 'finding')}`, blocks };
}

function describe(input: RiskListInput): string {
  const parts = [input.groupBy === 'none' ? '' : `grouped by ${input.groupBy}`, describeFilter(input.filter)].filter(
    Boolean,
  );
  return parts.length > 0 ? ` · ${parts.join(' · ')}` : '';
}
