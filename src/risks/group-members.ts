import type { Principal } from '../snapshot/index.js';
import type { RuleContext } from './types.js';

/** For a group: how many users it has (a group without members grants nothing today). Otherwise undefined. */
export function memberCount(ctx: RuleContext, principal: Principal): number | undefined {
  if (principal.entity.kind !== 'group') return undefined;
  const counts = ctx.shared('group-member-counts', () => {
    const map = new Map<string, number>();
    for (const user of ctx.snapshot.authorizationDetails.users)
      for (const g of user.groups) map.set(g, (map.get(g) ?? 0) + 1);
    return map;
  });
  return counts.get(principal.name) ?? 0;
}
