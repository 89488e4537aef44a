import { dayCount, daysSince } from '../settings.js';
import type { Rule } from '../types.js';
import { olderThan } from '../activity.js';

export const unusedAccessKey: Rule = {
  id: 'unused-access-key',
  title: 'Active access key unused',
  severity: 'medium',
  resourceTypes: ['user'],
  needs: ['credentialReport'],
  rationale: 'An active key nobody uses is a credential that can only be used by someone who should not have it.',
  remediation: 'Deactivate the key (UpdateAccessKey Inactive, reversible), wait for complaints, then delete it.',
  detect(ctx) {
    const days = ctx.settings.unusedKeyDays;
    return (ctx.snapshot.credentialReport ?? []).flatMap((row) =>
      row.accessKeys.flatMap((key, i) => {
        if (!key.active) return [];
        // A key never used counts from its creation (last rotation), so a new key is not flagged.
        const reference = key.lastUsedDate ?? key.lastRotated;
        if (!olderThan(reference, days, ctx.now)) return [];
        return [
          {
            resourceArn: row.arn,
            resourceType: row.isRoot ? 'account' : 'user',
            resourceName: row.user,
            discriminator: `key-${i + 1}`,
            title: key.lastUsedDate
              ? `access key ${i + 1} of ${row.user} is active but unused for ${dayCount(daysSince(key.lastUsedDate, ctx.now))}`
              : `access key ${i + 1} of ${row.user} is active but has never been used (created ${dayCount(daysSince(key.lastRotated, ctx.now))} ago)`,
            severity: row.isRoot ? 'critical' : 'medium',
            evidence: [
              {
                summary: `access_key_${i + 1}_active true, last used ${key.lastUsedDate ?? 'never'}${key.lastUsedService ? ` (${key.lastUsedService})` : ''}, last rotated ${key.lastRotated ?? 'unknown'}`,
              },
              { summary: 'source: IAM credential report' },
            ],
          },
        ];
      }),
    );
  },
};
