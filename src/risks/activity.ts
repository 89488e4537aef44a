import type { Principal } from '../snapshot/index.js';
import { daysSince } from './settings.js';
import type { RuleContext } from './types.js';

/** The most recent use of a principal that IAM access advisor or CloudTrail shows, if any. */
export function lastActivity(ctx: RuleContext, principal: Principal): { date: string; source: string } | undefined {
  let best: { date: string; source: string } | undefined;
  const consider = (date: string | undefined, source: string) => {
    if (date && !Number.isNaN(Date.parse(date)) && (!best || Date.parse(date) > Date.parse(best.date)))
      best = { date, source };
  };
  for (const service of ctx.snapshot.lastAccessed?.[principal.arn]?.services ?? [])
    consider(service.lastAuthenticated, `access advisor (${service.namespace})`);
  for (const event of activityEvents(ctx).get(principal.arn) ?? []) consider(event, 'CloudTrail');
  return best;
}

function activityEvents(ctx: RuleContext): Map<string, string[]> {
  return ctx.shared('activity-by-principal', () => {
    const map = new Map<string, string[]>();
    for (const event of ctx.snapshot.events ?? []) {
      if (!event.principalArn) continue;
      const list = map.get(event.principalArn) ?? [];
      list.push(event.time);
      map.set(event.principalArn, list);
    }
    return map;
  });
}

export function olderThan(iso: string | undefined, days: number, now: Date): boolean {
  const age = daysSince(iso, now);
  return age === undefined || age > days;
}
