import { adminActionSet, adminLevel, adminLevelOf, type AdminLevel } from '../admin.js';
import { memberCount } from '../group-members.js';
import type { Rule } from '../types.js';
import { grantingStatements } from '../permission-evidence.js';
import { capPhrase, organizationCapEvidence, withoutOrganization } from '../organization-caps.js';
import type { Principal } from '../../snapshot/index.js';
import type { Evidence, RuleContext } from '../types.js';

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
      const organization = level === 'full' ? undefined : organizationView(ctx, principal, level);
      // The level its own policies give; SCPs may have lowered it.
      const shown = organization?.identityLevel ?? level;
      if (!shown) return [];
      const members = memberCount(ctx, principal);
      const memberless = members !== undefined && members === 0;
      const capped = organization !== undefined && level === undefined;
      return [
        {
          resourceArn: principal.arn,
          resourceType: principal.kind,
          resourceName: principal.name,
          title: capped
            ? `${principal.kind} ${principal.name} is ${shown === 'full' ? 'an administrator' : 'an IAM administrator'}, except what ${organization.phrase}`
            : shown === 'full'
              ? `${principal.kind} ${principal.name} is a full administrator (every action on every resource${organization ? ' the SCPs allow' : ''})`
              : `${principal.kind} ${principal.name} has all of IAM, so it can make itself administrator`,
          // A group without members grants nothing today; one with members makes each of them admin. An
          // administrator whom SCPs keep out of IAM is a step lower: it cannot widen its own grants.
          severity: memberless ? 'medium' : capped ? 'high' : shown === 'full' ? 'critical' : 'high',
          evidence: [
            ...grantingStatements(ctx.engine, principal.policies, adminActionSet(ctx, shown)),
            ...(organization?.evidence ?? []),
            ...(members !== undefined
              ? [{ summary: `the group has ${members} member${members === 1 ? '' : 's'}` }]
              : []),
          ],
        },
      ];
    });
  },
};

/**
 * For an administrator by its own policies whose grant SCPs cap: the level without them, the SCPs that cap it
 * (the evidence), and in words those that take IAM away (when they do, it is no longer an administrator as
 * the engine sees it, and the title says what stops it).
 */
function organizationView(
  ctx: RuleContext,
  principal: Principal,
  level: AdminLevel | undefined,
): { identityLevel: AdminLevel; phrase: string; evidence: Evidence[] } | undefined {
  if (!principal.policies.scps) return undefined;
  const own = ctx.engine.effectivePermissions(withoutOrganization(principal.policies));
  const identityLevel = adminLevelOf(ctx, own);
  if (!identityLevel) return undefined;
  const taken = adminActionSet(ctx, identityLevel).intersection(ctx.effective(principal).cappedByOrganization);
  if (taken.isEmpty()) return undefined;
  const { caps, evidence } = organizationCapEvidence(ctx.engine, principal.policies, taken);
  if (caps.length === 0) return undefined;
  const iam = adminActionSet(ctx, 'iam');
  const decisive = level === undefined ? caps.filter((cap) => cap.actions.intersects(iam)) : caps;
  const phrases = (decisive.length > 0 ? decisive : caps).map(capPhrase);
  const phrase =
    phrases.length <= 2 ? phrases.join(' and ') : `${phrases.slice(0, 2).join(', ')} and ${phrases.length - 2} more`;
  return { identityLevel, phrase, evidence };
}
