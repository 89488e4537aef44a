import type { Finding } from '../risks/types.js';
import type { FindingRef, LatestScan } from './types.js';

export interface FindingMatch {
  finding: Finding;
  scan: LatestScan;
}

/**
 * Findings a person means by `query`: a finding id, a resource ARN, a resource name, `kind/name` (`role/deploy`), or
 * the start of finding ids (at least 4 characters, as `mute` and `jira` take them; several matches are all returned).
 * Names compare case-insensitively, as IAM names are unique regardless of case.
 */
export function findFindings(query: string, scans: readonly LatestScan[]): FindingMatch[] {
  const q = query.trim();
  const all = scans.flatMap((scan) => scan.result.findings.map((finding) => ({ finding, scan })));
  const byId = all.filter((m) => m.finding.id === q);
  if (byId.length > 0) return byId;
  const byArn = all.filter((m) => m.finding.resourceArn === q);
  if (byArn.length > 0) return byArn;
  const lower = q.toLowerCase();
  const slash = lower.indexOf('/');
  const kind = slash > 0 ? lower.slice(0, slash) : undefined;
  const name = kind ? lower.slice(slash + 1) : lower;
  const byKindName = kind
    ? all.filter((m) => m.finding.resourceType === kind && m.finding.resourceName.toLowerCase() === name)
    : [];
  if (byKindName.length > 0) return byKindName;
  const byName = all.filter((m) => m.finding.resourceName.toLowerCase() === lower);
  if (byName.length > 0 || q.length < MIN_ID_PREFIX) return byName;
  return all.filter((m) => m.finding.id.startsWith(q));
}

/** As the state store takes finding ids (`findByIdOrPrefix`). */
const MIN_ID_PREFIX = 4;

/** What a finding button points at now. */
export type RefLookup =
  | { kind: 'found'; match: FindingMatch }
  /** The latest scan of the account is newer than the button's and no longer reports the finding. */
  | { kind: 'resolved'; scan: LatestScan }
  | { kind: 'unknown-finding'; scan: LatestScan }
  | { kind: 'unknown-account' };

export function lookupRef(ref: FindingRef, latest: LatestScan | undefined): RefLookup {
  if (!latest) return { kind: 'unknown-account' };
  const finding = latest.result.findings.find((f) => f.id === ref.findingId);
  if (finding) return { kind: 'found', match: { finding, scan: latest } };
  const newer = Date.parse(latest.scannedAt) > Date.parse(ref.scannedAt);
  return newer ? { kind: 'resolved', scan: latest } : { kind: 'unknown-finding', scan: latest };
}
