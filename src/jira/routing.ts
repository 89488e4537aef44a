import type { JiraConfig, RightsizeConfig } from '../config/index.js';
import { ConfigError } from '../errors.js';
import type { Tags } from '../snapshot/index.js';

export interface IssueRoute {
  project: string;
  /** The team named by the resource's tags, when one was. */
  team?: string;
  assignee?: string;
  component?: string;
}

/**
 * Resource tags → team → Jira project, assignee and component (`ownership`); the `jira.project` default for
 * resources no configured team owns. Tags are read in `ownership.tagKeys` order, first match wins; tag keys and
 * team names are matched case-insensitively when no exact match exists (AWS tags are case-sensitive, people are not).
 */
export function routeIssue(
  tagSets: readonly Tags[],
  ownership: RightsizeConfig['ownership'],
  jira: Pick<JiraConfig, 'project'>,
): IssueRoute {
  const team = owningTeam(tagSets, ownership);
  const settings = team ? ownership.teams[team] : undefined;
  const project = settings?.jiraProject ?? jira.project;
  if (!project)
    throw new ConfigError(
      undefined,
      [
        {
          path: team ? `ownership.teams.${team}.jiraProject` : 'jira.project',
          message: team
            ? `team "${team}" owns the resource but has no Jira project, and there is no default`
            : 'no team owns the resource (no tag among ownership.tagKeys names a configured team) and there is no default project',
        },
      ],
      { hint: 'set jira.project (the default) or the team’s jiraProject' },
    );
  return {
    project,
    ...(team && { team }),
    ...(settings?.jiraAssignee && { assignee: settings.jiraAssignee }),
    ...(settings?.jiraComponent && { component: settings.jiraComponent }),
  };
}

/** The configured team named by the first ownership tag found on the resource (or, failing that, on related ones). */
export function owningTeam(tagSets: readonly Tags[], ownership: RightsizeConfig['ownership']): string | undefined {
  const teams = Object.keys(ownership.teams);
  for (const tags of tagSets)
    for (const key of ownership.tagKeys) {
      const value = tagValue(tags, key);
      if (value === undefined) continue;
      const team = teams.find((t) => t === value) ?? teams.find((t) => t.toLowerCase() === value.toLowerCase());
      if (team) return team;
    }
  return undefined;
}

function tagValue(tags: Tags, key: string): string | undefined {
  if (tags[key] !== undefined) return tags[key];
  const lower = key.toLowerCase();
  const match = Object.keys(tags).find((k) => k.toLowerCase() === lower);
  return match === undefined ? undefined : tags[match];
}
