import { filterFindings, groupFindings, type FindingFilter, type FindingGroup } from '../src/report/group.js';
import { renderScanReport } from '../src/report/scan-report.js';
import type { Finding } from '../src/risks/types.js';
import type { Digest } from '../src/scans/digest.js';
import type { LatestScan } from '../src/scans/types.js';
import { visibleFindings } from '../src/scans/visible-findings.js';
import {
  context,
  divider,
  header,
  plain,
  section,
  type Block,
  type ButtonElement,
  type MessageView,
} from './blocks.js';
import { ACTION_IDS, encodeGroupRef, type GroupRef } from './finding-ref.js';
import { countFindings, layoutGroups } from './finding-groups.js';
import { findingSection, type ScanRef } from './finding-line.js';
import { BlockBudget, MESSAGE_BUDGET, escapeMrkdwn, plural, truncate, BLOCK_KIT } from './limits.js';
import {
  accountName,
  describeFilter,
  mutedNote,
  partialScanNotice,
  scanContext,
  severityCounts,
  slackDate,
} from './scan-summary.js';

/** A Digest (src/scans/digest.ts), or the part of one a slash command has: a scan, how to group it, labels. */
export interface DigestInput extends Pick<Digest, 'scan' | 'groupBy' | 'ruleTitles'> {
  /** What this digest covers (per schedule, e.g. high and worse); default everything. */
  filter?: FindingFilter;
  /** Jira is configured: each group gets a "Create Jira issues" button. */
  jira?: boolean;
}

/** The full list of a long digest, uploaded into its thread. */
export interface DigestFile {
  filename: string;
  title: string;
  content: string;
  /** Posted with the file in the digest's thread. */
  comment: string;
}

/** A digest as Slack messages: the channel message, thread replies, and a file when the rest is long. */
export interface DigestPlan {
  message: MessageView;
  thread: MessageView[];
  file?: DigestFile;
}

export interface DigestLimits {
  /** Up to this many findings beyond the channel message go into thread replies; more go into a file. */
  threadFindings: number;
}

export const DEFAULT_DIGEST_LIMITS: DigestLimits = { threadFindings: 100 };

const TOP_GROUP_FINDINGS = 3;
const TOP_FLAT_FINDINGS = 15;
const NEW_FINDINGS_SHOWN = 5;
const RESOLVED_SHOWN = 5;

/** A digest as the channel message, then its thread: replies when the rest is short, else the full list as a file. */
export function renderDigest(input: DigestInput, limits: DigestLimits = DEFAULT_DIGEST_LIMITS): DigestPlan {
  const scope = digestScope(input);
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const top = summaryBlocks(scope);
  budget.take(...top);
  // Reserve room for the closing "and N more" line.
  budget.take(context('x'.repeat(200)));
  const groups = groupFindings(scope.findings, input.groupBy, input.ruleTitles);
  const layout = layoutGroups(scope.findings.length > 0 ? groups : [], budget, channelLayout(scope));
  const restCount = countFindings(layout.rest);
  const useFile = restCount > limits.threadFindings;
  const plan: DigestPlan = {
    message: channelMessage(scope, [...top, ...layout.blocks], restCount, useFile),
    thread: [],
  };
  if (restCount === 0) return plan;
  if (useFile) return { ...plan, file: fullListFile(scope) };
  return { ...plan, thread: threadReplies(scope, layout.rest) };
}

/** What every part of one digest shares: the findings it covers, which of them are new, the scan buttons point at. */
interface DigestScope {
  input: DigestInput;
  filter: FindingFilter;
  findings: Finding[];
  ref: ScanRef;
  newIds: ReadonlySet<string>;
}

function digestScope(input: DigestInput): DigestScope {
  const { scan } = input;
  const filter = input.filter ?? {};
  return {
    input,
    filter,
    findings: filterFindings(visibleFindings(scan), filter),
    ref: { accountId: scan.account.id, scannedAt: scan.scannedAt },
    newIds: new Set(scan.changes?.newFindingIds ?? []),
  };
}

/** The head of the channel message: title, scan, counts, what is shown, what changed, whether the scan was partial. */
function summaryBlocks({ input, filter, findings, newIds, ref }: DigestScope): Block[] {
  const { scan } = input;
  const title = truncate(`Rightsize digest · ${accountName(scan.account)}`, BLOCK_KIT.headerText);
  const top: Block[] = [header(title), scanContext(scan), severityCounts(findings)];
  const filterNote = describeFilter(filter);
  const muted = mutedNote(scan);
  if (filterNote || muted) top.push(context(`Showing ${filterNote || 'every severity'}${muted}`));
  top.push(...changesBlocks(scan, findings, filter, newIds, ref));
  const partial = partialScanNotice(scan);
  if (partial) top.push(partial);
  top.push(divider());
  return top;
}

/** The channel message lists the worst few per group, each group with its Jira button when Jira is set up. */
function channelLayout({ input, filter, ref, newIds }: DigestScope): Parameters<typeof layoutGroups>[2] {
  const { groupBy } = input;
  return {
    groupBy,
    scanRef: () => ref,
    perGroup: groupBy === 'none' ? TOP_FLAT_FINDINGS : TOP_GROUP_FINDINGS,
    isNew: (f) => newIds.has(f.id),
    ...(input.jira && {
      groupButton: (group: FindingGroup) =>
        jiraGroupButton({
          ...ref,
          groupBy,
          key: group.key,
          ...(filter.minSeverity && { minSeverity: filter.minSeverity }),
        }),
    }),
  };
}

