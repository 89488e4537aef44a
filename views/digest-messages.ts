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

export function renderDigest(input: DigestInput, limits: DigestLimits = DEFAULT_DIGEST_LIMITS): DigestPlan {
  const { scan, groupBy } = input;
  const filter = input.filter ?? {};
  const findings = filterFindings(visibleFindings(scan), filter);
  const ref: ScanRef = { accountId: scan.account.id, scannedAt: scan.scannedAt };
  const newIds = new Set(scan.changes?.newFindingIds ?? []);
  const title = truncate(`Rightsize digest · ${accountName(scan.account)}`, BLOCK_KIT.headerText);

  const budget = new BlockBudget(MESSAGE_BUDGET);
  const top: Block[] = [header(title), scanContext(scan), severityCounts(findings)];
  const filterNote = describeFilter(filter);
  const muted = mutedNote(scan);
  if (filterNote || muted) top.push(context(`Showing ${filterNote || 'every severity'}${muted}`));
  top.push(...changesBlocks(scan, findings, filter, newIds, ref));
  const partial = partialScanNotice(scan);
  if (partial) top.push(partial);
  top.push(divider());
  budget.take(...top);

  const groups = groupFindings(findings, groupBy, input.ruleTitles);
  // Reserve room for the closing "and N more" line.
  const closing = context('x'.repeat(200));
  budget.take(closing);
  const layout = layoutGroups(findings.length > 0 ? groups : [], budget, {
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
  });
  const blocks = [...top, ...layout.blocks];
  if (findings.length === 0)
    blocks.push(
      section(
        scan.result.gaps.length > 0 || scan.result.notices.length > 0
          ? 'No findings in the data that could be read (the scan was partial, see above).'
          : 'No findings. :tada:',
      ),
    );

  const restCount = countFindings(layout.rest);
  const useFile = restCount > limits.threadFindings;
  if (restCount > 0)
    blocks.push(
      context(
        `and ${plural(restCount, 'more finding')} — ${useFile ? 'the full list is in a file in the thread' : 'listed in the thread'}`,
      ),
    );

  const counts = findings.length === 0 ? 'no findings' : plural(findings.length, 'finding');
  const plan: DigestPlan = {
    message: { text: `Rightsize digest for ${accountName(scan.account)}: ${counts}`, blocks },
    thread: [],
  };
  if (restCount === 0) return plan;
  if (useFile) {
    plan.file = {
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
    return plan;
  }
  let rest = layout.rest;
  for (let part = 1; rest.length > 0; part++) {
    const page = layoutGroups(rest, new BlockBudget(MESSAGE_BUDGET), {
      groupBy,
      scanRef: () => ref,
      perGroup: Number.POSITIVE_INFINITY,
      isNew: (f) => newIds.has(f.id),
    });
    if (page.shown === 0) break;
    plan.thread.push({
      text: `Rightsize digest for ${accountName(scan.account)}, continued (${part})`,
      blocks: page.blocks,
    });
    rest = page.rest;
  }
  return plan;
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
