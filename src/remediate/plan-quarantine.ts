import type { PolicyDocument } from '../iam/index.js';
import { noFix, planHead, policyJson } from './plan-base.js';
import type { FixTarget } from './target.js';
import type { FixPlan, NoFix, ResourceState } from './types.js';

type Target = Extract<FixTarget, { kind: 'quarantine-role' }>;

export const QUARANTINE_DOCUMENT: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'RightsizeQuarantine', Effect: 'Deny', Action: ['*'], Resource: ['*'] }],
};

/**
 * An unused role is quarantined, not deleted: an inline policy that denies everything (sessions already
 * issued included, since policies are evaluated on every request) and a tag saying why. Rollback removes both.
 */
export function planQuarantineRole(
  target: Target,
  live: ResourceState,
  now: Date,
): { kind: 'plan'; plan: FixPlan } | NoFix {
  if (live.type !== 'role-quarantine') return noFix(target, `read a ${live.type} instead of a role`);
  const { policyName, tagKey } = target.query as Extract<Target['query'], { type: 'role-quarantine' }>;
  if (live.inlinePolicyNames.includes(policyName) || live.tags[tagKey] !== undefined)
    return noFix(
      target,
      `role ${target.roleName} already has the ${policyName} policy or the ${tagKey} tag: it is quarantined`,
    );
  const tagValue = `${now.toISOString().slice(0, 10)} finding ${target.finding.id}`.slice(0, 256);
  return {
    kind: 'plan',
    plan: {
      ...planHead(target, live, now),
      summary: `quarantine role ${target.roleName}: a deny-all inline policy ${policyName} and the tag ${tagKey} (the role is not deleted)`,
      notes: [
        'every call made with the role is denied, by sessions already open too; rollback removes the policy and the tag',
        'the unused-role finding stays until the role is deleted; what it can do drops to nothing',
      ],
      after: {
        ...live,
        inlinePolicyNames: [...live.inlinePolicyNames, policyName],
        quarantine: QUARANTINE_DOCUMENT,
        tags: { ...live.tags, [tagKey]: tagValue },
      },
      afterRollback: live,
      steps: [
        {
          call: { api: 'TagRole', params: { RoleName: target.roleName, Tags: [{ Key: tagKey, Value: tagValue }] } },
          says: `tag the role ${tagKey}=${tagValue}`,
          undo: [{ api: 'UntagRole', params: { RoleName: target.roleName, TagKeys: [tagKey] } }],
        },
        {
          call: {
            api: 'PutRolePolicy',
            params: {
              RoleName: target.roleName,
              PolicyName: policyName,
              PolicyDocument: policyJson(QUARANTINE_DOCUMENT),
            },
          },
          says: `add the deny-all inline policy ${policyName}`,
          undo: [{ api: 'DeleteRolePolicy', params: { RoleName: target.roleName, PolicyName: policyName } }],
        },
      ],
      expect: 'reduced',
    },
  };
}
