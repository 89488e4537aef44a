import type { ActionSet, OrganizationCap, PolicyEngine, PrincipalPolicies } from '../iam/index.js';
import { describeOrganizationLevel } from './capability.js';
import type { Evidence } from './types.js';

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
