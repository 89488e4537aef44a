import type { ResourceOwner } from '../src/access/types.js';
import { SEVERITIES, type Severity } from '../src/risks/types.js';
import type { Digest, DigestSince } from '../src/scans/digest.js';
import type { OrganizationDigest } from '../src/scans/organization-digest.js';
import type { UnjoinedAccount } from '../src/scans/organization-pass.js';
import { visibleFindings } from '../src/scans/visible-findings.js';
import { context, divider, header, section, type Block, type MessageView } from './blocks.js';
import { SEVERITY_EMOJI, findingSection, type ScanRef } from './finding-line.js';
import { BLOCK_KIT, BlockBudget, MESSAGE_BUDGET, escapeMrkdwn, mention, plural, truncate } from './limits.js';
import { showAllButton } from './page-query.js';
import { ouPlace, slackDate } from './scan-summary.js';

const PATHS_SHOWN = 10;
const RESOLVED_SHOWN = 5;
const OTHER_PATHS_SHOWN = 5;
/** As in an account's digest: the owners of new critical and high paths are mentioned. */
const MENTIONED: readonly Severity[] = ['critical', 'high'];
/** Room kept for the closing lines (and "and N more accounts") when accounts are laid out. */
const CLOSING_RESERVE = [context('x'.repeat(300)), section('x'.repeat(300))];

/**
 * An organisation's digest as one channel message: which accounts the pass joined (and which not), each joined
 * account's open findings by severity with what changed since this channel's last digest, then the cross-account
 * paths as findings a person can open, with what is new and resolved since the channel's last organisation digest.
 */
export function organizationDigestMessage(
  digest: OrganizationDigest,
  /** Owners of the new and reopened paths' principals, by finding id: critical and high ones mention them. */
  owners: ReadonlyMap<string, ResourceOwner> = new Map(),
): MessageView {
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const top: Block[] = [
    header(truncate(`Rightsize digest · organisation ${digest.organizationId}`, BLOCK_KIT.headerText)),
    context(
      `Organisation pass of ${slackDate(digest.scannedAt)} · ${plural(digest.accounts.length + digest.unjoined.length, 'account')} in the organisation, ${digest.accounts.length.toLocaleString('en-US')} scanned${digest.paths.minSeverity === 'low' ? '' : ` · listing severity ${digest.paths.minSeverity} or worse`}`,
    ),
  ];
  if (digest.unjoined.length > 0) top.push(section(unjoinedText(digest)));
  top.push(divider(), section(`*Accounts* (${digest.accounts.length.toLocaleString('en-US')})`));
  const pathBlocks = pathsBlocks(digest, owners);
  budget.take(...top, ...pathBlocks, ...CLOSING_RESERVE);
  const accountBlocks: Block[] = [];
  let omitted = 0;
  for (const account of digest.accounts) {
    const block = accountBlock(account);
    if (omitted === 0 && budget.fits(block)) {
      budget.take(block);
      accountBlocks.push(block);
    } else omitted++;
  }
  if (omitted > 0)
    accountBlocks.push(context(`and ${plural(omitted, 'more account')}: \`/rightsize status\` lists every account`));
  return { text: notificationText(digest), blocks: [...top, ...accountBlocks, ...pathBlocks] };
}

/** When nothing in the accounts or the paths changed since the channel's last organisation digest: one line. */
export function organizationNoChangeMessage(digest: OrganizationDigest): MessageView {
  const since = sinceOf(digest.paths.since);
  const line = `*Rightsize · organisation ${escapeMrkdwn(digest.organizationId, 100)}*: no change since the last digest${since ? ` (${slackDate(since)})` : ''}. ${openLine(digest)}.`;
  const blocks: Block[] = [section(truncate(line, BLOCK_KIT.sectionText))];
  if (digest.unjoined.length > 0) blocks.push(context(truncate(escapeMrkdwn(joinedLine(digest), 600), 1000)));
  return { text: `Rightsize · organisation ${digest.organizationId}: no change · ${openLine(digest)}`, blocks };
}

