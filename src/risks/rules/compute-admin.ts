import type { Rule } from '../types.js';
import { grantingStatements } from '../permission-evidence.js';
import { adminActionSet } from '../admin.js';
import { noticeMissingCompute, rolePrivilege, workloadEvidence, workloads } from '../workloads.js';

export const computeAdmin: Rule = {
  id: 'compute-admin',
  title: 'Compute running as an administrator',
  severity: 'high',
  resourceTypes: ['ec2-instance', 'lambda-function'],
  rationale:
    'Anyone who gets code running on the instance or function (a vulnerable dependency, SSRF to the metadata service, a public URL) gets administrator credentials for the account.',
  remediation:
    'Give the workload a role with only what it uses (see `rightsize suggest <role>`); require IMDSv2 (HttpTokens required) and remove public function URLs or set AuthType AWS_IAM.',
  detect(ctx) {
    if (noticeMissingCompute(ctx)) return [];
    return workloads(ctx).flatMap((workload) => {
      const privilege = rolePrivilege(ctx, workload.role);
      if (!privilege.admin) return [];
      return [
        {
          resourceArn: workload.arn,
          resourceType: workload.resourceType,
          resourceName: workload.name,
          title: `${workload.resourceType === 'ec2-instance' ? 'instance' : 'function'} ${workload.name} runs as administrator role ${workload.role.name}${workload.exposure ? ` — ${workload.exposure}` : ''}`,
          severity: workload.exposure ? 'critical' : 'high',
          evidence: [
            ...workloadEvidence(workload),
            ...grantingStatements(ctx.engine, workload.role.policies, adminActionSet(ctx, privilege.admin), 3),
          ],
          relatedArns: [workload.role.arn],
        },
      ];
    });
  },
};
