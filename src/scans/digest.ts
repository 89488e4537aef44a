import { countBySeverity, filterFindings, groupFindings, type FindingFilter, type GroupBy } from '../report/group.js';
import { SEVERITIES, type Finding, type Severity } from '../risks/types.js';
import type { CollectionGap } from '../snapshot/types.js';
import type { ChannelDigest, FindingRecord, ScanDiff } from '../store/index.js';
import type { LatestScan } from './types.js';
import { visibleFindings } from './visible-findings.js';

export type DigestFinding = Pick<
  FindingRecord,
  'id' | 'ruleId' | 'severity' | 'accountId' | 'resourceArn' | 'resourceType' | 'resourceName' | 'title'
>;

export interface DigestGroup {
  key: string;
  label: string;
  open: number;
  new: number;
}

/** What a digest's changes are counted from. */
export type DigestSince =
  /** Nothing to compare with: the first digest a channel gets, or the first recorded scan of the account. */
  | { kind: 'baseline'; of: 'channel' | 'account' }
  /** The previous digest posted to the same channel. */
  | { kind: 'digest'; at: string }
  /** The previous recorded scan of the account (a digest for the log or terminal). */
  | { kind: 'scan'; at: string };

/** What changed since the digest compares with: ids of the scan's findings, and the records of those gone. */
export interface DigestChanges {
  since: DigestSince;
  newIds: readonly string[];
  reopenedIds: readonly string[];
  resolved: readonly DigestFinding[];
  /** Shown before, absent now, but this scan could not see them (gaps): still open. */
  unverified: readonly DigestFinding[];
}

/**
 * What a recorded scan changed and what is open, for one audience (a channel, or the log): the scheduler and
 * `/rightsize scan` build it; views/digest-messages.ts renders it for Slack, digest-text.ts for the terminal.
 * Counts are honest under the audience's filter: every severity is counted, and what the lists leave out is said.
 */
export interface Digest {
  accountId: string;
  accountName?: string;
  scanId?: string;
  /** When the scan ran. */
  scannedAt: string;
  source: string;
  since: DigestSince;
  /** Nothing to compare with (see `since`): the open findings are the starting point. */
  baseline: boolean;
  /** Something in scope is new, reopened or resolved (a baseline always counts as a change). */
  changed: boolean;
  /** Findings below it are left out of the lists, and counted as left out. */
  minSeverity: Severity;
  groupBy: GroupBy;
  counts: {
    /** Open (not muted) findings of `minSeverity` and worse. */
    open: number;
    /** Open findings of every severity, by severity: the account's real numbers, whatever the filter. */
    bySeverity: Record<Severity, number>;
    /** Open findings below `minSeverity`. */
    leftOut: number;
    new: number;
    reopened: number;
    resolved: number;
    unverified: number;
    /** New, reopened and resolved findings below `minSeverity`. */
    changesLeftOut: number;
    muted: number;
  };
  /** Every new and reopened finding in scope, by id (the lists below are cut at `limit`). */
  newIds: string[];
  reopenedIds: string[];
  /** Worst first, at most `limit` each; the counts are complete. */
  new: DigestFinding[];
  reopened: DigestFinding[];
  resolved: DigestFinding[];
  /** The worst open findings, worst first. */
  top: DigestFinding[];
  groups: DigestGroup[];
  gaps: CollectionGap[];
  notices: { ruleId: string; message: string }[];
  /** The scan itself, every finding with its evidence: what Slack lists and links (left out of the JSON line). */
  scan: LatestScan;
  /** The findings this audience sees: `minSeverity` and worse (every severity: no filter). */
  filter: FindingFilter;
  /** Group labels by rule id. */
  ruleTitles: ReadonlyMap<string, string>;
}

export interface DigestOptions {
  groupBy: GroupBy;
  minSeverity: Severity;
  ruleTitles: ReadonlyMap<string, string>;
  accountName?: string;
  /** How many findings each list keeps (the counts are always complete); default 10. */
  limit?: number;
  /** What to compare with; default the account's previous recorded scan (`changesSinceScan`). */
  changes?: DigestChanges;
}

