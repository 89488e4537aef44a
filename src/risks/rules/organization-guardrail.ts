import type { ActionSet, OrganizationPolicyLevel, PolicyAttachment } from '../../iam/index.js';
import { describeOrganizationLevel } from '../capability.js';
import { servicesText } from '../organization-caps.js';
import type { Evidence, Rule, RuleContext } from '../types.js';

/** Allows everything: what the SCPs let through is then exactly what they do not take away. */
const EVERYTHING: PolicyAttachment = {
  id: 'rightsize:organization-guardrail:everything',
  name: 'every action',
  kind: 'inline',
  document: { Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] },
};

/**
 * A member account of an organisation without the guardrail the organisation expects (rules.guardrailScps: SCPs
 * that must apply; rules.guardrailDeniedActions: actions the SCPs must deny). Also says, as notices, which SCPs on
 * the account deny nothing effective.
 */
export const organizationGuardrail: Rule = {
  id: 'organization-guardrail',
  title: 'Member account without the organisation’s guardrail',
  severity: 'high',
  resourceTypes: ['account'],
  rationale:
    'SCPs are the guardrail a security team relies on across accounts (no leaving the organisation, no turning off CloudTrail, no IAM changes outside the platform team). An account moved to an OU without them, or created outside the usual OU, silently lacks it.',
  remediation:
    'Attach the guardrail SCP to the account or to an OU above it (ideally the root), or move the account into the OU that carries it.',
  detect(ctx) {
    const org = ctx.snapshot.organization;
    const { guardrailScps, guardrailDeniedActions } = ctx.settings;
    const expected = guardrailScps.length > 0 || guardrailDeniedActions.length > 0;
    if (!org) {
      if (expected) ctx.notice('not run: no organization.json with the snapshot (the guardrail cannot be checked)');
      return [];
    }
    // The management account is not affected by SCPs: a guardrail cannot apply to it.
    if (org.isManagementAccount || !org.ouPath) return [];
    const levels = org.scps ?? [];
    reportIneffective(ctx, levels);
    if (!expected) return [];

    const attached = new Set(levels.flatMap((l) => l.policies.map((p) => p.name)));
    const missingScps = guardrailScps.filter((name) => !attached.has(name));
    const through = ctx.engine.effectivePermissions({ identity: [EVERYTHING], scps: levels });
    const notDenied = guardrailDeniedActions.filter((pattern) => {
      const actions = ctx.engine.patterns.match(pattern).actions;
      // Denied: not let through without conditions, or guarded by a conditional Deny (its exceptions are the point).
      return !actions.isEmpty() && !coveredBy(actions, through.unconditional, through.guarded);
    });
    if (missingScps.length === 0 && notDenied.length === 0) return [];

    const name = ctx.snapshot.accountAlias ?? ctx.snapshot.accountId;
    const evidence: Evidence[] = [
      ...missingScps.map((scp) => ({ summary: `SCP ${scp} is attached neither to the account nor to an OU above it` })),
      ...notDenied.map((action) => ({
        summary: `no SCP on the way from the root denies ${action}`,
        actions: [action],
      })),
      {
        summary: `SCPs that apply: ${
          levels
            .map((l) => `${describeOrganizationLevel(l)}: ${l.policies.map((p) => p.name).join(', ') || 'none'}`)
            .join('; ') || 'none (SCPs are not enabled at the root)'
        }`,
      },
    ];
    const lacks = [
      ...missingScps.map((scp) => `SCP ${scp}`),
      ...(notDenied.length > 0 ? [`a Deny of ${notDenied.join(', ')}`] : []),
    ];
    return [
      {
        resourceArn: `arn:aws:iam::${ctx.snapshot.accountId}:root`,
        resourceType: 'account',
        resourceName: name,
        title: `account ${name} (${org.ouPath}) lacks the organisation's guardrail: ${lacks.join('; ')}`,
        evidence,
      },
    ];
  },
};

function coveredBy(actions: ActionSet, through: ActionSet, guarded: ActionSet): boolean {
  for (const i of actions) if (through.has(i) && !guarded.has(i)) return false;
  return true;
}

/**
 * SCPs whose Deny statements deny nothing effective: every action they name is already kept out by the levels
 * (no Allow at some level), or they name no action AWS knows. A notice, not a finding: harmless, but not the
 * guardrail someone thinks it is.
 */
function reportIneffective(ctx: RuleContext, levels: readonly OrganizationPolicyLevel[]): void {
  if (levels.length === 0) return;
  const allowedByLevels = ctx.engine.effectivePermissions({
    identity: [EVERYTHING],
    scps: levels.map((l) => ({ ...l, policies: l.policies.filter((p) => !hasDeny(p)) })),
  }).allowed;
  const seen = new Set<string>();
  for (const level of levels)
    for (const policy of level.policies) {
      if (!hasDeny(policy) || seen.has(policy.id)) continue;
      seen.add(policy.id);
      const compiled = ctx.engine.compile(policy);
      const denies = ctx.engine.catalog.emptySet();
      for (const s of compiled.statements) if (s.effect === 'Deny') denies.addAll(s.actions);
      if (denies.intersects(allowedByLevels)) continue;
      const why = denies.isEmpty()
        ? 'its Deny statements name no action AWS knows'
        : `what it denies is not allowed at some level anyway (${servicesText(ctx.engine, denies)})`;
      ctx.notice(`SCP ${policy.name} at ${describeOrganizationLevel(level)} denies nothing effective: ${why}`);
    }
}

function hasDeny(policy: PolicyAttachment): boolean {
  return policy.document.Statement.some((s) => s.Effect === 'Deny');
}
