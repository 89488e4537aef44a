import type { Finding, ScanResult } from '../risks/types.js';

/** An AWS account the Slack app serves: its own snapshot, a live account (src/aws), or the bundled demo. */
export interface ServedAccount {
  id: string;
  /** Alias or configured name, shown next to the id. */
  label?: string;
  /** Where its data comes from, in words: "bundled demo account", "snapshot /data/prod". */
  source: string;
}

/** A finding that an earlier scan reported and the latest one no longer does. */
export type ResolvedFinding = Pick<Finding, 'id' | 'ruleId' | 'severity' | 'resourceType' | 'resourceName' | 'title'>;

/** What changed since the previous scan of the same account; the state store computes it. */
export interface ScanChanges {
  previousScanAt: string;
  newFindingIds: readonly string[];
  resolved: readonly ResolvedFinding[];
}

/** One finished scan of one account. */
export interface ScanRecord {
  account: ServedAccount;
  /** When the rules ran (ISO). The data's own time is `result.collectedAt`. */
  scannedAt: string;
  durationMs: number;
  result: ScanResult;
  /** Absent when there is no earlier scan to compare with (or no state store). */
  changes?: ScanChanges;
}

/**
 * Runs scans and remembers the latest per account. The app needs no more than this, so a store-backed
 * scan service (findings lifecycle, mutes, new/resolved) can replace the in-memory one unchanged.
 */
export interface ScanService {
  accounts(): readonly ServedAccount[];
  /** Scans now; concurrent calls for one account share one run. */
  scan(accountId: string): Promise<ScanRecord>;
  latest(accountId: string): ScanRecord | undefined;
}

/** When the next scheduled scan of an account runs; undefined when it is not scheduled. */
export interface ScanSchedule {
  nextRunAt(accountId: string): Date | undefined;
}

/**
 * Maps a Slack user to the resources they own (tags, the config's ownership map). Undefined means no
 * mapping exists for that user, so views show the account-wide picture instead.
 */
export interface Ownership {
  ownedFindings(slackUserId: string, findings: readonly Finding[]): Promise<Finding[] | undefined>;
}
