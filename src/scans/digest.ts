import { countBySeverity, filterFindings, groupFindings, type GroupBy } from '../report/group.js';
import { SEVERITIES, type Severity } from '../risks/types.js';
import type { CollectionGap } from '../snapshot/types.js';
import type { FindingRecord, ScanDiff } from '../store/index.js';

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

/** What a scan changed, ready for a channel: Slack, the log, or the terminal render it. */
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
}

export interface DigestOptions {
  groupBy: GroupBy;
  minSeverity: Severity;
  ruleTitles: ReadonlyMap<string, string>;
  accountName?: string;
  /** How many findings each list keeps (the counts are always complete); default 10. */
  limit?: number;
}

/** Builds the digest of one recorded scan. Pure. */
export function buildDigest(diff: ScanDiff, options: DigestOptions): Digest {
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
  };
}

/** The digest as plain text, for the log and the terminal. */
export function renderDigestText(digest: Digest): string {
  const c = digest.counts;
  const name = digest.accountName ? `${digest.accountName} (${digest.accountId})` : digest.accountId;
  const scope = digest.minSeverity === 'low' ? '' : ` (${digest.minSeverity} and worse)`;
  const lines = [
    `Rightsize digest for ${name} · scan ${digest.scanId} · ${digest.finishedAt}`,
    digest.baseline
      ? `  baseline: first recorded scan, ${c.open} open finding${c.open === 1 ? '' : 's'}${scope}; later scans report what changes`
      : `  ${c.new} new · ${c.reopened} reopened · ${c.resolved} resolved · ${c.open} open · ${c.muted} muted${scope}`,
    `  open by severity: ${SEVERITIES.map((s) => `${c.bySeverity[s]} ${s}`).join(', ')}`,
  ];
  if (c.unverified > 0)
    lines.push(`  ${c.unverified} finding(s) not re-checked (their data had gaps or the rule did not run): kept open`);
  const list = (title: string, items: DigestFinding[], total: number) => {
    if (total === 0) return;
    lines.push('', `${title} — ${total}`);
    for (const f of items) lines.push(`  [${f.severity.toUpperCase()}] ${f.title} · ${f.resourceName}  (${f.id})`);
    if (total > items.length) lines.push(`  and ${total - items.length} more`);
  };
  if (!digest.baseline) {
    list('New', digest.new, c.new);
    list('Reopened', digest.reopened, c.reopened);
    list('Resolved', digest.resolved, c.resolved);
  }
  list('Top open findings', digest.top, c.open);
  if (digest.groupBy !== 'none' && digest.groups.length > 0) {
    lines.push('', `Open findings by ${digest.groupBy}`);
    for (const g of digest.groups.slice(0, 10))
      lines.push(`  ${g.label}: ${g.open}${g.new > 0 ? ` (${g.new} new)` : ''}`);
    if (digest.groups.length > 10) lines.push(`  and ${digest.groups.length - 10} more groups`);
  }
  if (digest.gaps.length > 0) {
    lines.push('', 'Gaps (data the scan could not read)');
    for (const g of digest.gaps) lines.push(`  - ${g.source}: ${g.message}`);
  }
  return lines.join('\n');
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
