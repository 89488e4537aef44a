import type { RightsizeConfig } from '../config/index.js';
import type { Finding } from '../risks/types.js';
import { visibleFindings } from '../scans/visible-findings.js';
import type { LatestScan } from '../scans/types.js';
import type { OwnedFindings, Ownership, ResourceOwner, UserGroups } from './types.js';
import { isOneOf } from './user-groups.js';

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

  ownerOf(finding: Finding, scan: LatestScan): ResourceOwner | undefined {
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

  async ownedFindings(slackUserId: string, scans: readonly LatestScan[]): Promise<OwnedFindings | undefined> {
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
