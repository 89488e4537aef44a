import { noFix, planHead, policyJson } from './plan-base.js';
import type { FixTarget } from './target.js';
import type { FixPlan, IamCall, NoFix, ResourceState } from './types.js';

type Target = Extract<FixTarget, { kind: 'replace-aws-managed' }>;

const ATTACH = { user: 'AttachUserPolicy', role: 'AttachRolePolicy', group: 'AttachGroupPolicy' } as const;
const DETACH = { user: 'DetachUserPolicy', role: 'DetachRolePolicy', group: 'DetachGroupPolicy' } as const;
const NAME_PARAM = { user: 'UserName', role: 'RoleName', group: 'GroupName' } as const;

/**
 * An AWS-managed policy cannot be edited: a customer-managed policy with the suggestion is created and attached,
 * then the AWS-managed one detached. Rollback attaches it again, detaches and deletes the new policy.
 */
export function planReplaceAwsManaged(
  target: Target,
  live: ResourceState,
  now: Date,
): { kind: 'plan'; plan: FixPlan } | NoFix {
  if (live.type !== 'attached-policies') return noFix(target, `read a ${live.type} instead of attached policies`);
  const { kind, name } = target.principal;
  if (!live.attached.includes(target.awsPolicyArn))
    return noFix(target, `${target.awsPolicyArn} is no longer attached to ${kind} ${name}; scan again`);
  if (live.created)
    return noFix(target, `a policy named ${target.newPolicy.name} exists already; remove or rename it first`);
  const principalParam = { [NAME_PARAM[kind]]: name };
  const attach = (arn: string): IamCall => ({ api: ATTACH[kind], params: { ...principalParam, PolicyArn: arn } });
  const detach = (arn: string): IamCall => ({ api: DETACH[kind], params: { ...principalParam, PolicyArn: arn } });
  const created = target.newPolicy.arn;
  return {
    kind: 'plan',
    plan: {
      ...planHead(target, live, now),
      summary: `replace AWS-managed ${policyName(target.awsPolicyArn)} on ${kind} ${name} with a new customer-managed policy ${target.newPolicy.name} holding the suggested document`,
      notes: [
        `rollback attaches ${policyName(target.awsPolicyArn)} again, then detaches and deletes ${target.newPolicy.name}`,
      ],
      after: {
        ...live,
        attached: [...live.attached.filter((a) => a !== target.awsPolicyArn), created],
        created: { arn: created, document: target.suggested },
      },
      afterRollback: live,
      steps: [
        {
          call: {
            api: 'CreatePolicy',
            params: {
              PolicyName: target.newPolicy.name,
              PolicyDocument: policyJson(target.suggested),
              Description:
                `Rightsize: least-privilege replacement of ${policyName(target.awsPolicyArn)} for ${kind} ${name}`.slice(
                  0,
                  1000,
                ),
              Tags: [{ Key: 'rightsize:finding', Value: target.finding.id }],
            },
          },
          says: `create customer-managed policy ${target.newPolicy.name} with the suggested document`,
          undo: [{ api: 'DeletePolicy', params: { PolicyArn: created } }],
        },
        { call: attach(created), says: `attach ${target.newPolicy.name} to ${kind} ${name}`, undo: [detach(created)] },
        {
          call: detach(target.awsPolicyArn),
          says: `detach AWS-managed ${policyName(target.awsPolicyArn)} from ${kind} ${name}`,
          undo: [attach(target.awsPolicyArn)],
        },
      ],
      expect: 'resolved',
    },
  };
}

function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
