import type { RightsizeConfig } from '../config/index.js';

export interface Owner {
  /** The team, as the tag names it. */
  team: string;
  /** The tag that named it. */
  tagKey: string;
  /** The team's Slack user (U…/W…) or user group (S…), from `ownership.teams`. */
  slack?: string;
  jiraProject?: string;
}

/** The owning team of a resource: the first `ownership.tagKeys` tag it has, looked up in `ownership.teams`. */
export function resolveOwner(
  tags: Readonly<Record<string, string>> | undefined,
  ownership: RightsizeConfig['ownership'],
): Owner | undefined {
  if (!tags) return undefined;
  for (const tagKey of ownership.tagKeys) {
    const team = tags[tagKey]?.trim();
    if (!team) continue;
    const entry =
      ownership.teams[team] ??
      Object.entries(ownership.teams).find(([name]) => name.toLowerCase() === team.toLowerCase())?.[1];
    return {
      team,
      tagKey,
      ...(entry?.slack && { slack: entry.slack }),
      ...(entry?.jiraProject && { jiraProject: entry.jiraProject }),
    };
  }
  return undefined;
}
