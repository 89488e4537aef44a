import type { AccountTarget } from '../aws/account-target.js';
import type { FixesConfig } from '../config/schema.js';

export const FIX_SESSION_NAME = 'rightsize-fix';

/**
 * The role fixes in an account run as: `fixes.roleArns[account]`, else `fixes.roleName` in that account, else
 * the hub's own credentials (no role). The scanning role is never used: it is read-only by design.
 */
export function remediationTarget(fixes: FixesConfig, accountId: string): AccountTarget {
  const roleArn =
    fixes.roleArns[accountId] ?? (fixes.roleName ? `arn:aws:iam::${accountId}:role/${fixes.roleName}` : undefined);
  if (!roleArn) return { id: accountId };
  return {
    id: accountId,
    roleArn,
    sessionName: FIX_SESSION_NAME,
    ...(fixes.externalId && { externalId: fixes.externalId }),
  };
}
