import { dayCount, daysSince } from '../settings.js';
import type { Rule } from '../types.js';

export const staleAccessKey: Rule = {
  id: 'stale-access-key',
  title: 'Access key not rotated',
  severity: 'low',
  resourceTypes: ['user'],
  needs: ['credentialReport'],
  rationale:
    'Long-lived keys end up in laptops, CI logs and old repositories; rotating them bounds how long a copy stays useful (CIS AWS Foundations Benchmark 1.14: 90 days).',
  remediation:
    'Create a second key, move the consumer to it, deactivate and then delete the old one — or replace the user with a role.',
  detect(ctx) {
    const days = ctx.settings.keyRotationDays;
    return (ctx.snapshot.credentialReport ?? []).flatMap((row) =>
      row.accessKeys.flatMap((key, i) => {
        const age = daysSince(key.lastRotated, ctx.now);
        if (!key.active || age === undefined || age <= days) return [];
        return [
          {
            resourceArn: row.arn,
            resourceType: row.isRoot ? 'account' : 'user',
            resourceName: row.user,
            discriminator: `key-${i + 1}`,
            title: `access key ${i + 1} of ${row.user} was last rotated ${dayCount(age)} ago`,
            severity: age > 365 ? 'medium' : 'low',
            evidence: [
              {
                summary: `access_key_${i + 1}_last_rotated ${key.lastRotated}, last used ${key.lastUsedDate ?? 'never'}`,
              },
              { summary: 'source: IAM credential report' },
            ],
          },
        ];
      }),
    );
  },
};
