import { adminLevel } from '../admin.js';
import { dayCount, daysSince } from '../settings.js';
import type { Rule } from '../types.js';
import { olderThan } from '../activity.js';

export const unusedUser: Rule = {
  id: 'unused-user',
  title: 'User not used recently',
  severity: 'low',
  resourceTypes: ['user'],
  needs: ['credentialReport'],
  rationale:
    'A user with no console login and no key use for months is usually someone who left or a forgotten integration; its credentials still work.',
  remediation:
    'Confirm with the owner, deactivate the access keys and remove the console password, then delete the user.',
  detect(ctx) {
    const days = ctx.settings.unusedUserDays;
    return (ctx.snapshot.credentialReport ?? []).flatMap((row) => {
      if (row.isRoot) return [];
      const principal = ctx.index.get(row.arn);
      const created = daysSince(row.userCreationTime, ctx.now);
      if (created === undefined || created <= days) return [];
      const passwordIdle = !row.passwordEnabled || olderThan(row.passwordLastUsed, days, ctx.now);
      const keysIdle = row.accessKeys.every((k) => !k.active || olderThan(k.lastUsedDate, days, ctx.now));
      if (!passwordIdle || !keysIdle) return [];
      const last = [row.passwordLastUsed, ...row.accessKeys.map((k) => k.lastUsedDate)]
        .filter((d): d is string => !!d)
        .sort()
        .at(-1);
      const admin = principal && adminLevel(ctx, principal);
      return [
        {
          resourceArn: row.arn,
          resourceType: 'user',
          resourceName: row.user,
          title: last
            ? `user ${row.user} has not signed in or used a key for ${dayCount(daysSince(last, ctx.now))}`
            : `user ${row.user} has never signed in or used a key (created ${dayCount(created)} ago)`,
          severity: admin ? 'high' : row.passwordEnabled || row.accessKeys.some((k) => k.active) ? 'medium' : 'low',
          evidence: [
            {
              summary: `console password: ${row.passwordEnabled ? `enabled, last used ${row.passwordLastUsed ?? 'never'}` : 'none'}`,
            },
            ...row.accessKeys.map((k, i) => ({
              summary: `access key ${i + 1}: ${k.active ? `active, last used ${k.lastUsedDate ?? 'never'}` : 'inactive or absent'}`,
            })),
            { summary: 'source: IAM credential report' },
          ],
        },
      ];
    });
  },
};
