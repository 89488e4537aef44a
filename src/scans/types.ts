import type { Finding, ScanResult } from '../risks/types.js';
import type { Tags } from '../snapshot/types.js';
import type { Actor } from '../store/index.js';
import type { OrganizationScan } from './organization-pass.js';

/** An AWS account the Slack app serves: its own snapshot, a live account (src/aws), or the bundled demo. */
export interface ServedAccount {
  id: string;
  /** Alias or configured name, shown next to the id. */
  label?: string;
  /** Where its data comes from, in words: "bundled demo account", "snapshot /data/prod". */
  source: string;
  /** Its AWS Organization, once a snapshot of it has been read with an organization.json. */
  organization?: ServedOrganization;
}

/** Where a served account sits in its AWS Organization (from the snapshot's `organization`). */
export interface ServedOrganization {
  /** "o-acme12345" (AWS Organizations has ids, not names). */
  id: string;
  /** "Root/Workloads": absent for an account the organization.json does not place. */
  ouPath?: string;
  isManagementAccount?: boolean;
}

/** A finding that an earlier scan reported and the latest one no longer does. */
export type ResolvedFinding = Pick<Finding, 'id' | 'ruleId' | 'severity' | 'resourceType' | 'resourceName' | 'title'>;

/** What changed since the previous scan of the same account; the state store computes it. */
export interface ScanChanges {
  previousScanAt: string;
  newFindingIds: readonly string[];
  resolved: readonly ResolvedFinding[];
}

/** An accepted finding: left out of digests, lists and counts until `until`. */
export interface FindingMute {
  /** Slack user id (or CLI user name) of who muted it. */
  by: string;
  reason: string;
  at: string;
  until: string;
}

/**
 * One finished scan of one account as the app holds it: every finding with its evidence, what changed since the
 * account's previous scan, its mutes and the resources' tags. The state file keeps only headlines (store's
 * ScanRecord); this is what listeners, digests and the Home tab show.
 */
export interface LatestScan {
  account: ServedAccount;
  /** The recorded scan's id in the state file. */
  scanId?: string;
  /** When the rules ran (ISO). The data's own time is `result.collectedAt`. */
  scannedAt: string;
  durationMs: number;
  result: ScanResult;
  /** The first recorded scan of the account: nothing is "new" yet. */
  baseline?: boolean;
  /** Absent for a baseline (no earlier scan to compare with). */
  changes?: ScanChanges;
  /** Active mutes of this scan's findings, by finding id, as of when the record was read. */
  mutes?: ReadonlyMap<string, FindingMute>;
  /** Tags of the scanned resources (users, roles, instances, functions) by ARN: the ownership map reads them. */
  resourceTags?: ReadonlyMap<string, Tags>;
}

/** The accounts a process serves: runs their scans, records them, and remembers the latest of each. */
export interface AccountScans {
  accounts(): readonly ServedAccount[];
  /** Scans now on behalf of `requestedBy` (a Slack user id); concurrent calls for one account share one run. */
  scan(accountId: string, requestedBy?: string): Promise<LatestScan>;
  latest(accountId: string): LatestScan | undefined;
  /** How many cross-account paths the organisation's latest pass found, and how many reach an administrator. */
  crossAccountPaths?(organizationId: string): { paths: number; toAdministrator: number } | undefined;
  /** The organisations of the served accounts, by id. */
  organizations?(): string[];
  /** Runs the organisation pass over the latest scans of its served accounts, on behalf of `actor`. */
  scanOrganization?(organizationId: string, actor?: Actor): Promise<OrganizationScan>;
}

/** Which finding a button points at, and which scan showed it (to tell "resolved since" from "unknown"). */
export interface FindingRef {
  findingId: string;
  accountId: string;
  /** ISO time of the scan whose message carried the button. */
  scannedAt: string;
}
