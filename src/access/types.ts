import type { Finding } from '../risks/types.js';
import type { LatestScan } from '../scans/types.js';

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

/** Whose findings: a Slack user's (their teams, directly or through a user group), a user group's, or a team's. */
export type OwnerFilter = { user: string } | { group: string } | { team: string };

/** Maps resources to owners (tags, the config's ownership map) and Slack users to their resources. */
export interface Ownership {
  ownerOf(finding: Finding, scan: LatestScan): ResourceOwner | undefined;
  /** Undefined when no team is mapped to the user (directly or through a user group). */
  ownedFindings(slackUserId: string, scans: readonly LatestScan[]): Promise<OwnedFindings | undefined>;
  /** The open findings an owner filter names; undefined when it names no team (a user or group nobody mapped). */
  findingsOf(owner: OwnerFilter, scans: readonly LatestScan[]): Promise<OwnedFindings | undefined>;
  /** The teams of the ownership map, as configured. */
  teams(): readonly string[];
}

/** Who may do what from Slack (the config's `access`). */
export interface SlackAccess {
  /** The Slack users and user groups that may mute, for a "not allowed" answer. */
  readonly muters: readonly string[];
  mayMute(slackUserId: string): Promise<boolean>;
}

/** Slack user groups (S…) and their members; src/slack/user-groups.ts asks Slack. */
export interface UserGroups {
  members(groupId: string): Promise<readonly string[]>;
}
