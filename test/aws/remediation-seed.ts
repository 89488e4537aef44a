/**
 * The account the Fix in AWS end-to-end test fixes: one resource per plan kind, seeded in moto through the SDK,
 * and the access-advisor report (which moto lacks) that says what the over-privileged roles actually used.
 */
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  SetDefaultPolicyVersionCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ADMIN_POLICY, MOTO_ACCOUNT } from './seed.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trust = (principal: object, extra: object = {}) =>
  doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
const EC2_TRUST = trust({ Service: 'ec2.amazonaws.com' });

/** Four services where the usage below shows two: permissions-gap fires, and the suggestion keeps s3 and sqs. */
export const BROAD = doc({
  Sid: 'Data',
  Effect: 'Allow',
  Action: ['s3:*', 'sqs:*', 'dynamodb:*', 'sns:*'],
  Resource: '*',
});
/** BROAD as a person might have written it: keys in another order, indented. A rollback must put back this text. */
export const BROAD_AS_WRITTEN = JSON.stringify(
  {
    Statement: [{ Resource: '*', Action: ['s3:*', 'sqs:*', 'dynamodb:*', 'sns:*'], Effect: 'Allow', Sid: 'Data' }],
    Version: '2012-10-17',
  },
  null,
  2,
);
/** The partner role's trust as created: `Action` a single string, which a re-serialised copy writes as a list. */
export const PARTNER_TRUST = trust({ AWS: 'arn:aws:iam::999999999999:root' });
export const OIDC_PROVIDER = `arn:aws:iam::${MOTO_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const REMEDIATION_ROLE = `arn:aws:iam::${MOTO_ACCOUNT}:role/rightsize-remediation`;
export const policyArn = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT}:policy/${name}`;

export async function seedRemediationAccount(iam: IAMClient): Promise<void> {
  const role = (name: string, policy = EC2_TRUST) =>
    iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: policy }));
  await role('rightsize-remediation', trust({ AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` }));

  await role('app-inline');
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'app-inline', PolicyName: 'app', PolicyDocument: BROAD_AS_WRITTEN }),
  );

  await role('app-managed');
  await iam.send(new CreatePolicyCommand({ PolicyName: 'app-managed-policy', PolicyDocument: BROAD }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-managed', PolicyArn: policyArn('app-managed-policy') }));

  // Five versions, AWS's limit; the default is v3, so v1 is the oldest that is not the default.
  await role('app-versions');
  const versioned = policyArn('app-versions-policy');
  await iam.send(new CreatePolicyCommand({ PolicyName: 'app-versions-policy', PolicyDocument: BROAD }));
  for (let n = 2; n <= 5; n++)
    await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: versioned, PolicyDocument: BROAD, SetAsDefault: false }),
    );
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: versioned, VersionId: 'v3' }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-versions', PolicyArn: versioned }));

  await role('app-aws');
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-aws', PolicyArn: ADMIN_POLICY }));

  await iam.send(new CreateUserCommand({ UserName: 'idle-key' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'idle-key' }));

  await role('idle-role');

  await role('partner', PARTNER_TRUST);
  await iam.send(
    new CreateOpenIDConnectProviderCommand({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
    }),
  );
  await role(
    'ci-oidc',
    doc({
      Effect: 'Allow',
      Principal: { Federated: OIDC_PROVIDER },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
    }),
  );
}

/** Access advisor as collected at `collectedAt`: the app roles used S3 (GetObject) and SQS ten days before. */
export function usedServices(collectedAt: Date): Record<string, unknown> {
  const when = new Date(collectedAt.getTime() - 10 * 86_400_000).toISOString();
  const report = {
    JobStatus: 'COMPLETED',
    JobCompletionDate: collectedAt.toISOString(),
    ServicesLastAccessed: [
      {
        ServiceNamespace: 's3',
        ServiceName: 'Amazon S3',
        LastAuthenticated: when,
        TrackedActionsLastAccessed: [{ ActionName: 'GetObject', LastAccessedTime: when }],
      },
      { ServiceNamespace: 'sqs', ServiceName: 'Amazon SQS', LastAuthenticated: when },
      { ServiceNamespace: 'dynamodb', ServiceName: 'Amazon DynamoDB' },
      { ServiceNamespace: 'sns', ServiceName: 'Amazon SNS' },
    ],
  };
  return Object.fromEntries(
    ['app-inline', 'app-managed', 'app-versions', 'app-aws'].map((r) => [
      `arn:aws:iam::${MOTO_ACCOUNT}:role/${r}`,
      report,
    ]),
  );
}
