import type { RightsizeConfig } from '../config/index.js';
import type { Finding } from '../risks/types.js';
import type { AccountSnapshot } from '../snapshot/index.js';

export interface Approvers {
  /** The owner from the resource's tag (through `ownership.teams`), when one is mapped. */
  owner?: string;
  /** Who is asked: the owner, else the fallback approvers from `access.approvers`. */
  ask: string[];
  /** Who may decide: the owner and the fallback approvers (Slack user or user-group ids). */
  allowed: string[];
}

/** Who approves a fix of this finding's resource. Pure. */
export function approversFor(
  finding: Pick<Finding, 'resourceArn'>,
  snapshot: AccountSnapshot,
  config: Pick<RightsizeConfig, 'ownership' | 'access'>,
): Approvers {
  const details = snapshot.authorizationDetails;
  const tags = [...details.users, ...details.roles].find((e) => e.arn === finding.resourceArn)?.tags ?? {};
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  const team = config.ownership.tagKeys.map((k) => lower.get(k.toLowerCase())).find((v) => v !== undefined);
  const owner = team === undefined ? undefined : config.ownership.teams[team]?.slack;
  const fallback = config.access.approvers;
  return {
    ...(owner && { owner }),
    ask: owner ? [owner] : [...fallback],
    allowed: [...new Set([...(owner ? [owner] : []), ...fallback])],
  };
}
