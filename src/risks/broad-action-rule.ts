import { adminLevelOf } from './admin.js';
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
      return ctx.index.principals.flatMap((principal) => {
        const effective = ctx.effective(principal);
        if (!effective.unconditional.intersects(actions)) return [];
        // An administrator can do this and everything else: admin-access says so once.
        if (adminLevelOf(ctx, effective)) return [];
        const granted = ctx.engine.catalog.keysOf(effective.unconditional.intersectCompact(actions));
        const members = memberCount(ctx, principal);
        return [
          {
            resourceArn: principal.arn,
            resourceType: principal.kind,
            resourceName: principal.name,
            title: `${principal.kind} ${principal.name} ${spec.what} on every resource (${granted.slice(0, 3).join(', ')}${granted.length > 3 ? ` +${granted.length - 3}` : ''})`,
            severity: members === 0 ? lower(spec.severity, 2) : spec.severity,
            evidence: [
              { summary: `allowed on Resource "*" without conditions: ${granted.join(', ')}`, actions: granted },
              ...grantingStatements(ctx.engine, principal.policies, actions, 4),
            ],
          },
        ];
      });
    },
  };
}
