import type { Finding } from './types.js';

/**
 * The IAM principal whose permissions a finding is about, for Insights and a suggested policy: the user, role
 * or group itself, or the role of an EC2 instance or Lambda function. Policies and the account have none.
 */
export function principalArnOf(
  finding: Pick<Finding, 'resourceType' | 'resourceArn' | 'relatedArns'>,
): string | undefined {
  switch (finding.resourceType) {
    case 'user':
    case 'role':
    case 'group':
      return finding.resourceArn;
    case 'ec2-instance':
    case 'lambda-function':
      return finding.relatedArns?.[0];
    default:
      return undefined;
  }
}
