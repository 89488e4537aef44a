import { adminLevel } from '../admin.js';
import type { Rule } from '../types.js';

export const consoleWithoutMfa: Rule = {
  id: 'console-without-mfa',
  title: 'Console password without MFA',
  severity: 'high',
  resourceTypes: ['user'],
  needs: ['credentialReport'],
  rationale:
    'A console password alone falls to phishing and password reuse; MFA is the control that stops it (CIS AWS Foundations Benchmark 1.10).',
  remediation:
    'Require the user to register an MFA device (or a passkey), or remove the console password if they only use keys.',
  detect(ctx) {
    return (ctx.snapshot.credentialReport ?? []).flatMap((row) => {
      if (row.isRoot || !row.passwordEnabled || row.mfaActive) return [];
      const principal = ctx.index.get(row.arn);
      const admin = principal && adminLevel(ctx, principal);
      return [
        {
          resourceArn: row.arn,
          resourceType: 'user',
          resourceName: row.user,
          title: `user ${row.user} can sign in to the console with a password and no MFA`,
          severity: admin ? 'critical' : 'high',
          evidence: [
            {
              summary: `password_enabled true, mfa_active false, password last used ${row.passwordLastUsed ?? 'never'}`,
            },
            ...(admin ? [{ summary: 'the user is an administrator' }] : []),
          ],
        },
      ];
    });
  },
};
