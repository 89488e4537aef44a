import { planReplaceAwsManaged } from './plan-aws-managed.js';
import { planDeactivateAccessKey } from './plan-access-key.js';
import { planInlinePolicy } from './plan-inline-policy.js';
import { planPolicyVersion } from './plan-policy-version.js';
import { planQuarantineRole } from './plan-quarantine.js';
import { planTrustCondition } from './plan-trust.js';
import type { FixTarget } from './target.js';
import type { NoFix, FixPlan, ResourceState } from './types.js';

/** The plan for a target, given the resource as AWS has it now. Pure. */
export function buildPlan(target: FixTarget, live: ResourceState, now: Date): { kind: 'plan'; plan: FixPlan } | NoFix {
  switch (target.kind) {
    case 'policy-version':
      return planPolicyVersion(target, live, now);
    case 'inline-policy':
      return planInlinePolicy(target, live, now);
    case 'replace-aws-managed':
      return planReplaceAwsManaged(target, live, now);
    case 'deactivate-access-key':
      return planDeactivateAccessKey(target, live, now);
    case 'quarantine-role':
      return planQuarantineRole(target, live, now);
    case 'trust-condition':
      return planTrustCondition(target, live, now);
  }
}
