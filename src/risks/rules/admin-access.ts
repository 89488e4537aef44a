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
    const all = ctx.engine.catalog.fullSet();
    const iamService = ctx.engine.catalog.service('iam');
    const iamAll = iamService ? ctx.engine.catalog.emptySet() : undefined;
    if (iamService && iamAll) for (let i = iamService.start; i < iamService.end; i++) iamAll.add(i);

    return ctx.index.principals.flatMap((principal) => {
      const effective = ctx.effective(principal);
      const full = effective.unconditional.containsAll(all);
      const iamAdmin = !full && iamAll !== undefined && effective.unconditional.containsAll(iamAll);
      if (!full && !iamAdmin) return [];
      const evidence = grantingStatements(ctx.engine, principal, full ? all : iamAll!);
      return [
        {
          resourceArn: principal.arn,
          resourceType: principal.kind,
          resourceName: principal.name,
          title: full
            ? `${principal.kind} ${principal.name} is a full administrator (every action on every resource)`
            : `${principal.kind} ${principal.name} has all of IAM, so it can make itself administrator`,
          severity: full ? 'critical' : 'high',
          evidence,
        },
      ];
    });
  },
};
