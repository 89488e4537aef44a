import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { UserGroups } from '../access/types.js';

/**
 * Members of Slack user groups (usergroups.users.list, scope `usergroups:read`), cached for a few minutes:
 * the Home tab and permission checks ask often, and membership changes rarely.
 */
export class SlackUserGroups implements UserGroups {
  readonly #cache = new Map<string, { members: readonly string[]; until: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly now: () => Date = () => new Date(),
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async members(groupId: string): Promise<readonly string[]> {
    const cached = this.#cache.get(groupId);
    if (cached && cached.until > this.now().getTime()) return cached.members;
    let members: readonly string[] = [];
    try {
      members = (await this.client.usergroups.users.list({ usergroup: groupId })).users ?? [];
    } catch (e) {
      // A missing scope or a deleted group must not break the Home tab; nobody counts as a member.
      const reason = (e as { data?: { error?: string } }).data?.error ?? String(e);
      this.logger.warn(`cannot read the members of Slack user group ${groupId}: ${reason}`);
    }
    this.#cache.set(groupId, { members, until: this.now().getTime() + this.ttlMs });
    return members;
  }
}
