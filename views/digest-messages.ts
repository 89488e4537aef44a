import type { ResourceOwner } from '../src/access/types.js';
import { filterFindings, groupFindings, type FindingGroup } from '../src/report/group.js';
import { SEVERITIES, type Severity } from '../src/risks/types.js';
import type { Digest, DigestFinding } from '../src/scans/digest.js';
import { visibleFindings } from '../src/scans/visible-findings.js';
import {
  context,
  divider,
  header,
  plain,
  section,
  type Block,
  type ButtonElement,
  type ConfirmDialog,
  type MessageView,
} from './blocks.js';
import { ACTION_IDS, encodeGroupRef, type GroupRef } from './finding-ref.js';
import { layoutGroups } from './finding-groups.js';
import { findingSection, type ScanRef } from './finding-line.js';
import { MAX_BULK_ISSUES } from './jira-outcomes.js';
import { BLOCK_KIT, BlockBudget, MESSAGE_BUDGET, escapeMrkdwn, mention, plural, truncate } from './limits.js';
import { groupId, showAllButton, type PageQuery } from './page-query.js';
import { accountTitle, partialScanNotice, scanContext, severityCounts, slackDate } from './scan-summary.js';

/** A Digest (src/scans/digest.ts) as Slack shows it, with what only the Slack edge knows. */
export interface DigestView {
  digest: Digest;
  /** Owners of the digest's new and reopened findings, by finding id: critical and high ones mention them. */
  owners?: ReadonlyMap<string, ResourceOwner>;
  /** Jira is configured: each group gets a "Create Jira issues" button. */
  jira?: boolean;
}

/** Each group's worst few, so the channel message stays a summary; the rest is a click away. */
const TOP_GROUP_FINDINGS = 3;
const TOP_FLAT_FINDINGS = 10;
const CHANGES_SHOWN = 8;
const RESOLVED_SHOWN = 5;
const MENTIONED: readonly Severity[] = ['critical', 'high'];

/**
 * A digest as one channel message: a delta first (what is new, reopened and resolved since the channel's previous
 * digest, owners mentioned on serious ones), honest counts under the filter, then the top risks per group, and
 * "Show all" buttons for everything else (a paged modal). Nothing long goes into the channel.
 */
export function digestMessage(view: DigestView): MessageView {
  const { digest } = view;
  const scan = digest.scan;
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const findings = filterFindings(visibleFindings(scan), digest.filter);
  const top: Block[] = [
    header(truncate(`Rightsize digest · ${accountTitle(scan.account)}`, BLOCK_KIT.headerText)),
    scanContext(scan),
    severityCounts(visibleFindings(scan), findings),
  ];
  const scope = scopeNote(digest);
  // What the severity filter leaves out is one click away too: every open finding of the account, paged.
  const everyFinding = digest.counts.open + digest.counts.leftOut;
  if (scope && digest.counts.leftOut > 0)
    top.push(
      section(
        scope,
        showAllButton(`Show all ${everyFinding.toLocaleString('en-US')}`, { ...findingsQuery(digest), filter: {} }),
      ),
    );
  else if (scope) top.push(context(scope));
  top.push(...changeBlocks(view));
  const partial = partialScanNotice(scan);
  if (partial) top.push(partial);
  top.push(divider());
  budget.take(...top);
  const closing = closingBlocks(digest, findings.length, findings.length);
  budget.take(...closing);
  const ref: ScanRef = { accountId: scan.account.id, scannedAt: scan.scannedAt };
  const newIds = new Set(digest.newIds);
  const reopenedIds = new Set(digest.reopenedIds);
  const groups = groupFindings(findings, digest.groupBy, digest.ruleTitles);
  const layout = layoutGroups(groups, budget, {
    groupBy: digest.groupBy,
    scanRef: () => ref,
    perGroup: digest.groupBy === 'none' ? TOP_FLAT_FINDINGS : TOP_GROUP_FINDINGS,
    mark: (f) => (newIds.has(f.id) ? 'new' : reopenedIds.has(f.id) ? 'reopened' : undefined),
    ...(view.jira && { groupButton: (group: FindingGroup) => jiraGroupButton(digest, group) }),
    moreButton: (group) =>
      showAllButton(`Show all ${group.findings.length.toLocaleString('en-US')}`, {
        ...findingsQuery(digest),
        group: groupId(group.key),
      }),
  });
  const blocks = [...top, ...layout.blocks];
  if (findings.length === 0) blocks.push(section(emptyText(digest)));
  const unlisted = layout.rest.filter((g) => !g.label.endsWith(' (continued)'));
  blocks.push(...closingBlocks(digest, findings.length, layout.shown, unlisted));
  return { text: notificationText(digest), blocks };
}

