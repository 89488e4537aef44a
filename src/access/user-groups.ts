import type { UserGroups } from './types.js';

/** Without Slack (a headless process): no user group has members. */
export const NO_USER_GROUPS: UserGroups = { members: async () => [] };

/** Whether a Slack user is one of `ids` (users, or user groups they belong to). */
export async function isOneOf(userId: string, ids: readonly string[], groups: UserGroups): Promise<boolean> {
  if (ids.includes(userId)) return true;
  for (const id of ids) if (id.startsWith('S') && (await groups.members(id)).includes(userId)) return true;
  return false;
}

/** Slack user ids behind a list of users and user groups. */
export async function expandUserGroups(groups: UserGroups, ids: readonly string[]): Promise<Set<string>> {
  const users = new Set<string>();
  for (const id of ids) {
    if (!id.startsWith('S')) users.add(id);
    else for (const user of await groups.members(id)) users.add(user);
  }
  return users;
}
