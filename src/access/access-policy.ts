import type { RightsizeConfig } from '../config/index.js';
import type { SlackAccess, UserGroups } from './types.js';
import { isOneOf } from './user-groups.js';

/** Who may do what from Slack, per the config's `access` section (user ids, or user groups they are in). */
export class AccessPolicy implements SlackAccess {
  constructor(
    private readonly access: RightsizeConfig['access'],
    private readonly groups: UserGroups,
  ) {}

  /** The muters and the approvers (who may do more): the Slack ids a "not allowed" answer names. */
  get muters(): readonly string[] {
    return [...new Set([...this.access.muters, ...this.access.approvers])];
  }

  mayMute(slackUserId: string): Promise<boolean> {
    return isOneOf(slackUserId, this.muters, this.groups);
  }
}