/** When nothing in scope changed since the channel's last digest: one line, and the list a click away. */
export function noChangeMessage(digest: Digest): MessageView {
  const c = digest.counts;
  const since =
    digest.since.kind === 'digest' || digest.since.kind === 'scan' ? ` (${slackDate(digest.since.at)})` : '';
  const worst = SEVERITIES.filter((s) => c.bySeverity[s] > 0 && inScope(digest, s))
    .map((s) => `${c.bySeverity[s].toLocaleString('en-US')} ${s}`)
    .join(', ');
  const line = `*Rightsize · ${escapeMrkdwn(accountTitle(digest.scan.account), 300)}*: no change since the last digest${since}. ${plural(c.open, 'open finding')}${scopeWords(digest)}${worst ? ` (${worst})` : ''}${c.muted > 0 ? `; ${plural(c.muted, 'muted finding')} left out` : ''}.`;
  const button = c.open > 0 ? showAllButton('Show all', findingsQuery(digest)) : undefined;
  const blocks: Block[] = [section(line, button)];
  const partial = partialScanNotice(digest.scan);
  if (partial) blocks.push(partial);
  return {
    text: `Rightsize · ${escapeMrkdwn(accountTitle(digest.scan.account), 150)}: no change · ${openSummary(digest)}`,
    blocks,
  };
}

/** The notification: account, critical and high counts, and what changed. */
export function notificationText(digest: Digest): string {
  const c = digest.counts;
  const changes = digest.baseline
    ? digest.since.kind === 'baseline' && digest.since.of === 'channel'
      ? 'first digest here'
      : 'baseline'
    : `${c.new} new, ${c.reopened} reopened, ${c.resolved} resolved`;
  return `Rightsize digest · ${escapeMrkdwn(accountTitle(digest.scan.account), 150)}: ${openSummary(digest)} · ${changes}`;
}

function openSummary(digest: Digest): string {
  const c = digest.counts.bySeverity;
  return `${c.critical.toLocaleString('en-US')} critical, ${c.high.toLocaleString('en-US')} high open`;
}

/** What the lists leave out, and how many: the severity filter and muted findings. */
function scopeNote(digest: Digest): string | undefined {
  const c = digest.counts;
  const parts: string[] = [];
  if (c.leftOut > 0)
    parts.push(
      `Listing severity ${digest.minSeverity} or worse: ${c.open.toLocaleString('en-US')} of ${(c.open + c.leftOut).toLocaleString('en-US')} open findings; ${c.leftOut.toLocaleString('en-US')} below ${digest.minSeverity} are left out of the lists`,
    );
  else if (digest.minSeverity !== 'low') parts.push(`Listing severity ${digest.minSeverity} or worse`);
  if (c.muted > 0) parts.push(`${plural(c.muted, 'muted finding')} left out`);
  return parts.length > 0 ? `${parts.join(' · ')}.` : undefined;
}

/** The delta: baseline wording, or new / reopened / resolved since, with owners on serious new findings. */
function changeBlocks({ digest, owners }: DigestView): Block[] {
  const c = digest.counts;
  const since = digest.since;
  if (since.kind === 'baseline')
    return [
      section(
        since.of === 'channel'
          ? `*First digest in this channel*: the ${plural(c.open, 'open finding')} below are the starting point. The next digest here lists what is new, reopened and resolved since this one.`
          : `*Baseline*: the first recorded scan of this account. Every finding below is the starting point; later digests list what is new, reopened and resolved.`,
      ),
    ];
  const what = since.kind === 'digest' ? 'Since the last digest here' : 'Since the last scan';
  const below =
    c.changesLeftOut > 0 ? ` · ${plural(c.changesLeftOut, 'change')} below ${digest.minSeverity} left out` : '';
  const blocks: Block[] = [
    section(
      `*${what}* (${slackDate(since.at)}): *${c.new.toLocaleString('en-US')} new* · *${c.reopened.toLocaleString('en-US')} reopened* · *${c.resolved.toLocaleString('en-US')} resolved*${below}`,
    ),
  ];
  const ref: ScanRef = { accountId: digest.accountId, scannedAt: digest.scan.scannedAt };
  const changed = [
    ...digest.new.map((f) => ({ f, mark: 'new' as const })),
    ...digest.reopened.map((f) => ({ f, mark: 'reopened' as const })),
  ].slice(0, CHANGES_SHOWN);
  for (const { f, mark } of changed) {
    const owner = owners?.get(f.id);
    const suffix = owner?.slack && MENTIONED.includes(f.severity) ? ` · owner ${mention(owner.slack)}` : '';
    blocks.push(findingSection(f, ref, { showRule: digest.groupBy !== 'risk', mark, suffix }));
  }
  if (c.resolved > 0) {
    const lines = digest.resolved.slice(0, RESOLVED_SHOWN).map((f) => `:white_check_mark: ~${strikable(f)}~`);
    blocks.push(section(`*Resolved*\n${lines.join('\n')}`));
  }
  const hidden = c.new + c.reopened - changed.length + Math.max(0, c.resolved - RESOLVED_SHOWN);
  if (hidden > 0) {
    const button = showAllButton('Show all changes', {
      kind: 'changes',
      account: digest.accountId,
      since: since.at,
      ...(digest.minSeverity !== 'low' && { minSeverity: digest.minSeverity }),
      page: 0,
    });
    blocks.push(section(`and ${plural(hidden, 'more change')} since then`, button));
  }
  if (c.unverified > 0)
    blocks.push(
      context(
        `:warning: ${plural(c.unverified, 'finding')} listed before ${c.unverified === 1 ? 'was' : 'were'} not re-checked (the scan could not read their data): kept open.`,
      ),
    );
  return blocks;
}

