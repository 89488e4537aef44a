import type { RightsizeConfig } from '../config/load.js';
import type { Finding } from '../risks/types.js';
import { visibleFindings } from '../../views/scan-summary.js';
import type { OwnedFindings, Ownership, ResourceOwner, ScanRecord } from '../scans/types.js';

/** Slack user groups (S…) and their members; src/slack/user-groups.ts asks Slack. */
export interface UserGroups {
  members(groupId: string): Promise<readonly string[]>;
}

/** Without Slack (a headless process): no user group has members. */
export const NO_USER_GROUPS: UserGroups = { members: async () => [] };

/** Whether a Slack user is one of `ids` (users, or user groups they belong to). */
export async function isOneOf(userId: string, ids: readonly string[], groups: UserGroups): Promise<boolean> {
  if (ids.includes(userId)) return true;
  for (const id of ids) if (id.startsWith('S') && (await groups.members(id)).includes(userId)) return true;
  return false;
}

/**
 * The config's ownership map: a resource's tags (`ownership.tagKeys`, in order) name its team, and
 * `ownership.teams` maps the team to a Slack user or user group. The first tag naming a configured team wins;
 * when none does, the first tag present still names the (unmapped) team.
 */
export class OwnershipMap implements Ownership {
  constructor(
    private readonly ownership: RightsizeConfig['ownership'],
    private readonly groups: UserGroups,
  ) {}

  ownerOf(finding: Finding, scan: ScanRecord): ResourceOwner | undefined {
    const tags =
      scan.resourceTags?.get(finding.resourceArn) ??
      // Compute findings are about an instance or function; untagged, its role's owner is the next best.
      (finding.relatedArns?.length === 1 ? scan.resourceTags?.get(finding.relatedArns[0]!) : undefined);
    if (!tags) return undefined;
    const { tagKeys, teams } = this.ownership;
    for (const tag of tagKeys) {
      const team = tags[tag];
      if (team !== undefined && teams[team])
        return { team, tag, ...(teams[team].slack && { slack: teams[team].slack }) };
    }
    const tag = tagKeys.find((key) => tags[key]);
    return tag ? { team: tags[tag]!, tag } : undefined;
  }

  async ownedFindings(slackUserId: string, scans: readonly ScanRecord[]): Promise<OwnedFindings | undefined> {
    const teams: string[] = [];
    for (const [team, mapping] of Object.entries(this.ownership.teams))
      if (mapping.slack && (await isOneOf(slackUserId, [mapping.slack], this.groups))) teams.push(team);
    if (teams.length === 0) return undefined;
    const findings = scans.flatMap((scan) =>
      visibleFindings(scan).filter((f) => {
        const owner = this.ownerOf(f, scan);
        return owner !== undefined && teams.includes(owner.team);
      }),
    );
    return { teams, findings };
  }
}