/** Builds the digest of a scan for one audience. Pure. */
export function buildDigest(recorded: { latest: LatestScan; diff?: ScanDiff }, options: DigestOptions): Digest {
  const { latest } = recorded;
  const changes = options.changes ?? changesSinceScan(recorded as { latest: LatestScan; diff: ScanDiff });
  const limit = options.limit ?? 10;
  const filter: FindingFilter = options.minSeverity === 'low' ? {} : { minSeverity: options.minSeverity };
  const inScope = <F extends DigestFinding>(findings: readonly F[]) => filterFindings(findings, filter);
  const visible = visibleFindings(latest);
  const byId = new Map(visible.map((f) => [f.id, f]));
  const pick = (ids: readonly string[]) => ids.map((id) => byId.get(id)).filter((f): f is Finding => f !== undefined);
  const everyNew = pick(changes.newIds);
  const everyReopened = pick(changes.reopenedIds);
  const open = worstFirst(inScope(visible));
  const fresh = worstFirst(inScope(everyNew));
  const reopened = worstFirst(inScope(everyReopened));
  const resolved = worstFirst(inScope(changes.resolved));
  const changedIds = new Set([...fresh, ...reopened].map((f) => f.id));
  const baseline = changes.since.kind === 'baseline';
  const brief = (findings: readonly DigestFinding[]) => findings.slice(0, limit).map(digestFinding);
  return {
    accountId: latest.account.id,
    ...((options.accountName ?? latest.account.label) && { accountName: options.accountName ?? latest.account.label }),
    ...(latest.scanId && { scanId: latest.scanId }),
    scannedAt: latest.scannedAt,
    source: latest.account.source,
    since: changes.since,
    baseline,
    changed: baseline || fresh.length + reopened.length + resolved.length > 0,
    minSeverity: options.minSeverity,
    groupBy: options.groupBy,
    counts: {
      open: open.length,
      bySeverity: countBySeverity(visible),
      leftOut: visible.length - open.length,
      new: fresh.length,
      reopened: reopened.length,
      resolved: resolved.length,
      unverified: inScope(changes.unverified).length,
      changesLeftOut:
        everyNew.length +
        everyReopened.length +
        changes.resolved.length -
        fresh.length -
        reopened.length -
        resolved.length,
      muted: latest.result.findings.length - visible.length,
    },
    newIds: fresh.map((f) => f.id),
    reopenedIds: reopened.map((f) => f.id),
    new: brief(fresh),
    reopened: brief(reopened),
    resolved: brief(resolved),
    top: brief(open),
    groups: groupFindings(open, options.groupBy, options.ruleTitles).map((g) => ({
      key: g.key,
      label: g.label,
      open: g.findings.length,
      new: g.findings.filter((f) => changedIds.has(f.id)).length,
    })),
    gaps: latest.result.gaps,
    notices: latest.result.notices,
    scan: latest,
    filter,
    ruleTitles: options.ruleTitles,
  };
}

/** Changes since the account's previous recorded scan, as the store's diff has them. */
export function changesSinceScan({ latest, diff }: { latest: LatestScan; diff: ScanDiff }): DigestChanges {
  const previous = latest.changes?.previousScanAt;
  return {
    since: diff.baseline || !previous ? { kind: 'baseline', of: 'account' } : { kind: 'scan', at: previous },
    newIds: diff.new.map((f) => f.id),
    reopenedIds: diff.reopened.map((f) => f.id),
    resolved: diff.resolved,
    unverified: diff.unverified,
  };
}

/**
 * Changes since what a channel was last shown: findings the scan reports that the channel's previous digest did
 * not (new since then, or reopened since then), and findings it showed that are resolved now. A finding shown
 * before that the scan could not see (a gap) is unverified, not resolved. No previous digest: the channel's baseline.
 */
export function changesSinceDigest(
  previous: Pick<ChannelDigest, 'at' | 'findingIds'> | undefined,
  latest: Pick<LatestScan, 'result'>,
  record: (findingId: string) => FindingRecord | undefined,
): DigestChanges {
  if (!previous)
    return { since: { kind: 'baseline', of: 'channel' }, newIds: [], reopenedIds: [], resolved: [], unverified: [] };
  const shown = new Set(previous.findingIds);
  const current = new Set(latest.result.findings.map((f) => f.id));
  const newIds: string[] = [];
  const reopenedIds: string[] = [];
  for (const id of current) {
    if (shown.has(id)) continue;
    const r = record(id);
    if (!r || r.firstSeen > previous.at) newIds.push(id);
    else if (r.reopenedAt && r.reopenedAt > previous.at) reopenedIds.push(id);
  }
  const resolved: DigestFinding[] = [];
  const unverified: DigestFinding[] = [];
  for (const id of shown) {
    if (current.has(id)) continue;
    const r = record(id);
    if (r?.status === 'resolved') resolved.push(r);
    else if (r) unverified.push(r);
  }
  return { since: { kind: 'digest', at: previous.at }, newIds, reopenedIds, resolved, unverified };
}

function worstFirst<F extends Pick<Finding, 'severity'>>(findings: F[]): F[] {
  return findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

function digestFinding(f: DigestFinding): DigestFinding {
  return {
    id: f.id,
    ruleId: f.ruleId,
    severity: f.severity,
    accountId: f.accountId,
    resourceArn: f.resourceArn,
    resourceType: f.resourceType,
    resourceName: f.resourceName,
    title: f.title,
  };
}
