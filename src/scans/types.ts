import type { Finding, ScanResult } from '../risks/types.js';
import type { Tags } from '../snapshot/types.js';

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

/** An accepted finding: left out of digests, lists and counts until `until`. */
export interface FindingMute {
  /** Slack user id (or CLI user name) of who muted it. */
  by: string;
  reason: string;
  at: string;
  until: string;
}

/** One finished scan of one account. */
export interface ScanRecord {
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

/** Runs scans, records them, and remembers the latest per account. */
export interface ScanService {
  accounts(): readonly ServedAccount[];
  /** Scans now on behalf of `requestedBy` (a Slack user id); concurrent calls for one account share one run. */
  scan(accountId: string, requestedBy?: string): Promise<ScanRecord>;
  latest(accountId: string): ScanRecord | undefined;
}

/** When the next scheduled scan of an account runs; undefined when it is not scheduled. */
export interface ScanSchedule {
  nextRunAt(accountId: string): Date | undefined;
}

/** Who owns a resource: the team its tags name and, when the config maps the team, its Slack user or group. */
export interface ResourceOwner {
  team: string;
  /** The tag that named the team. */
  tag: string;
  /** Slack user (U…/W…) or user group (S…). */
  slack?: string;
}

/** The findings on a Slack user's own resources, and the teams that make them theirs. */
export interface OwnedFindings {
  teams: readonly string[];
  findings: readonly Finding[];
}

/** Maps resources to owners (tags, the config's ownership map) and Slack users to their resources. */
export interface Ownership {
  ownerOf(finding: Finding, scan: ScanRecord): ResourceOwner | undefined;
  /** Undefined when no team is mapped to the user (directly or through a user group). */
  ownedFindings(slackUserId: string, scans: readonly ScanRecord[]): Promise<OwnedFindings | undefined>;
}

/** Who may do what from Slack (the config's `access`). */
export interface SlackAccess {
  /** The Slack users and user groups that may mute, for a "not allowed" answer. */
  readonly muters: readonly string[];
  mayMute(slackUserId: string): Promise<boolean>;
}
