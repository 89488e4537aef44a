import { parseArn } from '../iam/index.js';

/**
 * Services whose resources carry their own policies (bucket, key, queue, topic, secret, function,
 * repository policies …). Those policies are not in the snapshot yet, and can change an answer.
 */
const RESOURCE_POLICY_SERVICES: Record<string, string> = {
  s3: 'S3 bucket policies',
  kms: 'KMS key policies',
  sqs: 'SQS queue policies',
  sns: 'SNS topic policies',
  secretsmanager: 'Secrets Manager secret policies',
  lambda: 'Lambda function policies',
  ecr: 'ECR repository policies',
  glacier: 'Glacier vault policies',
  events: 'EventBridge bus policies',
  logs: 'CloudWatch Logs resource policies',
  es: 'OpenSearch domain policies',
  backup: 'Backup vault policies',
  'execute-api': 'API Gateway resource policies',
  elasticfilesystem: 'EFS file system policies',
};

/**
 * What the snapshot cannot show about these actions on this resource, said where it could change the
 * answer. `listing` for who-can, which also cannot list the principals such a policy names.
 */
export function resourceLimits(
  accountId: string,
  actions: readonly string[],
  resource: string,
  listing = false,
): string[] {
  const limits: string[] = [];
  const services = [...new Set(actions.map((a) => a.split(':')[0]!))];
  const kinds = services.flatMap((s) => RESOURCE_POLICY_SERVICES[s] ?? []);
  if (kinds.length > 0)
    limits.push(
      `${kinds.join(', ')} are not in the snapshot: such a policy can deny what is shown here${
        listing
          ? ', and grant access to principals of other accounts and to AWS services (e.g. lambda.amazonaws.com), which this list cannot show'
          : ', or allow it to a principal the identity policies do not'
      }.`,
    );
  if (services.includes('sts') && actions.some((a) => a.toLowerCase().startsWith('sts:assumerole')))
    limits.push(
      "Assuming a role also needs the role's trust policy to allow it; `rightsize path` follows trust policies.",
    );
  const account = resource === '*' ? undefined : parseArn(resource)?.account;
  if (account && account !== accountId && !account.includes('*'))
    limits.push(
      `The resource is in account ${account}, not ${accountId}: that account's resource policy must allow the request too, and it is not in this snapshot.`,
    );
  return limits;
}
