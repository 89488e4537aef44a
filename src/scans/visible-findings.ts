import type { Finding } from '../risks/types.js';
import type { LatestScan } from './types.js';

/** The findings a scan reports that nobody has muted: what digests, lists and counts show. */
export function visibleFindings(scan: Pick<LatestScan, 'result' | 'mutes'>): Finding[] {
  const mutes = scan.mutes;
  if (!mutes || mutes.size === 0) return scan.result.findings;
  return scan.result.findings.filter((f) => !mutes.has(f.id));
}
