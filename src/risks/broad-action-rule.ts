import { adminLevelOf } from './admin.js';
import { everyTarget } from './every-target.js';
import { memberCount } from './group-members.js';
import { grantingStatements } from './permission-evidence.js';
import { lower } from './severity.js';
import type { FindingDraft, Rule, RuleContext, Severity } from './types.js';

interface BroadActionRuleSpec {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  actions: readonly string[];
  /** "can read data stores and secrets", used in finding titles. */
  what: string;
}

/**
 * Rules of the form "may perform any of these actions on every resource, with no condition":
 * data-exfiltration, resource-exposure, credentials-exposure. Resource-scoped or conditional grants
 * are not flagged: that is what a least-privilege policy looks like.
 */
export function broadActionRule(spec: BroadActionRuleSpec): Rule {
  return {
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    resourceTypes: ['user', 'role', 'group'],
    rationale: spec.rationale,
    remediation: spec.remediation,
    detect(ctx: RuleContext): FindingDraft[] {
      const actions = ctx.engine.catalog.setOf(spec.actions).compact();
      const every = everyTarget(ctx);
      return ctx.index.principals.flatMap((principal) => {
        const effective = ctx.effective(principal);
        const catalog = ctx.engine.catalog;
        const onStar = effective.unconditional.intersects(actions);
        // IAM actions allowed on every resource of their kind (iam:CreateAccessKey on user/*) count too.
        const scopes = every.scopesOf(spec.actions, principal.arn);
        let maybe = false;
        for (const i of scopes.keys()) if (effective.allowed.has(i) && !effective.unconditional.has(i)) maybe = true;
        const onEveryTarget = maybe
          ? every
              .allowed(principal.policies, effective, principal.arn, spec.actions)
              .filter((a) => !effective.unconditional.has(catalog.indexOf(a)!))
          : [];
        if (!onStar && onEveryTarget.length === 0) return [];
        // An administrator can do this and everything else: admin-access says so once.
        if (adminLevelOf(ctx, effective)) return [];
        const everywhere = catalog.keysOf(effective.unconditional.intersectCompact(actions));
        const granted = [...everywhere, ...onEveryTarget];
        const members = memberCount(ctx, principal);
        return [
          {
            resourceArn: principal.arn,
            resourceType: principal.kind,
            resourceName: principal.name,
            title: `${principal.kind} ${principal.name} ${spec.what} on every resource (${granted.slice(0, 3).join(', ')}${granted.length > 3 ? ` +${granted.length - 3}` : ''})`,
            severity: members === 0 ? lower(spec.severity, 2) : spec.severity,
            evidence: [
              ...(everywhere.length > 0
                ? [
                    {
                      summary: `allowed on Resource "*" without conditions: ${everywhere.join(', ')}`,
                      actions: everywhere,
                    },
                  ]
                : []),
              ...(onEveryTarget.length > 0
                ? [
                    {
                      summary: `allowed without conditions on every resource of the account they act on: ${onEveryTarget.join(', ')}`,
                      actions: onEveryTarget,
                    },
                  ]
                : []),
              ...grantingStatements(ctx.engine, principal.policies, actions, 4, scopes),
            ],
          },
        ];
      });
    },
  };
}
