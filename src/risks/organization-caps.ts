import type {
  ActionSet,
  ConditionContext,
  OrganizationCap,
  PolicyAttachment,
  PolicyEngine,
  PrincipalPolicies,
  RequestDecision,
  StatementRef,
} from '../iam/index.js';
import { describeOrganizationLevel, statementEvidence } from './capability.js';
import type { Evidence, RuleContext } from './types.js';

/** The principal's policies without the organisation's: what its identity policies (and boundary) alone grant. */
export function withoutOrganization(policies: PrincipalPolicies): PrincipalPolicies {
  return policies.boundary
    ? { identity: policies.identity, boundary: policies.boundary }
    : { identity: policies.identity };
}

/** "SCP deny-iam-changes denies at OU Workloads", "no SCP at the root allows": one cap, in words. */
export function capPhrase(cap: OrganizationCap): string {
  const where = describeOrganizationLevel(cap.level);
  return cap.policy ? `SCP ${cap.policy.name} denies at ${where}` : `no SCP at ${where} allows`;
}

/** "iam (all 412 actions), organizations (all 160)": which services a cap takes, briefly. */
export function servicesText(engine: PolicyEngine, actions: ActionSet, max = 3): string {
  const counts = engine.catalog.countByService(actions);
  const parts = counts
    .slice(0, max)
    .map(
      ({ service, count }) =>
        `${service.prefix} (${count === service.end - service.start ? 'all ' : ''}${count} action${count === 1 ? '' : 's'})`,
    );
  return counts.length > max ? `${parts.join(', ')} and ${counts.length - max} more services` : parts.join(', ');
}

/** Evidence lines for the SCPs that take `actions` away from the principal (empty when none does). */
export function organizationCapEvidence(
  engine: PolicyEngine,
  policies: PrincipalPolicies,
  actions: ActionSet,
): { caps: OrganizationCap[]; evidence: Evidence[] } {
  const caps = engine.organizationCaps(policies, actions);
  const evidence = caps.map((cap): Evidence => {
    const e: Evidence = { summary: `${capPhrase(cap)}: ${servicesText(engine, cap.actions)}` };
    if (cap.policy) {
      e.policyName = cap.policy.name;
      if (cap.policy.arn) e.policyArn = cap.policy.arn;
    }
    return e;
  });
  return { caps, evidence };
}

/** Allows everything: an RCP decision then depends on the RCPs alone. */
const EVERY_ACTION: PolicyAttachment = {
  id: 'rightsize:rcp-probe:everything',
  name: 'every action',
  kind: 'inline',
  document: { Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] },
};

/**
 * The account's RCPs alone on one request to a resource of the account (the identity side allowing everything), or
 * undefined when no RCP applies to the account. Keys the context lacks are unknown: a statement testing them is
 * conditional.
 */
export function rcpDecision(
  ctx: RuleContext,
  action: string,
  resourceArn: string,
  context: ConditionContext,
): RequestDecision | undefined {
  const rcps = ctx.snapshot.organization?.rcps;
  if (!rcps || rcps.length === 0) return undefined;
  return ctx.engine.evaluateRequest({ identity: [EVERY_ACTION], rcps }, { action, resource: resourceArn, context });
}

/**
 * Whether the account's RCPs deny `action` on `resourceArn` to any principal from outside the organisation
 * (from an account `account`, in another organisation or in none): the data perimeter a trust policy open to
 * outsiders runs into. The deciding RCP statement, or undefined when outsiders are not (certainly) denied.
 */
export function rcpDeniesOutsiders(
  ctx: RuleContext,
  action: string,
  resourceArn: string,
  account = '999999999999',
): StatementRef | undefined {
  let deciding: StatementRef | undefined;
  for (const orgId of [['o-outsider'], []]) {
    const context = new Map<string, string[]>([
      ['aws:principalaccount', [account]],
      ['aws:principalarn', [`arn:aws:iam::${account}:role/outsider`]],
      ['aws:principaltype', ['AssumedRole']],
      ['aws:principalisawsservice', ['false']],
      ['aws:principalorgid', orgId],
    ]);
    const decision = rcpDecision(ctx, action, resourceArn, context);
    if (decision?.outcome !== 'explicit-deny') return undefined;
    deciding ??= decision.matched.find(
      (m) => m.role === 'rcp' && m.statement.effect === 'Deny' && !m.statement.conditional,
    );
  }
  return deciding;
}

/** "RCP deny-outsiders at the root denies sts:AssumeRole to principals outside the organisation": the evidence. */
export function rcpEvidence(ref: StatementRef, action: string): Evidence {
  const e = statementEvidence(ref);
  return { ...e, summary: `${action} from outside the organisation is denied by ${e.summary}` };
}
