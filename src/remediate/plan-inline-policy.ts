import { changedSinceScan, noFix, planHead, policyJson, storedPolicyText } from './plan-base.js';
import type { FixTarget } from './target.js';
import type { FixPlan, NoFix, ResourceState } from './types.js';

type Target = Extract<FixTarget, { kind: 'inline-policy' }>;

const PUT = { user: 'PutUserPolicy', role: 'PutRolePolicy', group: 'PutGroupPolicy' } as const;
const NAME_PARAM = { user: 'UserName', role: 'RoleName', group: 'GroupName' } as const;

/** The principal's inline policy gets the suggested document; the previous one is kept in the plan and put back on rollback. */
export function planInlinePolicy(
  target: Target,
  live: ResourceState,
  now: Date,
): { kind: 'plan'; plan: FixPlan } | NoFix {
  if (live.type !== 'inline-policy') return noFix(target, `read a ${live.type} instead of an inline policy`);
  const { kind, name } = target.principal;
  const changed = changedSinceScan(
    `inline policy ${target.policyName} of ${kind} ${name}`,
    target.scanned,
    live.document,
  );
  if (changed || !live.document) return noFix(target, changed ?? 'the inline policy is gone');
  const put = (text: string) => ({
    api: PUT[kind],
    params: { [NAME_PARAM[kind]]: name, PolicyName: target.policyName, PolicyDocument: text },
  });
  return {
    kind: 'plan',
    plan: {
      ...planHead(target, live, now),
      summary: `replace inline policy ${target.policyName} of ${kind} ${name} with the suggested least-privilege document`,
      notes: ['the current document is stored with the fix; rollback puts it back'],
      after: { ...live, document: target.suggested },
      afterRollback: live,
      steps: [
        {
          call: put(policyJson(target.suggested)),
          says: `replace the document of ${target.policyName}`,
          undo: [put(storedPolicyText({ ...live, document: live.document }))],
        },
      ],
      expect: 'resolved',
    },
  };
}
