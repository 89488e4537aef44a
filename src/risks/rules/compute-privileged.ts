import type { Rule } from '../types.js';
import { escalationEvidence, noticeMissingCompute, rolePrivilege, workloadEvidence, workloads } from '../workloads.js';
import { plural } from '../../text/plural.js';

export const computePrivileged: Rule = {
  id: 'compute-privileged',
  title: 'Compute whose role can escalate, exfiltrate or mint credentials',
  severity: 'medium',
  resourceTypes: ['ec2-instance', 'lambda-function'],
  rationale:
    "A workload's role is what an attacker gets from code execution on it; a role that can escalate to admin, read every secret or mint credentials turns a small bug into an account compromise.",
  remediation:
    'Scope the role to the resources the workload uses, remove escalation steps (iam:PassRole on *, policy writes), require IMDSv2 and avoid public function URLs.',
  detect(ctx) {
    if (noticeMissingCompute(ctx)) return [];
    return workloads(ctx).flatMap((workload) => {
      const privilege = rolePrivilege(ctx, workload.role);
      if (privilege.admin) return []; // compute-admin
      const reasons = [
        ...(privilege.escalation
          ? [`can escalate to administrator in ${plural(privilege.escalation.steps.length, 'step')}`]
          : []),
        ...(privilege.exfiltration.length > 0
          ? [`can read data on every resource (${privilege.exfiltration.slice(0, 3).join(', ')})`]
          : []),
        ...(privilege.credentials.length > 0
          ? [`can mint credentials (${privilege.credentials.slice(0, 3).join(', ')})`]
          : []),
      ];
      if (reasons.length === 0) return [];
      const kind = workload.resourceType === 'ec2-instance' ? 'instance' : 'function';
      return [
        {
          resourceArn: workload.arn,
          resourceType: workload.resourceType,
          resourceName: workload.name,
          title: `${kind} ${workload.name} runs as role ${workload.role.name}, which ${reasons.join('; ')}${workload.exposure ? ` — ${workload.exposure}` : ''}`,
          severity: workload.exposure
            ? privilege.escalation
              ? 'critical'
              : 'high'
            : privilege.escalation
              ? 'high'
              : 'medium',
          evidence: [
            ...workloadEvidence(workload),
            ...reasons.map((summary) => ({ summary: `role ${workload.role.name} ${summary}` })),
            ...escalationEvidence(ctx, privilege),
          ],
          relatedArns: [workload.role.arn],
        },
      ];
    });
  },
};
