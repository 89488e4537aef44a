/**
 * Seeds the moto emulator through the real SDK v3 clients with a small account whose risks are known.
 * Used by the end-to-end test and the collection benchmark.
 */
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateFunctionCommand, CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';

export const MOTO_ACCOUNT = '123456789012';
export const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
// An AMI in moto's bundled image list.
const AMI = 'ami-03cf127a';

/** The client configuration moto's README gives: its endpoint, a fixed region and dummy credentials. */
export function motoConfig(endpoint: string, region = 'us-east-1') {
  return {
    endpoint,
    region,
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
  };
}

/**
 * The IAM of a member account of moto's organisation, reached as moto keeps it apart: through credentials of the
 * account's OrganizationAccountAccessRole (which moto creates with the account).
 */
export async function memberAccountIam(endpoint: string, account: string): Promise<IAMClient> {
  const sts = new STSClient(motoConfig(endpoint));
  const session = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'seed',
    }),
  );
  sts.destroy();
  const c = session.Credentials!;
  return new IAMClient({
    ...motoConfig(endpoint),
    credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
  });
}

/** Points the SDK's standard configuration at moto: what `rightsize collect` reads, like the AWS CLI. */
export function useMotoEnvironment(endpoint: string): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
  return () => {
    process.env = saved;
  };
}

export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

/** A policy document of these statements, as IAM's API takes it (a JSON string). */
export const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
/** A trust policy letting `principal` (`{ AWS: … }` or `{ Service: … }`) call sts:AssumeRole. */
export const trust = (principal: object) => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });

/** A role that trusts `principal`, with AdministratorAccess attached. */
export async function createAdministratorRole(iam: IAMClient, name: string, principal: object): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(principal) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: ADMIN_POLICY }));
}

/** A run of the CLI as the tests make it (runCli, runCliAt). */
type CliRun = (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

/**
 * `rightsize collect --all` into a fresh directory: the organisation, and each member account through its
 * OrganizationAccountAccessRole (IAM only, one attempt per call). The directory and the CLI's result.
 */
export async function collectMembers(
  run: CliRun,
  prefix: string,
  members: readonly { id: string; name: string }[],
): Promise<{ out: string; collected: Awaited<ReturnType<CliRun>> }> {
  const out = await mkdtemp(join(tmpdir(), prefix));
  const accounts = join(out, 'accounts.json');
  await writeFile(
    accounts,
    JSON.stringify({
      accounts: members.map(({ id, name }) => ({
        id,
        name,
        roleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
      })),
    }),
  );
  const skip = 'access-advisor,cloudtrail,ec2,lambda,credential-report';
  const collected = await run(
    'collect',
    '--accounts-file',
    accounts,
    '--all',
    '--out',
    out,
    '--skip',
    skip,
    '--max-attempts',
    '1',
  );
  return { out, collected };
}

/** The title of a suite that runs against moto, or says how to run it when MOTO_URL is not set. */
export function motoSuiteTitle(what: string, url = process.env.MOTO_URL): string {
  return url
    ? `${what} against moto at ${url}`
    : `${what} against moto: SKIPPED, MOTO_URL is not set (bash ../shared/moto/start.sh 5000, then MOTO_URL=http://127.0.0.1:5000 npm run test:aws)`;
}

/**
 * The account: `alice` (administrator, console password without MFA), `bob` (read-only S3, access key),
 * `ec2-admin` (administrator role on an IMDSv1 instance), `fn-escalate` (iam:* role behind a public function
 * URL), `open-door` (trusts "*"), `scanner` (the read-only role collection assumes).
 */
export async function seedAccount(endpoint: string): Promise<void> {
  const iam = new IAMClient(motoConfig(endpoint));
  const ec2 = new EC2Client(motoConfig(endpoint, 'eu-west-1'));
  const lambda = new LambdaClient(motoConfig(endpoint));
  try {
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ADMIN_POLICY }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-1' }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'bob',
        PolicyName: 'read-reports',
        PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }),
      }),
    );
    await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));

    await createAdministratorRole(iam, 'ec2-admin', { Service: 'ec2.amazonaws.com' });
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ec2-admin-profile' }));
    await iam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ec2-admin-profile', RoleName: 'ec2-admin' }),
    );
    await ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 't3.micro',
        IamInstanceProfile: { Name: 'ec2-admin-profile' },
        MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'legacy-web' }] }],
      }),
    );

    const escalate = await iam.send(
      new CreateRoleCommand({
        RoleName: 'fn-escalate',
        AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'fn-escalate',
        PolicyName: 'iam-everything',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
      }),
    );
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'public-hook',
        Runtime: 'python3.12',
        Role: escalate.Role?.Arn,
        Handler: 'index.handler',
        // moto stores the package without unpacking it (nothing is invoked here).
        Code: { ZipFile: Buffer.from('def handler(event, context):\n    return 200\n') },
      }),
    );
    await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'public-hook', AuthType: 'NONE' }));

    await iam.send(new CreateRoleCommand({ RoleName: 'open-door', AssumeRolePolicyDocument: trust({ AWS: '*' }) }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'scanner',
        AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` }),
      }),
    );
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'rightsize-scanner',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }),
      }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'scanner',
        PolicyArn: `arn:aws:iam::${MOTO_ACCOUNT}:policy/rightsize-scanner`,
      }),
    );
  } finally {
    iam.destroy();
    ec2.destroy();
    lambda.destroy();
  }
}

/** `count` roles, each with an inline policy and a managed policy attached: the benchmark's account. */
export async function seedRoles(endpoint: string, count: number, concurrency = 8): Promise<void> {
  const iam = new IAMClient(motoConfig(endpoint));
  const limit = pLimit(concurrency);
  try {
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'bench-shared',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:GetObject', 'sqs:SendMessage'], Resource: '*' }),
      }),
    );
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        limit(async () => {
          const RoleName = `bench-role-${String(i).padStart(4, '0')}`;
          await iam.send(
            new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }),
          );
          await iam.send(
            new PutRolePolicyCommand({
              RoleName,
              PolicyName: 'own',
              PolicyDocument: doc({
                Effect: 'Allow',
                Action: `dynamodb:GetItem`,
                Resource: `arn:aws:dynamodb:*:*:table/t${i}`,
              }),
            }),
          );
          await iam.send(
            new AttachRolePolicyCommand({ RoleName, PolicyArn: `arn:aws:iam::${MOTO_ACCOUNT}:policy/bench-shared` }),
          );
        }),
      ),
    );
  } finally {
    iam.destroy();
  }
}