/** "2 of 3 accounts scanned; not scanned: acme-management (100000000001)". */
function joinedLine(digest: OrganizationDigest): string {
  const total = digest.accounts.length + digest.unjoined.length;
  if (digest.unjoined.length === 0) return `${plural(total, 'account')} scanned`;
  return `${digest.accounts.length} of ${plural(total, 'account')} scanned; not scanned: ${digest.unjoined.map((a) => (a.name ? `${a.name} (${a.accountId})` : a.accountId)).join(', ')}`;
}

/** "2 of 3 accounts scanned; not scanned: acme-management (100000000001) — not served by this app (…)". */
function unjoinedText(digest: OrganizationDigest): string {
  const served = digest.unjoined.filter((a) => a.served);
  const elsewhere = digest.unjoined.filter((a) => !a.served);
  const parts: string[] = [];
  if (served.length > 0)
    parts.push(
      `${served.map(unjoinedName).join(', ')}: served here, but ${served.length === 1 ? 'its scan' : 'their scans'} failed (\`/rightsize status\` says why)`,
    );
  if (elsewhere.length > 0)
    parts.push(
      `${elsewhere.map(unjoinedName).join(', ')}: not served by this app (add ${elsewhere.length === 1 ? 'it' : 'them'} under \`accounts\` to join ${elsewhere.length === 1 ? 'it' : 'them'})`,
    );
  return truncate(
    `:warning: *${escapeMrkdwn(joinedLine(digest), 300)}*\n${escapeMrkdwn(parts.join('; '), 2000)}. Paths from and to ${digest.unjoined.length === 1 ? 'it' : 'them'} are not known.`,
    BLOCK_KIT.sectionText,
  );
}

function unjoinedName(account: UnjoinedAccount): string {
  return account.name ?? account.accountId;
}

/** "*acme-demo (111122223333)* · Root/Workloads" and its open findings by severity, with the changes. */
function accountBlock(digest: Digest): Block {
  const { account } = digest.scan;
  const c = digest.counts;
  const place = account.organization ? ` · ${escapeMrkdwn(ouPlace(account.organization), 300)}` : '';
  const severities = SEVERITIES.map((s) => `${SEVERITY_EMOJI[s]} ${c.bySeverity[s].toLocaleString('en-US')} ${s}`).join(
    '  ',
  );
  const total = c.open + c.leftOut;
  const button =
    total > 0
      ? showAllButton(`Show all ${total.toLocaleString('en-US')}`, {
          kind: 'findings',
          accounts: [digest.accountId],
          filter: {},
          groupBy: digest.groupBy,
          page: 0,
        })
      : undefined;
  return section(
    truncate(
      `*${escapeMrkdwn(digest.accountName ? `${digest.accountName} (${digest.accountId})` : digest.accountId, 200)}*${place}\n${severities}\n${changesLine(digest)}${c.muted > 0 ? ` · ${plural(c.muted, 'muted finding')} left out` : ''}`,
      BLOCK_KIT.sectionText,
    ),
    button,
  );
}

/** What changed in one part since the channel's last digest of it (counted under the schedule's minSeverity). */
function changesLine(digest: Digest): string {
  const c = digest.counts;
  if (digest.since.kind === 'baseline')
    return digest.since.of === 'channel' ? '_first digest here_' : '_first recorded scan_';
  const scope = digest.minSeverity === 'low' ? '' : ` (${digest.minSeverity} or worse)`;
  return `${c.new.toLocaleString('en-US')} new · ${c.reopened.toLocaleString('en-US')} reopened · ${c.resolved.toLocaleString('en-US')} resolved since ${slackDate(digest.since.at)}${scope}`;
}