/** The channel message: the summary, the groups, and a closing line saying where the rest is. */
function channelMessage({ input, findings }: DigestScope, blocks: Block[], restCount: number, useFile: boolean) {
  const { scan } = input;
  if (findings.length === 0)
    blocks.push(
      section(
        scan.result.gaps.length > 0 || scan.result.notices.length > 0
          ? 'No findings in the data that could be read (the scan was partial, see above).'
          : 'No findings. :tada:',
      ),
    );
  if (restCount > 0)
    blocks.push(
      context(
        `and ${plural(restCount, 'more finding')} — ${useFile ? 'the full list is in a file in the thread' : 'listed in the thread'}`,
      ),
    );
  const counts = findings.length === 0 ? 'no findings' : plural(findings.length, 'finding');
  return { text: `Rightsize digest for ${accountName(scan.account)}: ${counts}`, blocks };
}

/** Every finding of the scan as text, for the thread of a digest too long for replies. */
function fullListFile({ input, filter, findings }: DigestScope): DigestFile {
  const { scan, groupBy } = input;
  return {
    filename: `rightsize-${scan.account.id}-${scan.scannedAt.replace(/[:.]/g, '-')}.txt`,
    title: `Rightsize findings for ${accountName(scan.account)}`,
    content: renderScanReport(
      { ...scan.result, findings: visibleFindings(scan) },
      {
        format: 'text',
        groupBy,
        filter,
        ruleTitles: input.ruleTitles,
      },
    ),
    comment: `All ${plural(findings.length, 'finding')} of this scan, grouped ${groupBy === 'none' ? 'in one list' : `by ${groupBy}`}. \`/rightsize show <finding id>\` opens one.`,
  };
}

/** The findings the channel message had no room for, in as many thread replies as they take. */
function threadReplies({ input, ref, newIds }: DigestScope, groups: readonly FindingGroup[]): MessageView[] {
  const replies: MessageView[] = [];
  let rest = groups;
  for (let part = 1; rest.length > 0; part++) {
    const page = layoutGroups(rest, new BlockBudget(MESSAGE_BUDGET), {
      groupBy: input.groupBy,
      scanRef: () => ref,
      perGroup: Number.POSITIVE_INFINITY,
      isNew: (f) => newIds.has(f.id),
    });
    if (page.shown === 0) break;
    replies.push({
      text: `Rightsize digest for ${accountName(input.scan.account)}, continued (${part})`,
      blocks: page.blocks,
    });
    rest = page.rest;
  }
  return replies;
}

function changesBlocks(
  scan: LatestScan,
  findings: readonly Finding[],
  filter: FindingFilter,
  newIds: ReadonlySet<string>,
  ref: ScanRef,
): Block[] {
  if (scan.baseline)
    return [
      section(
        '*Baseline*: the first recorded scan of this account. Every finding below is the starting point; later digests list what is new and what was resolved.',
      ),
    ];
  const changes = scan.changes;
  if (!changes) return [];
  const fresh = findings.filter((f) => newIds.has(f.id));
  const resolved = filterFindings(
    changes.resolved.map((f) => ({ ...f, accountId: scan.account.id, resourceArn: '' })),
    { minSeverity: filter.minSeverity },
  );
  const blocks: Block[] = [
    section(
      `*Since the last scan* (${slackDate(changes.previousScanAt)}): *${plural(fresh.length, 'new finding')}* · *${resolved.length.toLocaleString('en-US')} resolved*`,
    ),
  ];
  for (const f of fresh.slice(0, NEW_FINDINGS_SHOWN))
    blocks.push(findingSection(f, ref, { showRule: true, isNew: true }));
  if (fresh.length > NEW_FINDINGS_SHOWN)
    blocks.push(context(`and ${plural(fresh.length - NEW_FINDINGS_SHOWN, 'more new finding')} (marked *new* below)`));
  if (resolved.length > 0) {
    const lines = resolved
      .slice(0, RESOLVED_SHOWN)
      .map(
        (f) =>
          `:white_check_mark: ~${escapeMrkdwn(`${f.resourceType} ${f.resourceName}`, 150)}~ — ${escapeMrkdwn(f.title, 150)}`,
      );
    if (resolved.length > RESOLVED_SHOWN)
      lines.push(`and ${plural(resolved.length - RESOLVED_SHOWN, 'more resolved finding')}`);
    blocks.push(section(`*Resolved*\n${lines.join('\n')}`));
  }
  return blocks;
}

/** Create Jira issues for every finding of a digest group; none when the group's key is too long for a button. */
function jiraGroupButton(ref: GroupRef): ButtonElement | undefined {
  const value = encodeGroupRef(ref);
  if (value.length > BLOCK_KIT.buttonValue) return undefined;
  return { type: 'button', text: plain('Create Jira issues'), action_id: ACTION_IDS.jiraGroup, value };
}
