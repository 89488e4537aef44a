import { adminLevel } from '../admin.js';
import { dayCount, daysSince } from '../settings.js';
import type { ActionSet } from '../../iam/index.js';
import type { Rule, RuleContext } from '../types.js';
import { lastActivity } from '../activity.js';

export const unusedRole: Rule = {
  id: 'unused-role',
  title: 'Role not used recently',
  severity: 'low',
  resourceTypes: ['role'],
  rationale:
    'A role nobody uses still carries its permissions and its trust policy: it can be assumed by whoever it trusts, and nobody would notice. Unused privileged roles are a favourite persistence spot.',
  remediation:
    'Confirm with the owner, then quarantine (deny-all inline policy) and delete after a waiting period; service-linked roles are left to AWS.',
  detect(ctx) {
    const days = ctx.settings.unusedRoleDays;
    return ctx.index.principals.flatMap((principal) => {
      if (principal.entity.kind !== 'role') return [];
      const role = principal.entity;
      // AWS creates and manages service-linked roles; their owner is the service.
      if (role.path.startsWith('/aws-service-role/')) return [];
      const age = daysSince(role.createDate, ctx.now);
      if (age === undefined || age <= days) return [];
      const lastUsed = role.lastUsed?.date;
      const activity = lastActivity(ctx, principal);
      const latest = [lastUsed, activity?.date]
        .filter((d): d is string => d !== undefined)
        .sort()
        .at(-1);
      const idle = daysSince(latest, ctx.now);
      if (idle !== undefined && idle <= days) return [];
      const admin = adminLevel(ctx, principal);
      return [
        {
          resourceArn: principal.arn,
          resourceType: 'role',
          resourceName: principal.name,
          title: latest
            ? `role ${principal.name} was last used ${dayCount(idle)} ago`
            : `role ${principal.name} has never been used (created ${dayCount(age)} ago)`,
          severity: admin
            ? 'high'
            : ctx.effective(principal).allowed.intersects(changingActions(ctx))
              ? 'medium'
              : 'low',
          evidence: [
            {
              summary: lastUsed
                ? `RoleLastUsed: ${lastUsed}${role.lastUsed?.region ? ` in ${role.lastUsed.region}` : ''}`
                : 'RoleLastUsed: no record (AWS tracks the last 400 days)',
            },
            ...(activity ? [{ summary: `latest activity seen: ${activity.date} (${activity.source})` }] : []),
            { summary: `created ${role.createDate}` },
            ...(admin
              ? [{ summary: `the role is an ${admin === 'full' ? 'administrator' : 'IAM administrator'}` }]
              : []),
          ],
        },
      ];
    });
  },
};

/**
 * The catalog actions that change something (access level other than List and Read): a role allowed
 * none of them is read-only. One set per scan, so each role is one set overlap, not a walk of its actions.
 */
function changingActions(ctx: RuleContext): ActionSet {
  return ctx.shared('unused-role:changing-actions', () => {
    return ctx.engine.catalog.withAccessLevel((level) => level !== 'List' && level !== 'Read').compact();
  });
}
