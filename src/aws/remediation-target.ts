import type { FixesConfig } from '../config/schema.js';
import type { OpenGateway } from '../remediate/fix-service.js';
import type { AccountTarget } from './account-target.js';
import { resolveHomeRegion, targetCredentials, type CredentialsProvider } from './clients.js';
import { openRemediationGateway } from './remediation.js';

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

/**
 * The IAM side of fixes, per account: the remediation role (`fixes`) through the SDK, in the home region (read once,
 * on the first fix), with the SDK's adaptive retry. Each plan, apply and rollback opens its own clients, but an
 * account's role credentials are shared by all of them and renewed before they expire: one AssumeRole per account
 * per hour, however many fixes.
 */
export function remediationGateways(fixes: FixesConfig): (accountId: string) => Promise<OpenGateway> {
  let homeRegion: Promise<string> | undefined;
  const credentials = new Map<string, CredentialsProvider | undefined>();
  return async (accountId) => {
    const target = remediationTarget(fixes, accountId);
    const settings = { homeRegion: await (homeRegion ??= resolveHomeRegion()), maxAttempts: 5 };
    if (!credentials.has(accountId)) credentials.set(accountId, targetCredentials(target, settings));
    const shared = credentials.get(accountId);
    return openRemediationGateway({ target, settings, ...(shared && { credentials: shared }) });
  };
}
