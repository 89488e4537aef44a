import type { Principal } from '../snapshot/index.js';
import type { RuleContext } from './types.js';

/** The users of each group, by group name: built once per scan. */
export function groupMembers(ctx: RuleContext, group: string): readonly Principal[] {
  const members = ctx.shared('group-members', () => {
    const map = new Map<string, Principal[]>();
    for (const p of ctx.index.principals)
      if (p.entity.kind === 'user')
        for (const g of p.entity.groups) {
          const list = map.get(g);
          if (list) list.push(p);
          else map.set(g, [p]);
        }
    return map;
  });
  return members.get(group) ?? [];
}

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