/** The cross-account paths: those to an administrator as findings (what changed, details), then the others. */
function pathsBlocks(digest: OrganizationDigest, owners: ReadonlyMap<string, ResourceOwner>): Block[] {
  const paths = digest.paths;
  const c = paths.counts;
  const findings = visibleFindings(paths.scan).filter(
    (f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(paths.minSeverity),
  );
  const ordered = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const since =
    paths.since.kind === 'baseline'
      ? 'first organisation digest in this channel'
      : `since the last digest here (${slackDate(paths.since.at)}): *${c.new} new* · *${c.reopened} reopened* · *${c.resolved} resolved*`;
  const blocks: Block[] = [
    divider(),
    section(
      `*Cross-account paths* (${digest.pathCount.toLocaleString('en-US')}) · *${plural(ordered.length, 'path')} to an administrator* · ${since}${c.muted > 0 ? ` · ${plural(c.muted, 'muted path')} left out` : ''}`,
    ),
  ];
  const ref: ScanRef = { accountId: paths.accountId, scannedAt: paths.scannedAt };
  const newIds = new Set(paths.newIds);
  const reopenedIds = new Set(paths.reopenedIds);
  for (const f of ordered.slice(0, PATHS_SHOWN)) {
    const mark = newIds.has(f.id) ? 'new' : reopenedIds.has(f.id) ? 'reopened' : undefined;
    const owner = mark && MENTIONED.includes(f.severity) ? owners.get(f.id)?.slack : undefined;
    blocks.push(
      findingSection(f, ref, { ...(mark && { mark }), ...(owner && { suffix: ` · owner ${mention(owner)}` }) }),
    );
  }
  if (ordered.length > PATHS_SHOWN) {
    const button = showAllButton(`Show all ${ordered.length.toLocaleString('en-US')}`, {
      kind: 'findings',
      accounts: [paths.accountId],
      filter: paths.filter,
      groupBy: 'none',
      page: 0,
    });
    blocks.push(section(`and ${plural(ordered.length - PATHS_SHOWN, 'more path')} to an administrator`, button));
  }
  if (ordered.length === 0 && c.leftOut > 0)
    blocks.push(context(`${plural(c.leftOut, 'path')} to an administrator below ${paths.minSeverity} left out.`));
  if (c.resolved > 0) {
    const lines = paths.resolved
      .slice(0, RESOLVED_SHOWN)
      .map((f) => `:white_check_mark: ~${escapeMrkdwn(f.title, 250).replace(/~/g, '∼')}~`);
    const more = c.resolved > RESOLVED_SHOWN ? `\nand ${c.resolved - RESOLVED_SHOWN} more` : '';
    blocks.push(section(`*Resolved*\n${lines.join('\n')}${more}`));
  }
  if (digest.otherPaths.length > 0) {
    const shown = digest.otherPaths.slice(0, OTHER_PATHS_SHOWN).map((line) => `• ${escapeMrkdwn(line, 300)}`);
    const rest = digest.otherPaths.length - shown.length;
    blocks.push(
      section(
        truncate(
          `*To roles that are not administrators* (${digest.otherPaths.length.toLocaleString('en-US')})\n${shown.join('\n')}${rest > 0 ? `\nand ${rest} more: \`rightsize scan\` over the organisation lists every path` : ''}`,
          BLOCK_KIT.sectionText,
        ),
      ),
    );
  }
  if (digest.pathCount === 0)
    blocks.push(section('No principal of one scanned account can become a role of another. :tada:'));
  return blocks;
}

function notificationText(digest: OrganizationDigest): string {
  const paths = digest.paths.counts;
  const changes = digest.paths.baseline ? '' : ` (${paths.new} new, ${paths.resolved} resolved)`;
  return `Rightsize digest · organisation ${escapeMrkdwn(digest.organizationId, 100)}: ${openLine(digest)}${changes}`;
}

/** "2 accounts: 3 critical, 5 high open · 3 cross-account paths (1 to an administrator)". */
function openLine(digest: OrganizationDigest): string {
  const sum = (s: 'critical' | 'high') => digest.accounts.reduce((n, a) => n + a.counts.bySeverity[s], 0);
  // Muted or not, a path is there: the count says so (the message's paths section leaves muted ones out, and says it).
  const toAdministrator = digest.paths.scan.result.findings.length;
  return `${plural(digest.accounts.length, 'account')}: ${sum('critical').toLocaleString('en-US')} critical, ${sum('high').toLocaleString('en-US')} high open · ${plural(digest.pathCount, 'cross-account path')} (${toAdministrator.toLocaleString('en-US')} to an administrator)`;
}

function sinceOf(since: DigestSince): string | undefined {
  return since.kind === 'baseline' ? undefined : since.at;
}
