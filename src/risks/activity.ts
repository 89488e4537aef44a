import type { Principal } from '../snapshot/index.js';
import { daysSince } from './settings.js';
import type { RuleContext } from './types.js';

/** The most recent use of a principal that IAM access advisor or CloudTrail shows, if any. */
export function lastActivity(ctx: RuleContext, principal: Principal): { date: string; source: string } | undefined {
  let best: { date: string; source: string } | undefined;
  let bestTime = -Infinity;
  // Each date parsed once; an unparseable one is skipped. The first of equal times wins.
  for (const service of ctx.snapshot.lastAccessed?.[principal.arn]?.services ?? []) {
    const time = service.lastAuthenticated ? Date.parse(service.lastAuthenticated) : NaN;
    if (time > bestTime) {
      bestTime = time;
      best = { date: service.lastAuthenticated!, source: `access advisor (${service.namespace})` };
    }
  }
  for (const event of activityEvents(ctx).get(principal.arn) ?? []) {
    const time = Date.parse(event);
    if (time > bestTime) {
      bestTime = time;
      best = { date: event, source: 'CloudTrail' };
    }
  }
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
