import { adminActionSet, adminLevel } from '../admin.js';
import { memberCount } from '../group-members.js';
import type { Rule } from '../types.js';
import { grantingStatements } from '../permission-evidence.js';

/**
 * Effective administrator: every action on every resource, or all of IAM (which lets a principal
 * grant itself everything else), after explicit Denies and permission boundaries, with no condition.
 */
export const adminAccess: Rule = {
  id: 'admin-access',
  title: 'Effective administrator access',
  severity: 'critical',
  resourceTypes: ['user', 'role', 'group'],
  rationale:
    'An administrator can read and change everything in the account, including IAM itself; a leaked key or a compromised workload becomes a full account takeover.',
  remediation:
    'Replace the administrator grant with a policy scoped to the services and actions the principal uses (see `rightsize suggest`), or add a permissions boundary; keep break-glass admin behind MFA conditions.',
  detect(ctx) {
    return ctx.index.principals.flatMap((principal) => {
      const level = adminLevel(ctx, principal);
      if (!level) return [];
      const members = memberCount(ctx, principal);
      return [
        {
          resourceArn: principal.arn,
          resourceType: principal.kind,
          resourceName: principal.name,
          title:
            level === 'full'
              ? `${principal.kind} ${principal.name} is a full administrator (every action on every resource)`
              : `${principal.kind} ${principal.name} has all of IAM, so it can make itself administrator`,
          // A group without members grants nothing today; one with members makes each of them admin.
          severity: members !== undefined && members === 0 ? 'medium' : level === 'full' ? 'critical' : 'high',
          evidence: [
            ...grantingStatements(ctx.engine, principal.policies, adminActionSet(ctx, level)),
            ...(members !== undefined
              ? [{ summary: `the group has ${members} member${members === 1 ? '' : 's'}` }]
              : []),
          ],
        },
      ];
    });
  },
};