/** A resolved finding's line inside ~strikethrough~: no code spans there (Slack would not strike them through). */
function strikable(f: DigestFinding): string {
  return escapeMrkdwn(`${f.title}`, 250).replace(/~/g, '∼');
}

function emptyText(digest: Digest): string {
  if (digest.gaps.length > 0 || digest.notices.length > 0)
    return 'No findings in the data that could be read (the scan was partial, see above).';
  return digest.counts.leftOut > 0
    ? `No open findings of severity ${digest.minSeverity} or worse. :tada:`
    : 'No findings. :tada:';
}

/** The closing line: how many are listed here, and a button to all of them. */
function closingBlocks(digest: Digest, total: number, shown: number, unlisted: readonly FindingGroup[] = []): Block[] {
  if (total === 0 || shown >= total) return [];
  const blocks: Block[] = [];
  if (unlisted.length > 0 && digest.groupBy !== 'none')
    blocks.push(
      context(
        truncate(
          `Not listed above: ${unlisted.map((g) => `${escapeMrkdwn(g.label, 200)} — ${g.findings.length.toLocaleString('en-US')}`).join(' · ')}`,
          1500,
        ),
      ),
    );
  const button = showAllButton(`Show all ${total.toLocaleString('en-US')}`, findingsQuery(digest));
  blocks.push(
    section(
      `${plural(shown, 'finding')} of ${total.toLocaleString('en-US')} listed here${scopeWords(digest)}${button ? '' : ' — `/rightsize risks` lists the rest'}`,
      button,
    ),
  );
  return blocks;
}

function scopeWords(digest: Digest): string {
  return digest.minSeverity === 'low' ? '' : ` of severity ${digest.minSeverity} or worse`;
}

function inScope(digest: Digest, severity: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(digest.minSeverity);
}

/** Every finding the digest covers, as a paged list. */
function findingsQuery(digest: Digest): Extract<PageQuery, { kind: 'findings' }> {
  return {
    kind: 'findings',
    accounts: [digest.accountId],
    filter: digest.filter,
    groupBy: digest.groupBy,
    page: 0,
  };
}

/**
 * Create Jira issues for a digest group, behind a confirmation (it files up to MAX_BULK_ISSUES issues at once);
 * none when the group's key is too long for a button.
 */
function jiraGroupButton(digest: Digest, group: FindingGroup): ButtonElement | undefined {
  const ref: GroupRef = {
    accountId: digest.accountId,
    scannedAt: digest.scan.scannedAt,
    groupBy: digest.groupBy,
    key: group.key,
    ...(digest.filter.minSeverity && { minSeverity: digest.filter.minSeverity }),
  };
  const value = encodeGroupRef(ref);
  if (value.length > BLOCK_KIT.buttonValue) return undefined;
  return {
    type: 'button',
    text: plain('Create Jira issues'),
    action_id: ACTION_IDS.jiraGroup,
    value,
    confirm: bulkJiraConfirm(group),
  };
}

function bulkJiraConfirm(group: FindingGroup): ConfirmDialog {
  const n = group.findings.length;
  const count = n > MAX_BULK_ISSUES ? `the first ${MAX_BULK_ISSUES} of its ${n} findings` : plural(n, 'finding');
  return {
    title: plain('Create Jira issues?', 100),
    text: plain(
      `One Jira issue for each of ${count} (${truncate(group.label, 120)}), filed on your behalf. Findings that already have an issue keep it; none is filed twice.`,
      300,
    ),
    confirm: plain('Create issues', 30),
    deny: plain('Cancel', 30),
  };
}
