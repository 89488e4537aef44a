import { allowedOnEveryTarget, type ActionSet, type EffectivePermissions } from '../iam/index.js';
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
      // Titles name the list's first actions first: the lists put the best-known ones at their head. The list's
      // actions in that order, once: a principal's are the ones its set holds, with no set or sort per principal.
      const listed = inListOrder(ctx, spec.actions);
      const held = (set: ActionSet) => listed.filter(({ index }) => set.has(index)).map(({ key }) => key);
      const indexed = spec.actions.flatMap((action) => {
        const index = ctx.engine.catalog.indexOf(action);
        return index === undefined ? [] : [{ action, index }];
      });
      const grantedBy = new Map<EffectivePermissions, string[]>();
      return ctx.index.principals.flatMap((principal) => {
        const effective = ctx.effective(principal);
        const onStar = effective.unconditional.intersects(actions);
        // IAM actions allowed on every resource of their kind (iam:CreateAccessKey on user/*) count too.
        const scopes = every.scopesOf(spec.actions, principal.arn);
        let maybe = false;
        for (const i of scopes.keys()) if (effective.allowed.has(i) && !effective.unconditional.has(i)) maybe = true;
        // Only the actions with a scope can be: the list's, as listed, looked up once per rule rather than per principal.
        const onEveryTarget = maybe
          ? indexed
              .filter(({ index }) => {
                const scope = scopes.get(index);
                return (
                  scope !== undefined &&
                  !effective.unconditional.has(index) &&
                  allowedOnEveryTarget(ctx.engine, principal.policies, effective, index, scope)
                );
              })
              .map(({ action }) => action)
          : [];
        if (!onStar && onEveryTarget.length === 0) return [];
        // An administrator can do this and everything else: admin-access says so once.
        if (adminLevelOf(ctx, effective)) return [];
        // Principals with the same policies share one effective-permissions object: their "*" lists are built once.
        let everywhere = grantedBy.get(effective);
        if (!everywhere) grantedBy.set(effective, (everywhere = held(effective.unconditional)));
        const granted = [...everywhere, ...onEveryTarget];
        const members = memberCount(ctx, principal);
        return [
          {
            resourceArn: principal.arn,
            resourceType: principal.kind,
            resourceName: principal.name,
            title: `${principal.kind} ${principal.name} ${spec.what} on every resource (${named(granted, 3)})`,
            severity: members === 0 ? lower(spec.severity, 2) : spec.severity,
            evidence: [
              ...(everywhere.length > 0
                ? [
                    {
                      summary: `allowed on Resource "*" without conditions: ${named(everywhere, SUMMARY_ACTIONS)}`,
                      actions: everywhere,
                    },
                  ]
                : []),
              ...(onEveryTarget.length > 0
                ? [
                    {
                      summary: `allowed without conditions on every resource of the account they act on: ${named(onEveryTarget, SUMMARY_ACTIONS)}`,
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

/** The catalog's actions of the list (each once, at its last place in it, as a rank by position had it), in list order. */
function inListOrder(ctx: RuleContext, actions: readonly string[]): { index: number; key: string }[] {
  const rank = new Map<number, number>();
  actions.forEach((action, position) => {
    const index = ctx.engine.catalog.indexOf(action);
    if (index !== undefined) rank.set(index, position);
  });
  return [...rank].sort((a, b) => a[1] - b[1]).map(([index]) => ({ index, key: ctx.engine.catalog.action(index).key }));
}

/**
 * The evidence line names this many; its `actions` hold them all. A principal with s3:* and kms:* holds dozens of
 * exposure actions: a line of 200 names helps no reader and made a 10,000-principal report a fifth longer.
 */
const SUMMARY_ACTIONS = 12;

/** "a, b, c +4": the first `n` names and how many more. */
function named(actions: readonly string[], n: number): string {
  return `${actions.slice(0, n).join(', ')}${actions.length > n ? ` +${actions.length - n}` : ''}`;
}
