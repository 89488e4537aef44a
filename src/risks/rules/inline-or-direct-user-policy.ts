import type { Rule } from '../types.js';

export const inlineOrDirectUserPolicy: Rule = {
  id: 'inline-or-direct-user-policy',
  title: 'Permissions attached directly to a user',
  severity: 'low',
  resourceTypes: ['user'],
  rationale:
    'Permissions on individual users drift: they are granted for one task and never taken back. Groups and roles keep access reviewable (CIS AWS Foundations Benchmark 1.15).',
  remediation: 'Move the permissions to a group (or a role the user assumes) and remove the user policies.',
  detect(ctx) {
    return ctx.snapshot.authorizationDetails.users.flatMap((user) => {
      if (user.inlinePolicies.length === 0 && user.managedPolicyArns.length === 0) return [];
      return [
        {
          resourceArn: user.arn,
          resourceType: 'user',
          resourceName: user.name,
          title: `user ${user.name} has ${[user.inlinePolicies.length > 0 && `${user.inlinePolicies.length} inline`, user.managedPolicyArns.length > 0 && `${user.managedPolicyArns.length} directly attached`].filter(Boolean).join(' and ')} polic${user.inlinePolicies.length + user.managedPolicyArns.length === 1 ? 'y' : 'ies'}`,
          evidence: [
            ...user.inlinePolicies.map((p) => ({ summary: `inline policy ${p.name}`, policyName: p.name })),
            ...user.managedPolicyArns.map((arn) => ({
              summary: `attached managed policy ${arn}`,
              policyArn: arn,
              policyName: arn.split('/').pop()!,
            })),
          ],
        },
      ];
    });
  },
};
