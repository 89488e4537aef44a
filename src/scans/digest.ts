import { countBySeverity, filterFindings, groupFindings, type FindingFilter, type GroupBy } from '../report/group.js';
import { SEVERITIES, type Severity } from '../risks/types.js';
import type { CollectionGap } from '../snapshot/types.js';
import type { FindingRecord, ScanDiff } from '../store/index.js';
import type { LatestScan } from './types.js';

export type DigestFinding = Pick<
  FindingRecord,
  'id' | 'ruleId' | 'severity' | 'accountId' | 'resourceArn' | 'resourceType' | 'resourceName' | 'title' | 'firstSeen'
>;

export interface DigestGroup {
  key: string;
  label: string;
  open: number;
  new: number;
}

/**
 * What a recorded scan changed and what is open, for one audience (a schedule's channel): the scheduler builds
 * it once; views/digest.ts renders it for Slack, digest-text.ts for the terminal and the log.
 */
export interface Digest {
  accountId: string;
  accountName?: string;
  scanId: string;
  finishedAt: string;
  source: string;
  /** First scan of the account: no "new" list, the open findings are the starting point. */
  baseline: boolean;
  /** Findings below it are left out of every list and count. */
  minSeverity: Severity;
  groupBy: GroupBy;
  counts: {
    open: number;
    new: number;
    reopened: number;
    resolved: number;
    muted: number;
    unverified: number;
    bySeverity: Record<Severity, number>;
  };
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
}

/** Builds the digest of one recorded scan (its outcome: the store's diff and the scan as the app holds it). Pure. */
export function buildDigest(recorded: { diff: ScanDiff; latest: LatestScan }, options: DigestOptions): Digest {
  const { diff } = recorded;
  const limit = options.limit ?? 10;
  const keep = (records: readonly FindingRecord[]) => filterFindings(records, { minSeverity: options.minSeverity });
  const brief = (records: readonly FindingRecord[]) => records.slice(0, limit).map(digestFinding);
  const open = worstFirst(keep(diff.open));
  const fresh = worstFirst(keep(diff.new));
  const reopened = worstFirst(keep(diff.reopened));
  const resolved = worstFirst(keep(diff.resolved));
  const newIds = new Set(fresh.map((f) => f.id));
  return {
    accountId: diff.scan.accountId,
    ...(options.accountName && { accountName: options.accountName }),
    scanId: diff.scan.id,
    finishedAt: diff.scan.finishedAt,
    source: diff.scan.source,
    baseline: diff.baseline,
    minSeverity: options.minSeverity,
    groupBy: options.groupBy,
    counts: {
      open: open.length,
      new: fresh.length,
      reopened: reopened.length,
      resolved: resolved.length,
      muted: keep(diff.muted).length,
      unverified: keep(diff.unverified).length,
      bySeverity: countBySeverity(open),
    },
    new: brief(fresh),
    reopened: brief(reopened),
    resolved: brief(resolved),
    top: brief(open),
    groups: groupFindings(open, options.groupBy, options.ruleTitles).map((g) => ({
      key: g.key,
      label: g.label,
      open: g.findings.length,
      new: g.findings.filter((f) => newIds.has(f.id)).length,
    })),
    gaps: diff.scan.gaps,
    notices: diff.scan.notices,
    scan: recorded.latest,
    filter: options.minSeverity === 'low' ? {} : { minSeverity: options.minSeverity },
    ruleTitles: options.ruleTitles,
  };
}

function worstFirst(records: FindingRecord[]): FindingRecord[] {
  return records.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

function digestFinding(r: FindingRecord): DigestFinding {
  return {
    id: r.id,
    ruleId: r.ruleId,
    severity: r.severity,
    accountId: r.accountId,
    resourceArn: r.resourceArn,
    resourceType: r.resourceType,
    resourceName: r.resourceName,
    title: r.title,
    firstSeen: r.firstSeen,
  };
}
