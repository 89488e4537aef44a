import type { ResourceType } from './types.js';

/** Deep links into the AWS console for the resource a finding is about. */
export function consoleUrl(resourceType: ResourceType, resourceArn: string, resourceName: string): string {
  const iam = 'https://us-east-1.console.aws.amazon.com/iam/home#';
  switch (resourceType) {
    case 'user':
      return `${iam}/users/details/${encodeURIComponent(resourceName)}`;
    case 'role':
      return `${iam}/roles/details/${encodeURIComponent(resourceName)}`;
    case 'group':
      return `${iam}/groups/details/${encodeURIComponent(resourceName)}`;
    case 'policy':
      return `${iam}/policies/details/${encodeURIComponent(resourceArn)}`;
    case 'ec2-instance': {
      const region = regionOf(resourceArn);
      return `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#InstanceDetails:instanceId=${encodeURIComponent(resourceName)}`;
    }
    case 'lambda-function': {
      const region = regionOf(resourceArn);
      return `https://${region}.console.aws.amazon.com/lambda/home?region=${region}#/functions/${encodeURIComponent(resourceName)}`;
    }
    case 'account':
      return `${iam}/security_credentials`;
  }
}

/** The region field of an ARN (arn:partition:service:region:…), us-east-1 when it is empty. */
function regionOf(arn: string): string {
  return arn.split(':')[3] || 'us-east-1';
}
