import type { AuthorizationDetails, SnapshotProblem } from './types.js';

/**
 * Checks that what principals reference is in the snapshot. A missing managed policy means the
 * principal's permissions are unknown: reported as an error, never treated as "grants nothing".
 */
export function checkReferences(details: AuthorizationDetails, file: string): SnapshotProblem[] {
  const policies = new Set(details.policies.map((p) => p.arn));
  const groups = new Set(details.groups.map((g) => g.name));
  const problems: SnapshotProblem[] = [];
  const missingPolicy = (owner: string, arn: string, as: string) =>
    problems.push({
      level: 'error',
      file,
      path: '$.Policies',
      subject: owner,
      message: `${owner} has ${as} ${arn}, which is not in the snapshot: its permissions are unknown (collect with --filter including AWSManagedPolicy)`,
    });
  for (const entity of [...details.users, ...details.groups, ...details.roles]) {
    for (const arn of entity.managedPolicyArns)
      if (!policies.has(arn)) missingPolicy(entity.arn, arn, 'the managed policy');
    if (entity.kind !== 'group' && entity.boundaryArn && !policies.has(entity.boundaryArn))
      missingPolicy(entity.arn, entity.boundaryArn, 'the permissions boundary');
    if (entity.kind === 'user')
      for (const group of entity.groups)
        if (!groups.has(group))
          problems.push({
            level: 'error',
            file,
            path: '$.GroupDetailList',
            subject: entity.arn,
            message: `${entity.arn} is in group ${group}, which is not in the snapshot: the group's permissions are unknown`,
          });
  }
  return problems;
}
