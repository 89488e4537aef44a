import type { RightsizeConfig } from '../config/index.js';
import type { Finding } from '../risks/types.js';
import { visibleFindings } from '../scans/visible-findings.js';
import type { LatestScan } from '../scans/types.js';
import type { OwnedFindings, OwnerFilter, Ownership, ResourceOwner, UserGroups } from './types.js';
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
    return this.findingsOf({ user: slackUserId }, scans);
  }

  async findingsOf(owner: OwnerFilter, scans: readonly LatestScan[]): Promise<OwnedFindings | undefined> {
    const teams = await this.#teamsOf(owner);
    if (teams.length === 0) return undefined;
    const wanted = new Set(teams.map((t) => t.toLowerCase()));
    const findings = scans.flatMap((scan) =>
      visibleFindings(scan).filter((f) => {
        const found = this.ownerOf(f, scan);
        return found !== undefined && wanted.has(found.team.toLowerCase());
      }),
    );
    return { teams, findings };
  }

  teams(): readonly string[] {
    return Object.keys(this.ownership.teams);
  }

  /** A user's teams (mapped to them or to a group they are in), a group's, or the named team (mapped or only tagged). */
  async #teamsOf(owner: OwnerFilter): Promise<string[]> {
    if ('team' in owner) return [owner.team];
    const teams: string[] = [];
    for (const [team, mapping] of Object.entries(this.ownership.teams)) {
      if (!mapping.slack) continue;
      const mine =
        'user' in owner ? await isOneOf(owner.user, [mapping.slack], this.groups) : mapping.slack === owner.group;
      if (mine) teams.push(team);
    }
    return teams;
  }
}
