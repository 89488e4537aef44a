/**
 * Generates the bundled demo account: a synthetic but realistic snapshot of the AWS account
 * 111122223333 ("acme-demo", a small SaaS company), in exactly the formats the AWS CLI/API return.
 *
 *   npx tsx scripts/generate-demo-account.ts [outDir]     (default: examples/demo-account)
 *   npm run demo:generate
 *
 * It writes the snapshot directory described in docs/architecture.md ("Snapshot directory"):
 *   authorization-details.json  aws iam get-account-authorization-details (users, groups, roles, policies,
 *                               including the AWS-managed policies that are attached, abbreviated)
 *   credential-report.csv       the IAM credential report, decoded
 *   ec2-instances.json          aws ec2 describe-instances, us-east-1 and eu-west-1 merged
 *   lambda-functions.json       aws lambda list-functions, both regions merged (+ FunctionUrlConfig, see there)
 *   service-last-accessed.json  { "<principal arn>": GetServiceLastAccessedDetails (ACTION_LEVEL) }
 *   cloudtrail-events.json      aws cloudtrail lookup-events, the last 60 days
 *   snapshot.json               { accountId, collectedAt, accountAlias, organizationAccountIds, gaps }
 *   CASES.md                    which resources are true cases of each rule and which are near misses
 *
 * The output is deterministic: no clock, no Math.random. Every date is computed relative to the fixed
 * COLLECTED_AT, and "random" spreads come from a seeded generator, so two runs are byte-identical.
 * The account also holds the other company account "shared-services" (444455556666, in the organisation)
 * and an unknown external vendor account (999988887777).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ACCOUNT_ID = '111122223333';
export const ACCOUNT_ALIAS = 'acme-demo';
export const SHARED_SERVICES_ACCOUNT = '444455556666';
export const VENDOR_ACCOUNT = '999988887777';
export const COLLECTED_AT = '2026-11-20T09:00:00Z';

const NOW = Date.parse(COLLECTED_AT);
const DAY = 86_400_000;
const EVENT_WINDOW_DAYS = 60;

// ---------------------------------------------------------------------------------------------------
// Time and identifiers
// ---------------------------------------------------------------------------------------------------

/** A moment `days` before COLLECTED_AT, at the given UTC time of day. */
function daysAgo(days: number, hour = 9, minute = 0, second = 0): Date {
  const d = new Date(NOW - days * DAY);
  d.setUTCHours(hour, minute, second, 0);
  return d;
}

/** How the AWS CLI prints timestamps: 2026-11-19T08:00:00+00:00. */
function cliTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** How CloudTrail writes eventTime inside an event: 2026-11-19T08:00:00Z. */
function trailTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Lambda's LastModified: 2026-10-02T14:11:05.000+0000. */
function lambdaTime(d: Date): string {
  return d.toISOString().replace(/Z$/, '+0000');
}

/** A stable, AWS-looking identifier: the prefix and uppercase base-32 characters derived from a seed. */
function awsId(prefix: string, seed: string, length = 17): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = createHash('sha256').update(`${prefix}:${seed}`).digest();
  let id = prefix;
  for (let i = 0; id.length < prefix.length + length; i++) id += alphabet[bytes[i % bytes.length]! % 32];
  return id;
}

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Seeded PRNG (mulberry32): spreads events "randomly" but identically on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iamArn = (kind: 'user' | 'group' | 'role' | 'policy' | 'instance-profile', name: string) =>
  `arn:aws:iam::${ACCOUNT_ID}:${kind}/${name}`;
const awsPolicyArn = (name: string, path = '/') => `arn:aws:iam::aws:policy${path}${name}`;

// ---------------------------------------------------------------------------------------------------
// Policy documents
// ---------------------------------------------------------------------------------------------------

type Statement = Record<string, unknown>;
type PolicyDocument = { Version: '2012-10-17'; Statement: Statement | Statement[] };
/** The IAM API returns documents URL-encoded; the CLI decodes them. The snapshot holds both forms. */
type RawDocument = PolicyDocument | string;

function statement(
  effect: 'Allow' | 'Deny',
  action: string | string[],
  resource: string | string[] = '*',
  extra: Statement = {},
): Statement {
  const { Sid, ...rest } = extra;
  return { ...(Sid ? { Sid } : {}), Effect: effect, Action: action, Resource: resource, ...rest };
}
const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}) =>
  statement('Allow', action, resource, extra);
const deny = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}) =>
  statement('Deny', action, resource, extra);

function policy(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** A document whose Statement is a single object rather than a list (AWS accepts and returns both). */
function singleStatement(s: Statement): PolicyDocument {
  return { Version: '2012-10-17', Statement: s };
}

/** What the IAM API returns: RFC 3986 percent-encoding of the JSON text (`*` as %2A). */
function encodePolicy(document: PolicyDocument): string {
  return encodeURIComponent(JSON.stringify(document)).replace(/\*/g, '%2A');
}

function trust(principal: Record<string, unknown> | '*', extra: Statement = {}, action = 'sts:AssumeRole') {
  return { Effect: 'Allow', Principal: principal, Action: action, ...extra };
}
const serviceTrust = (service: string) => policy(trust({ Service: service }));

// ---------------------------------------------------------------------------------------------------
// AWS-managed policies (the attached ones; long ones abbreviated but shaped like the real documents)
// ---------------------------------------------------------------------------------------------------

const READ_ONLY_SERVICES = [
  'acm',
  'apigateway',
  'application-autoscaling',
  'athena',
  'autoscaling',
  'backup',
  'cloudformation',
  'cloudfront',
  'cloudtrail',
  'cloudwatch',
  'codebuild',
  'codepipeline',
  'config',
  'dynamodb',
  'ec2',
  'ecr',
  'ecs',
  'eks',
  'elasticache',
  'elasticloadbalancing',
  'events',
  'glue',
  'iam',
  'kinesis',
  'kms',
  'lambda',
  'logs',
  'rds',
  'route53',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'ssm',
  'states',
  'sts',
  'tag',
  'waf',
];

/** The AWS-managed policies the demo organisation attaches: one document per ARN, as AWS has it in every account. */
export const AWS_MANAGED: Record<string, { path?: string; created: string; document: PolicyDocument }> = {
  AdministratorAccess: {
    created: '2015-02-06T18:39:46Z',
    document: policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
  },
  ReadOnlyAccess: {
    created: '2015-02-06T18:39:48Z',
    document: policy(
      allow([
        ...READ_ONLY_SERVICES.flatMap((svc) => [`${svc}:Describe*`, `${svc}:Get*`, `${svc}:List*`]).filter(
          // Not every service has all three verbs; and, as in the real policy, secret values are not "read-only".
          (a) => !['sts:Describe*', 'sts:List*', 'tag:Describe*', 'tag:List*', 'secretsmanager:Get*'].includes(a),
        ),
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'secretsmanager:GetResourcePolicy',
      ]),
    ),
  },
  PowerUserAccess: {
    created: '2015-02-06T18:39:47Z',
    document: policy(
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      allow([
        'account:GetAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeOrganization',
      ]),
    ),
  },
  IAMFullAccess: {
    created: '2015-02-06T18:40:38Z',
    document: policy(
      allow([
        'iam:*',
        'organizations:DescribeAccount',
        'organizations:DescribeOrganization',
        'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy',
        'organizations:ListChildren',
        'organizations:ListParents',
        'organizations:ListPoliciesForTarget',
        'organizations:ListRoots',
        'organizations:ListPolicies',
        'organizations:ListTargetsForPolicy',
      ]),
    ),
  },
  AmazonS3ReadOnlyAccess: {
    created: '2015-02-06T18:40:59Z',
    document: policy(allow(['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'])),
  },
  AWSLambdaBasicExecutionRole: {
    path: '/service-role/',
    created: '2015-04-09T15:03:43Z',
    document: policy(allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'])),
  },
  AmazonSSMManagedInstanceCore: {
    created: '2019-03-15T17:22:12Z',
    document: policy(
      allow([
        'ssm:DescribeAssociation',
        'ssm:GetDeployablePatchSnapshotForInstance',
        'ssm:GetDocument',
        'ssm:DescribeDocument',
        'ssm:GetManifest',
        'ssm:GetParameter',
        'ssm:GetParameters',
        'ssm:ListAssociations',
        'ssm:ListInstanceAssociations',
        'ssm:PutInventory',
        'ssm:PutComplianceItems',
        'ssm:PutConfigurePackageResult',
        'ssm:UpdateAssociationStatus',
        'ssm:UpdateInstanceAssociationStatus',
        'ssm:UpdateInstanceInformation',
      ]),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
      allow([
        'ec2messages:AcknowledgeMessage',
        'ec2messages:DeleteMessage',
        'ec2messages:FailMessage',
        'ec2messages:GetEndpoint',
        'ec2messages:GetMessages',
        'ec2messages:SendReply',
      ]),
    ),
  },
  SecurityAudit: {
    created: '2015-02-06T18:41:01Z',
    document: policy(
      allow([
        'acm:Describe*',
        'acm:List*',
        'cloudtrail:DescribeTrails',
        'cloudtrail:GetEventSelectors',
        'cloudtrail:GetTrailStatus',
        'cloudtrail:ListTags',
        'cloudwatch:Describe*',
        'config:Deliver*',
        'config:Describe*',
        'config:Get*',
        'config:List*',
        'ec2:Describe*',
        'ec2:GetEbsEncryptionByDefault',
        'ecr:DescribeRepositories',
        'ecr:GetRepositoryPolicy',
        'ecs:Describe*',
        'ecs:List*',
        'elasticloadbalancing:Describe*',
        'guardduty:Get*',
        'guardduty:List*',
        'iam:GenerateCredentialReport',
        'iam:GenerateServiceLastAccessedDetails',
        'iam:Get*',
        'iam:List*',
        'iam:SimulateCustomPolicy',
        'iam:SimulatePrincipalPolicy',
        'kms:Describe*',
        'kms:Get*',
        'kms:List*',
        'lambda:GetFunctionUrlConfig',
        'lambda:GetPolicy',
        'lambda:ListFunctions',
        'logs:Describe*',
        'logs:ListTagsLogGroup',
        'organizations:Describe*',
        'organizations:List*',
        'rds:Describe*',
        's3:GetAccelerateConfiguration',
        's3:GetAccessPoint',
        's3:GetAccountPublicAccessBlock',
        's3:GetBucketAcl',
        's3:GetBucketLocation',
        's3:GetBucketLogging',
        's3:GetBucketPolicy',
        's3:GetBucketPolicyStatus',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketVersioning',
        's3:GetEncryptionConfiguration',
        's3:ListAllMyBuckets',
        's3:ListBucket',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetResourcePolicy',
        'secretsmanager:ListSecrets',
        'sns:GetTopicAttributes',
        'sns:ListTopics',
        'sqs:GetQueueAttributes',
        'sqs:ListQueues',
        'ssm:DescribeParameters',
        'ssm:ListDocuments',
        'sts:GetCallerIdentity',
      ]),
      allow(['apigateway:GET'], ['arn:aws:apigateway:*::/restapis', 'arn:aws:apigateway:*::/restapis/*/stages']),
    ),
  },
};

// ---------------------------------------------------------------------------------------------------
// Customer-managed policies
// ---------------------------------------------------------------------------------------------------

interface CustomerPolicySpec {
  name: string;
  description: string;
  /** Oldest first; the last one is the default version. `encoded` stores it as the IAM API returns it. */
  versions: { document: PolicyDocument; daysAgo: number; encoded?: boolean }[];
}

const S3 = (bucket: string, key?: string) => `arn:aws:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
const REGIONS = ['us-east-1', 'eu-west-1'];

const CUSTOMER_POLICIES: CustomerPolicySpec[] = [
  {
    name: 'incident-runbook-draft',
    description: 'Draft permissions for the incident runbook automation (not attached yet)',
    versions: [
      { daysAgo: 15, document: policy(allow(['ssm:StartAutomationExecution', 'ssm:GetAutomationExecution'])) },
    ],
  },
  {
    name: 'platform-iam-admin',
    description: 'Terraform: manage IAM for the platform (grew from read-only to iam:*)',
    versions: [
      { daysAgo: 700, document: policy(allow(['iam:Get*', 'iam:List*'])) },
      { daysAgo: 420, document: policy(allow(['iam:Get*', 'iam:List*', 'iam:Create*', 'iam:Tag*'])) },
      { daysAgo: 400, document: policy(allow('iam:*', '*', { Sid: 'ManageIam' })) },
    ],
  },
  {
    name: 'ci-deploy-ec2',
    description: 'CI: launch build and deploy instances',
    versions: [
      {
        daysAgo: 210,
        encoded: true,
        document: policy(
          allow(['ec2:RunInstances', 'ec2:CreateTags', 'ec2:Describe*', 'ec2:TerminateInstances'], '*', {
            Sid: 'LaunchInstances',
          }),
          // Written by hand in the console years ago: IAM accepts any case in action names.
          allow('IAM:passrole', '*', { Sid: 'PassAnyRole' }),
        ),
      },
    ],
  },
  {
    name: 's3-reports-read',
    description: 'Read the monthly reports bucket',
    versions: [
      { daysAgo: 600, document: policy(allow('s3:GetObject', S3('acme-reports', '*'))) },
      {
        daysAgo: 500,
        document: policy(allow('s3:GetObject', S3('acme-reports', '*')), allow('s3:ListBucket', S3('acme-reports'))),
      },
      {
        daysAgo: 320,
        document: policy(
          allow(['s3:GetObject', 's3:GetObjectVersion'], S3('acme-reports', '*'), { Sid: 'ReadReports' }),
          allow(['s3:ListBucket', 's3:GetBucketLocation'], S3('acme-reports'), { Sid: 'ListReports' }),
        ),
      },
    ],
  },
  {
    name: 's3-read-only-boundary',
    description: 'Permissions boundary: at most read S3',
    versions: [{ daysAgo: 380, document: singleStatement(allow(['s3:Get*', 's3:List*'], '*', { Sid: 'S3ReadOnly' })) }],
  },
  {
    name: 'developer-baseline',
    description: 'What every engineer gets: observe and debug',
    versions: [
      {
        daysAgo: 540,
        document: policy(
          allow(['logs:Describe*', 'logs:Get*', 'logs:FilterLogEvents', 'cloudwatch:Get*', 'cloudwatch:List*']),
        ),
      },
      {
        daysAgo: 260,
        document: policy(
          allow(
            [
              'logs:Describe*',
              'logs:Get*',
              'logs:FilterLogEvents',
              'logs:StartQuery',
              'logs:GetQueryResults',
              'cloudwatch:Get*',
              'cloudwatch:List*',
              'cloudwatch:Describe*',
              'lambda:Get*',
              'lambda:List*',
              'ec2:Describe*',
              'dynamodb:Describe*',
              'dynamodb:List*',
            ],
            '*',
            { Sid: 'Observe' },
          ),
          allow(['s3:ListAllMyBuckets', 's3:GetBucketLocation'], '*', { Sid: 'SeeBuckets' }),
          allow('s3:ListBucket', [S3('acme-reports'), S3('acme-app-uploads')], { Sid: 'ListTeamBuckets' }),
          // Forgets iam:CreatePolicyVersion: dave.okafor's escalation goes through that gap.
          deny(['iam:Put*Policy', 'iam:Attach*Policy'], '*', {
            Sid: 'NoPolicyEditing',
          }),
        ),
      },
    ],
  },
  {
    name: 'self-service-credentials',
    description: 'Let people manage their own password, MFA device and access keys',
    versions: [
      {
        daysAgo: 640,
        encoded: true,
        document: policy(
          allow(['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], '*', { Sid: 'SeePasswordPolicy' }),
          allow(
            [
              'iam:ChangePassword',
              'iam:GetUser',
              'iam:CreateAccessKey',
              'iam:DeleteAccessKey',
              'iam:ListAccessKeys',
              'iam:UpdateAccessKey',
              'iam:GetAccessKeyLastUsed',
              'iam:ListMFADevices',
              'iam:EnableMFADevice',
              'iam:ResyncMFADevice',
            ],
            `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}`,
            { Sid: 'OwnCredentialsOnly' },
          ),
          allow(
            ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'],
            `arn:aws:iam::${ACCOUNT_ID}:mfa/\${aws:username}`,
            {
              Sid: 'OwnVirtualMfa',
            },
          ),
        ),
      },
    ],
  },
  {
    name: 'deny-iam-changes',
    description: 'Contractors must not touch IAM (overrides the legacy IAMFullAccess attachment)',
    versions: [{ daysAgo: 150, document: singleStatement({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }) }],
  },
  {
    name: 'support-tooling',
    description: 'Support desk: reset customer integrations, mint temporary credentials for debugging',
    versions: [
      {
        daysAgo: 330,
        document: policy(
          allow(['iam:ListUsers', 'iam:GetUser', 'iam:ListAccessKeys', 'iam:CreateAccessKey', 'iam:UpdateAccessKey']),
          allow('sts:GetFederationToken'),
          allow(['support:*', 'cloudwatch:GetMetricData', 'logs:FilterLogEvents']),
        ),
      },
    ],
  },
  {
    name: 'ci-lambda-deploy',
    description: 'CI: create and update status-page functions with the read-only execution role',
    versions: [
      {
        daysAgo: 200,
        document: policy(allow(['lambda:CreateFunction', 'lambda:UpdateFunctionCode', 'iam:PassRole'])),
      },
      {
        daysAgo: 90,
        document: policy(
          allow('iam:PassRole', `arn:aws:iam::${ACCOUNT_ID}:role/service-role/lambda-readonly-exec`, {
            Sid: 'PassOnlyTheReadOnlyExecutionRole',
            Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
          }),
          allow(['lambda:CreateFunction', 'lambda:GetFunction', 'lambda:ListFunctions'], '*', {
            Sid: 'CreateFunctions',
          }),
          allow(
            ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:PublishVersion'],
            `arn:aws:lambda:*:${ACCOUNT_ID}:function:status-*`,
            { Sid: 'UpdateStatusFunctions' },
          ),
        ),
      },
    ],
  },
  {
    name: 'app-runtime-secrets',
    description: 'Web tier: read its own secrets and uploads',
    versions: [
      {
        daysAgo: 280,
        encoded: true,
        document: policy(
          allow(
            ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:prod/web/*`,
          ),
          allow('kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/0d6f1c2e-5b7a-4c1e-9f3a-2b8d4e6f7a90`, {
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          }),
          allow(['s3:GetObject', 's3:PutObject'], S3('acme-app-uploads', '*')),
        ),
      },
    ],
  },
  {
    name: 'data-science-read',
    description: 'Analysts: query the data lake',
    versions: [
      {
        daysAgo: 240,
        document: policy(
          // "s3:GetObjekt" is a typo that has been in production for months: IAM accepts unknown actions.
          allow(['s3:GetObject', 's3:GetObjekt', 's3:ListBucket'], [S3('acme-data-lake'), S3('acme-data-lake', '*')], {
            Sid: 'ReadDataLake',
          }),
          allow(['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'glue:Get*']),
        ),
      },
    ],
  },
  {
    name: 'web-edge-publisher',
    description: 'Publish the static site to the public assets bucket',
    versions: [
      {
        daysAgo: 190,
        document: policy(
          allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], S3('acme-public-assets', '*')),
          allow(['s3:ListBucket', 's3:PutBucketPolicy', 's3:GetBucketPolicy'], S3('acme-public-assets')),
          allow('cloudfront:CreateInvalidation', `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/E2QWRUHAPOMQZL`),
        ),
      },
    ],
  },
  {
    name: 'region-guardrail',
    description: 'Deny everything outside us-east-1 and eu-west-1, except global services',
    versions: [
      {
        daysAgo: 450,
        encoded: true,
        document: policy({
          Sid: 'DenyOtherRegions',
          Effect: 'Deny',
          NotAction: [
            'iam:*',
            'sts:*',
            'organizations:*',
            'support:*',
            'cloudfront:*',
            'route53:*',
            'budgets:*',
            'ce:*',
          ],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': REGIONS } },
        }),
      },
    ],
  },
  {
    name: 'billing-read',
    description: 'See costs and budgets',
    versions: [
      {
        daysAgo: 365,
        encoded: true,
        document: policy(allow(['ce:Get*', 'ce:Describe*', 'budgets:ViewBudget', 'cur:DescribeReportDefinitions'])),
      },
    ],
  },
  {
    name: 'orders-worker-access',
    description: 'Orders worker: consume the orders queue, write the orders table, publish events',
    versions: [
      {
        daysAgo: 120,
        document: policy(
          allow(
            ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
            `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:orders`,
          ),
          allow(
            ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
            [
              `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/orders`,
              `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/orders/index/*`,
            ],
          ),
          // Any topic except the billing ones, which belong to the billing team.
          { Effect: 'Allow', Action: 'sns:Publish', NotResource: `arn:aws:sns:*:${ACCOUNT_ID}:acme-billing-*` },
        ),
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------
// Groups, users and roles
// ---------------------------------------------------------------------------------------------------

const customerPolicyArn = (name: string) => iamArn('policy', name);

interface GroupSpec {
  name: string;
  created: number;
  managed?: string[];
  inline?: Record<string, RawDocument>;
}

const GROUPS: GroupSpec[] = [
  {
    // Empowers others: its members may rewrite the policies of every role, though none of them can use one.
    name: 'role-maintainers',
    created: 25,
    inline: {
      'maintain-role-policies': policy(
        allow(['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy'], iamArn('role', '*'), {
          Sid: 'MaintainRolePolicies',
        }),
      ),
    },
  },
  { name: 'admins', created: 900, managed: [awsPolicyArn('AdministratorAccess')] },
  {
    name: 'developers',
    created: 880,
    managed: [
      customerPolicyArn('developer-baseline'),
      customerPolicyArn('s3-reports-read'),
      customerPolicyArn('region-guardrail'),
    ],
  },
  {
    name: 'auditors',
    created: 700,
    managed: [awsPolicyArn('ReadOnlyAccess'), awsPolicyArn('SecurityAudit'), customerPolicyArn('billing-read')],
  },
  {
    name: 'oncall',
    created: 420,
    inline: {
      'assume-break-glass': policy(allow('sts:AssumeRole', iamArn('role', 'break-glass-admin'), { Sid: 'BreakGlass' })),
    },
  },
  {
    name: 'contractors',
    created: 610,
    managed: [
      awsPolicyArn('IAMFullAccess'),
      customerPolicyArn('deny-iam-changes'),
      customerPolicyArn('developer-baseline'),
    ],
  },
  { name: 'support', created: 330, managed: [customerPolicyArn('support-tooling')] },
  { name: 'self-service', created: 900, managed: [customerPolicyArn('self-service-credentials')] },
  {
    name: 'data-science',
    created: 240,
    managed: [customerPolicyArn('data-science-read'), customerPolicyArn('region-guardrail')],
  },
  {
    name: 'service-accounts',
    created: 500,
    inline: {
      'backup-and-metrics': encodePolicy(
        policy(
          allow(['cloudwatch:PutMetricData', 'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics']),
          allow(['backup:StartBackupJob', 'backup:DescribeBackupJob', 'backup:ListBackupJobs']),
        ),
      ),
    },
  },
];

interface AccessKeySpec {
  active: boolean;
  rotatedDaysAgo: number;
  /**
   * When the key was last used; absent: never used. Inside the event window the events must agree and
   * give region and service; outside it, the spec gives them.
   */
  lastUsed?: { daysAgo: number; region?: string; service?: string };
}

interface UserSpec {
  name: string;
  team: string;
  owner?: string;
  createdDaysAgo: number;
  groups?: string[];
  managed?: string[];
  inline?: Record<string, RawDocument>;
  /** Console password; absent: programmatic-only user. lastUsedDaysAgo absent: never signed in. */
  password?: { changedDaysAgo: number; lastUsedDaysAgo?: number };
  mfa?: boolean;
  keys?: AccessKeySpec[];
}

const email = (name: string) => `${name}@acme.io`;

const USERS: UserSpec[] = [
  {
    // Rewrites every customer-managed policy of the account, but has none of its own: empowers others.
    name: 'mia.svensson',
    team: 'platform',
    createdDaysAgo: 20,
    inline: {
      'policy-stewardship': policy(
        allow(['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:GetPolicyVersion'], iamArn('policy', '*'), {
          Sid: 'StewardCustomerPolicies',
        }),
      ),
    },
  },
  { name: 'nina.berg', team: 'platform', createdDaysAgo: 20, groups: ['role-maintainers'] },
  {
    // Also in role-maintainers, with a grant of her own: reported apart from the group.
    name: 'omar.haddad',
    team: 'platform',
    createdDaysAgo: 20,
    groups: ['role-maintainers'],
    inline: { 'role-hotfix': policy(allow('iam:PutRolePolicy', iamArn('role', '*'))) },
  },
  {
    name: 'alice.nguyen',
    team: 'platform',
    createdDaysAgo: 900,
    groups: ['admins', 'self-service'],
    password: { changedDaysAgo: 70, lastUsedDaysAgo: 1 },
    mfa: true,
    keys: [{ active: true, rotatedDaysAgo: 30, lastUsed: { daysAgo: 1 } }],
  },
  {
    name: 'bob.martin',
    team: 'payments',
    createdDaysAgo: 610,
    groups: ['developers', 'self-service'],
    password: { changedDaysAgo: 200, lastUsedDaysAgo: 2 },
    mfa: false,
  },
  {
    name: 'carol.diaz',
    team: 'security',
    createdDaysAgo: 700,
    groups: ['auditors', 'self-service'],
    password: { changedDaysAgo: 45, lastUsedDaysAgo: 3 },
    mfa: true,
  },
  {
    name: 'dave.okafor',
    team: 'platform',
    createdDaysAgo: 560,
    groups: ['developers', 'self-service'],
    inline: {
      'policy-maintenance': policy(
        allow([
          'iam:CreatePolicyVersion',
          'iam:SetDefaultPolicyVersion',
          'iam:GetPolicyVersion',
          'iam:ListPolicyVersions',
        ]),
      ),
    },
    password: { changedDaysAgo: 80, lastUsedDaysAgo: 4 },
    mfa: true,
    keys: [{ active: true, rotatedDaysAgo: 60, lastUsed: { daysAgo: 4 } }],
  },
  {
    name: 'erin.walsh',
    team: 'growth',
    createdDaysAgo: 300,
    groups: ['developers', 'self-service'],
    inline: {
      'lambda-experiments': encodePolicy(
        policy(
          allow(['lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:GetFunction', 'lambda:ListFunctions']),
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
        ),
      ),
    },
    password: { changedDaysAgo: 30, lastUsedDaysAgo: 6 },
    mfa: true,
  },
  {
    name: 'frank.mueller',
    team: 'sre',
    createdDaysAgo: 480,
    groups: ['oncall', 'developers', 'self-service'],
    password: { changedDaysAgo: 60, lastUsedDaysAgo: 2 },
    mfa: true,
  },
  {
    name: 'grace.kim',
    team: 'data',
    createdDaysAgo: 240,
    groups: ['data-science', 'self-service'],
    managed: [awsPolicyArn('AmazonS3ReadOnlyAccess')],
    password: { changedDaysAgo: 40, lastUsedDaysAgo: 1 },
    mfa: true,
  },
  {
    name: 'heidi.schmidt',
    team: 'contractors',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 150,
    groups: ['contractors', 'self-service'],
    password: { changedDaysAgo: 150, lastUsedDaysAgo: 10 },
    mfa: true,
  },
  {
    name: 'ivan.petrov',
    team: 'payments',
    createdDaysAgo: 800,
    groups: ['developers', 'self-service'],
    password: { changedDaysAgo: 400, lastUsedDaysAgo: 210 },
    mfa: true,
    keys: [{ active: false, rotatedDaysAgo: 700, lastUsed: { daysAgo: 250, region: 'eu-west-1', service: 's3' } }],
  },
  {
    name: 'judy.chen',
    team: 'growth',
    createdDaysAgo: 5,
    groups: ['developers', 'self-service'],
    password: { changedDaysAgo: 5 },
    mfa: true,
  },
  {
    name: 'kate.obrien',
    team: 'payments',
    createdDaysAgo: 400,
    groups: ['developers', 'self-service'],
    password: { changedDaysAgo: 20, lastUsedDaysAgo: 1 },
    mfa: true,
  },
  {
    name: 'leo.rossi',
    team: 'support',
    createdDaysAgo: 330,
    groups: ['support', 'self-service'],
    password: { changedDaysAgo: 90, lastUsedDaysAgo: 3 },
    mfa: true,
  },
  {
    name: 'svc-terraform',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 720,
    managed: [customerPolicyArn('platform-iam-admin'), awsPolicyArn('PowerUserAccess')],
    keys: [{ active: true, rotatedDaysAgo: 400, lastUsed: { daysAgo: 1 } }],
  },
  {
    name: 'svc-backup',
    team: 'sre',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 500,
    groups: ['service-accounts'],
    keys: [
      { active: true, rotatedDaysAgo: 25, lastUsed: { daysAgo: 1 } },
      { active: true, rotatedDaysAgo: 130, lastUsed: { daysAgo: 120, region: 'eu-west-1', service: 'backup' } },
    ],
  },
  {
    name: 'svc-metrics-exporter',
    team: 'sre',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 260,
    groups: ['service-accounts'],
    keys: [{ active: true, rotatedDaysAgo: 20, lastUsed: { daysAgo: 0 } }],
  },
];

interface RoleSpec {
  name: string;
  team: string;
  owner: string;
  createdDaysAgo: number;
  description?: string;
  trust: RawDocument;
  managed?: string[];
  inline?: Record<string, RawDocument>;
  boundary?: string;
  /** Creates an instance profile of the same name (EC2 instances reference it). */
  instanceProfile?: boolean;
  /**
   * RoleLastUsed; absent: never used (RoleLastUsed is {}). Inside the event window the events must agree
   * and give the exact time and region; outside it, the spec gives the region.
   */
  lastUsed?: { daysAgo: number; region?: string };
  path?: string;
}

const GITHUB_OIDC = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;
const githubTrust = (condition: Record<string, unknown>) =>
  policy(trust({ Federated: GITHUB_OIDC }, { Condition: condition }, 'sts:AssumeRoleWithWebIdentity'));
const accountRoot = (account: string) => `arn:aws:iam::${account}:root`;

const ROLES: RoleSpec[] = [
  {
    // Writes the policies of new users (it cannot write its own: it is a role): empowers others.
    name: 'identity-onboarding',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 20,
    description: 'Onboarding workflow: gives new users their starter permissions',
    trust: serviceTrust('states.amazonaws.com'),
    inline: {
      onboard: policy(
        allow(['iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:GetUser', 'iam:ListUsers'], '*', { Sid: 'Onboard' }),
      ),
    },
  },
  {
    // May rewrite one policy that nothing is attached to: empowers no one today.
    name: 'runbook-editor',
    team: 'sre',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 15,
    description: 'Edits the incident runbook draft policy',
    trust: serviceTrust('ssm.amazonaws.com'),
    inline: {
      'edit-draft': policy(
        allow(['iam:CreatePolicyVersion', 'iam:GetPolicyVersion'], iamArn('policy', 'incident-runbook-draft')),
      ),
    },
  },
  {
    name: 'break-glass-admin',
    team: 'sre',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 420,
    description: 'Emergency administrator access for the on-call engineer',
    // A string Principal.AWS naming one user: the on-call group may assume it (a two-hop path to admin).
    trust: policy(trust({ AWS: iamArn('user', 'frank.mueller') })),
    managed: [awsPolicyArn('AdministratorAccess')],
    lastUsed: { daysAgo: 38 },
  },
  {
    name: 'jenkins-legacy',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 1100,
    description: 'Old Jenkins controller; scheduled for removal since 2025',
    trust: serviceTrust('ec2.amazonaws.com'),
    inline: { 'full-access': singleStatement({ Effect: 'Allow', Action: '*:*', Resource: '*' }) },
    instanceProfile: true,
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'analytics-sandbox',
    team: 'data',
    owner: 'grace.kim@acme.io',
    createdDaysAgo: 380,
    description: 'Notebook instance; AdministratorAccess capped by an S3 read-only boundary',
    trust: serviceTrust('ec2.amazonaws.com'),
    managed: [awsPolicyArn('AdministratorAccess')],
    boundary: customerPolicyArn('s3-read-only-boundary'),
    instanceProfile: true,
    lastUsed: { daysAgo: 1 },
  },
  {
    name: 'ops-mfa-admin',
    team: 'sre',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 500,
    description: 'Administrator access only in MFA-authenticated sessions',
    trust: policy(trust({ AWS: accountRoot(ACCOUNT_ID) })),
    inline: {
      'admin-with-mfa': policy(
        allow('*', '*', { Sid: 'AdminWithMfa', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      ),
    },
    lastUsed: { daysAgo: 12 },
  },
  {
    name: 'developer-power',
    team: 'engineering',
    owner: 'kate.obrien@acme.io',
    createdDaysAgo: 600,
    description: 'Day-to-day developer role, assumed through the Okta SSO app',
    trust: policy(
      trust(
        { Federated: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/acme-okta` },
        { Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } },
        'sts:AssumeRoleWithSAML',
      ),
    ),
    managed: [awsPolicyArn('PowerUserAccess'), customerPolicyArn('region-guardrail')],
    lastUsed: { daysAgo: 1 },
  },
  {
    name: 'ci-ec2-deployer',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 210,
    description: 'GitHub Actions: deploy build agents',
    // Only the audience is checked: any repository on GitHub can assume this role.
    trust: githubTrust({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }),
    managed: [customerPolicyArn('ci-deploy-ec2')],
    lastUsed: { daysAgo: 3 },
  },
  {
    name: 'ci-lambda-deployer',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 200,
    description: 'GitHub Actions: deploy the status page functions',
    trust: githubTrust({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/deploy:ref:refs/heads/main' },
    }),
    managed: [customerPolicyArn('ci-lambda-deploy')],
    lastUsed: { daysAgo: 5 },
  },
  {
    name: 'infra-stack-deployer',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 60,
    description: 'GitHub Actions: deploy CloudFormation stacks',
    trust: githubTrust({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' },
    }),
    // Passes any role to the stacks it creates: no role trusts CloudFormation yet, so nothing to pass today.
    inline: {
      'deploy-stacks': policy(allow(['iam:PassRole', 'cloudformation:CreateStack', 'cloudformation:DescribeStacks'])),
    },
    lastUsed: { daysAgo: 64 },
  },
  {
    name: 'ssm-quick-setup',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 90,
    description: 'Systems Manager Quick Setup: gives instance roles the SSM policies',
    trust: serviceTrust('ssm.amazonaws.com'),
    inline: {
      // Attach to any role, but only these two policies: no way to attach AdministratorAccess.
      'attach-ssm-policies': policy(
        allow('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT_ID}:role/*`, {
          Condition: {
            ArnEquals: {
              'iam:PolicyARN': [
                awsPolicyArn('AmazonSSMManagedInstanceCore'),
                awsPolicyArn('AmazonSSMPatchAssociation'),
              ],
            },
          },
        }),
      ),
    },
    lastUsed: { daysAgo: 62 },
  },
  {
    name: 'account-bootstrap',
    team: 'platform',
    owner: 'dave.okafor@acme.io',
    createdDaysAgo: 330,
    description: 'Bootstraps cross-account roles for new environments',
    trust: serviceTrust('lambda.amazonaws.com'),
    inline: {
      'manage-trust': encodePolicy(
        policy(allow(['iam:UpdateAssumeRolePolicy', 'iam:GetRole', 'iam:ListRoles']), allow('sts:AssumeRole')),
      ),
    },
    managed: [awsPolicyArn('AWSLambdaBasicExecutionRole', '/service-role/')],
    lastUsed: { daysAgo: 9 },
  },
  {
    name: 'lambda-readonly-exec',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 200,
    description: 'Execution role for functions that only write logs',
    path: '/service-role/',
    trust: serviceTrust('lambda.amazonaws.com'),
    managed: [awsPolicyArn('AWSLambdaBasicExecutionRole', '/service-role/')],
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'data-pipeline',
    team: 'data',
    owner: 'grace.kim@acme.io',
    createdDaysAgo: 450,
    description: 'Nightly ETL into the data lake',
    trust: serviceTrust('lambda.amazonaws.com'),
    inline: {
      // A single Statement object with string Action and Resource.
      'read-raw-data': singleStatement({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
      'write-curated': policy(
        allow(['s3:PutObject', 's3:ListBucket'], [S3('acme-data-lake'), S3('acme-data-lake', 'curated/*')]),
        allow(['glue:GetTable', 'glue:GetPartitions', 'glue:BatchCreatePartition']),
      ),
    },
    managed: [awsPolicyArn('AWSLambdaBasicExecutionRole', '/service-role/')],
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'billing-api',
    team: 'payments',
    owner: 'bob.martin@acme.io',
    createdDaysAgo: 310,
    description: 'Billing webhook receiver',
    trust: serviceTrust('lambda.amazonaws.com'),
    inline: {
      'billing-secrets': policy(
        allow(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], '*', { Sid: 'AllSecrets' }),
        allow(['dynamodb:PutItem', 'dynamodb:GetItem'], `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/invoices`),
      ),
    },
    managed: [awsPolicyArn('AWSLambdaBasicExecutionRole', '/service-role/')],
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'config-loader',
    team: 'platform',
    owner: 'dave.okafor@acme.io',
    createdDaysAgo: 260,
    description: 'Loads feature configuration from Parameter Store',
    trust: serviceTrust('lambda.amazonaws.com'),
    inline: {
      parameters: encodePolicy(
        singleStatement(allow(['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], '*')),
      ),
    },
    managed: [awsPolicyArn('AWSLambdaBasicExecutionRole', '/service-role/')],
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'public-assets-publisher',
    team: 'growth',
    owner: 'erin.walsh@acme.io',
    createdDaysAgo: 190,
    description: 'Publishes the marketing site',
    trust: githubTrust({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/website:ref:refs/heads/main' },
    }),
    managed: [customerPolicyArn('web-edge-publisher')],
    lastUsed: { daysAgo: 4 },
  },
  {
    name: 'platform-automation',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 400,
    description: 'Terraform Cloud workspace runner',
    trust: policy(trust({ AWS: iamArn('user', 'svc-terraform') })),
    managed: [customerPolicyArn('platform-iam-admin')],
    inline: {
      'resource-policies': policy(
        allow([
          's3:PutBucketPolicy',
          's3:GetBucketPolicy',
          'lambda:AddPermission',
          'kms:PutKeyPolicy',
          'kms:GetKeyPolicy',
        ]),
      ),
    },
    lastUsed: { daysAgo: 1 },
  },
  {
    name: 'ssm-managed-instance',
    team: 'sre',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 520,
    description: 'Session Manager access for the bastion',
    trust: serviceTrust('ec2.amazonaws.com'),
    managed: [awsPolicyArn('AmazonSSMManagedInstanceCore')],
    instanceProfile: true,
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'web-app-instance',
    team: 'payments',
    owner: 'bob.martin@acme.io',
    createdDaysAgo: 280,
    description: 'Web tier instances',
    trust: serviceTrust('ec2.amazonaws.com'),
    managed: [customerPolicyArn('app-runtime-secrets')],
    instanceProfile: true,
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'partner-upload-legacy',
    team: 'payments',
    owner: 'ivan.petrov@acme.io',
    createdDaysAgo: 900,
    description: 'Partners drop settlement files (legacy; anyone can assume it)',
    trust: policy(trust({ AWS: '*' })),
    inline: { 'drop-files': policy(allow('s3:PutObject', S3('acme-partner-drop', '*'))) },
    lastUsed: { daysAgo: 6 },
  },
  {
    name: 'vendor-observability-legacy',
    team: 'sre',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 700,
    description: 'Old monitoring vendor integration, set up without an external ID',
    trust: policy(trust({ AWS: accountRoot(VENDOR_ACCOUNT) })),
    inline: {
      'read-metrics': policy(
        allow(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'tag:GetResources', 'ec2:Describe*']),
      ),
    },
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'vendor-observability',
    team: 'sre',
    owner: 'frank.mueller@acme.io',
    createdDaysAgo: 90,
    description: 'Monitoring vendor integration (with external ID)',
    trust: policy(
      trust(
        { AWS: accountRoot(VENDOR_ACCOUNT) },
        { Condition: { StringEquals: { 'sts:ExternalId': 'acme-7f3k2q9x' } } },
      ),
    ),
    managed: [awsPolicyArn('SecurityAudit')],
    inline: {
      'read-metrics': policy(allow(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'tag:GetResources'])),
    },
    lastUsed: { daysAgo: 0 },
  },
  {
    name: 'shared-services-deploy',
    team: 'platform',
    owner: 'alice.nguyen@acme.io',
    createdDaysAgo: 350,
    description: 'The shared-services account deploys container images here',
    trust: policy(trust({ AWS: accountRoot(SHARED_SERVICES_ACCOUNT) })),
    inline: {
      deploy: policy(
        allow(['ecs:UpdateService', 'ecs:DescribeServices'], `arn:aws:ecs:*:${ACCOUNT_ID}:service/acme-*/*`),
        allow('ecs:RegisterTaskDefinition'),
      ),
    },
    lastUsed: { daysAgo: 2 },
  },
  {
    name: 'old-reporting-role',
    team: 'data',
    owner: 'ivan.petrov@acme.io',
    createdDaysAgo: 500,
    description: 'Quarterly report export (replaced by the data lake)',
    trust: serviceTrust('ec2.amazonaws.com'),
    managed: [customerPolicyArn('s3-reports-read')],
    inline: { athena: policy(allow(['athena:StartQueryExecution', 'athena:GetQueryResults'])) },
    instanceProfile: true,
    lastUsed: { daysAgo: 200, region: 'us-east-1' },
  },
  {
    name: 'migration-2025',
    team: 'platform',
    owner: 'dave.okafor@acme.io',
    createdDaysAgo: 300,
    description: 'Database migration (never run)',
    trust: serviceTrust('dms.amazonaws.com'),
    inline: {
      migrate: policy(
        allow(['s3:PutObject', 's3:GetObject'], S3('acme-migration', '*')),
        allow(['rds:Describe*', 'ec2:Describe*']),
        // The replication instance manages its own network interfaces; everything else in EC2 is out of reach.
        allow('ec2:*', `arn:aws:ec2:eu-west-1:${ACCOUNT_ID}:network-interface/*`),
      ),
    },
  },
  {
    name: 'new-feature-flags',
    team: 'growth',
    owner: 'judy.chen@acme.io',
    createdDaysAgo: 3,
    description: 'Feature flag evaluation (rolling out)',
    trust: serviceTrust('lambda.amazonaws.com'),
    inline: {
      appconfig: policy(
        allow(
          ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'],
          `arn:aws:appconfig:us-east-1:${ACCOUNT_ID}:application/acmeflags/*`,
        ),
      ),
    },
  },
  {
    name: 'orders-worker',
    team: 'payments',
    owner: 'kate.obrien@acme.io',
    createdDaysAgo: 120,
    description: 'Processes the orders queue',
    trust: serviceTrust('lambda.amazonaws.com'),
    managed: [awsPolicyArn('AWSLambdaBasicExecutionRole', '/service-role/'), customerPolicyArn('orders-worker-access')],
    lastUsed: { daysAgo: 0 },
  },
];

// ---------------------------------------------------------------------------------------------------
// Builders: specs → the shapes get-account-authorization-details returns
// ---------------------------------------------------------------------------------------------------

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const attachedPolicies = (arns: string[] = []) =>
  arns.map((arn) => ({ PolicyName: arn.split('/').pop()!, PolicyArn: arn }));
const inlinePolicies = (
  policies: Record<string, RawDocument> = {},
  key: 'UserPolicyList' | 'GroupPolicyList' | 'RolePolicyList',
) => ({
  [key]: Object.entries(policies).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
});
const boundaryOf = (arn: string | undefined) =>
  arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } : {};

function user(spec: UserSpec) {
  return {
    Path: '/',
    UserName: spec.name,
    UserId: awsId('AIDA', spec.name),
    Arn: iamArn('user', spec.name),
    CreateDate: cliTime(daysAgo(spec.createdDaysAgo, 10, 14, 27)),
    ...inlinePolicies(spec.inline, 'UserPolicyList'),
    GroupList: spec.groups ?? [],
    AttachedManagedPolicies: attachedPolicies(spec.managed),
    Tags: tagList({ owner: spec.owner ?? email(spec.name), team: spec.team }),
  };
}

function group(spec: GroupSpec) {
  return {
    Path: '/',
    GroupName: spec.name,
    GroupId: awsId('AGPA', spec.name),
    Arn: iamArn('group', spec.name),
    CreateDate: cliTime(daysAgo(spec.created, 11, 2, 9)),
    ...inlinePolicies(spec.inline, 'GroupPolicyList'),
    AttachedManagedPolicies: attachedPolicies(spec.managed),
  };
}

function instanceProfileArn(roleName: string): string {
  return iamArn('instance-profile', roleName);
}

function role(spec: RoleSpec) {
  const path = spec.path ?? '/';
  // A role created inside the event window was created by the CreateRole call CloudTrail recorded.
  const createEvent = EVENTS.find(
    (e) =>
      e.action === 'iam:CreateRole' &&
      (e.record.Resources as { ResourceName: string }[])[0]?.ResourceName === spec.name,
  );
  if (createEvent) expectSameDay(`role ${spec.name} CreateDate`, createEvent.time, spec.createdDaysAgo);
  const created = cliTime(createEvent?.time ?? daysAgo(spec.createdDaysAgo, 15, 41, 3));
  const arn = roleArnOf(spec);
  return {
    Path: path,
    RoleName: spec.name,
    RoleId: awsId('AROA', spec.name),
    Arn: arn,
    CreateDate: created,
    AssumeRolePolicyDocument: spec.trust,
    ...(spec.description ? { Description: spec.description } : {}),
    MaxSessionDuration: 3600,
    InstanceProfileList: spec.instanceProfile
      ? [
          {
            Path: '/',
            InstanceProfileName: spec.name,
            InstanceProfileId: awsId('AIPA', spec.name),
            Arn: instanceProfileArn(spec.name),
            CreateDate: created,
            Roles: [
              {
                Path: path,
                RoleName: spec.name,
                RoleId: awsId('AROA', spec.name),
                Arn: arn,
                CreateDate: created,
                AssumeRolePolicyDocument: spec.trust,
              },
            ],
          },
        ]
      : [],
    ...inlinePolicies(spec.inline, 'RolePolicyList'),
    AttachedManagedPolicies: attachedPolicies(spec.managed),
    ...boundaryOf(spec.boundary),
    Tags: tagList({ owner: spec.owner, team: spec.team }),
    RoleLastUsed: roleLastUsed(spec),
  };
}

function roleArnOf(spec: RoleSpec): string {
  return `arn:aws:iam::${ACCOUNT_ID}:role${spec.path ?? '/'}${spec.name}`;
}

/** How many principals attach each managed policy, and how many use it as a boundary. */
function usageCounts(arn: string) {
  const principals = [...USERS, ...GROUPS, ...ROLES];
  return {
    AttachmentCount: principals.filter((p) => p.managed?.includes(arn)).length,
    PermissionsBoundaryUsageCount: [...USERS, ...ROLES].filter((p) => 'boundary' in p && p.boundary === arn).length,
  };
}

function managedPolicy(
  name: string,
  arn: string,
  path: string,
  description: string | undefined,
  versions: { document: RawDocument; created: string }[],
) {
  const defaultVersion = `v${versions.length}`;
  return {
    PolicyName: name,
    PolicyId: awsId('ANPA', arn),
    Arn: arn,
    Path: path,
    DefaultVersionId: defaultVersion,
    ...usageCounts(arn),
    IsAttachable: true,
    ...(description ? { Description: description } : {}),
    CreateDate: versions[0]!.created,
    UpdateDate: versions[versions.length - 1]!.created,
    PolicyVersionList: versions
      .map((v, i) => ({
        Document: v.document,
        VersionId: `v${i + 1}`,
        IsDefaultVersion: i === versions.length - 1,
        CreateDate: v.created,
      }))
      .reverse(),
  };
}

/** Only the AWS-managed policies something attaches are included, as get-account-authorization-details does. */
function policies() {
  const referenced = new Set(
    [...USERS, ...GROUPS, ...ROLES].flatMap((p) => [
      ...(p.managed ?? []),
      ...('boundary' in p && p.boundary ? [p.boundary] : []),
    ]),
  );
  const aws = Object.entries(AWS_MANAGED)
    .map(([name, p]) => ({ name, arn: awsPolicyArn(name, p.path), ...p }))
    .filter((p) => referenced.has(p.arn))
    .map((p) =>
      managedPolicy(p.name, p.arn, p.path ?? '/', undefined, [
        { document: p.document, created: p.created.replace('Z', '+00:00') },
      ]),
    );
  const customer = CUSTOMER_POLICIES.map((p) =>
    managedPolicy(
      p.name,
      customerPolicyArn(p.name),
      '/',
      p.description,
      p.versions.map((v, i) => ({
        document: v.encoded ? encodePolicy(v.document) : v.document,
        created: cliTime(daysAgo(v.daysAgo, 13, 5 + i, 51)),
      })),
    ),
  );
  return [...customer, ...aws];
}

function authorizationDetails() {
  return {
    UserDetailList: USERS.map(user),
    GroupDetailList: GROUPS.map(group),
    RoleDetailList: ROLES.map(role),
    Policies: policies(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Credential report
// ---------------------------------------------------------------------------------------------------

const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** The root user: an access key still exists, no MFA, and someone signed in as root five days ago. */
const ROOT = {
  createdDaysAgo: 1500,
  passwordLastUsedDaysAgo: 5,
  mfa: false,
  key: { active: true, rotatedDaysAgo: 1400, lastUsed: { daysAgo: 33 } },
};

function keyColumns(owner: string, index: 0 | 1, key: AccessKeySpec | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const event = latestEvent((e) => e.principal === owner && e.via === 'key' && (owner === 'root' || e.key === index));
  const used = lastUse(`${owner} access key ${index + 1}`, key.lastUsed?.daysAgo, event);
  const service = event ? (EVENT_SOURCE_HOST[event.service] ?? event.service) : key.lastUsed?.service;
  if (key.lastUsed?.service && service !== key.lastUsed.service)
    throw new Error(
      `${owner} access key ${index + 1}: last used for ${service}, the spec says ${key.lastUsed.service}`,
    );
  return [
    String(key.active),
    cliTime(daysAgo(key.rotatedDaysAgo, 10, 30, 12)),
    used ? cliTime(used) : 'N/A',
    event?.region ?? key.lastUsed?.region ?? 'N/A',
    service ?? 'N/A',
  ];
}

/** The console sign-in shortly before the newest console event (or the spec's day, outside the window). */
function passwordLastUsed(owner: string, daysAgoSpec: number | undefined): string {
  if (daysAgoSpec === undefined) return 'no_information';
  const event = latestEvent((e) => e.principal === owner && e.via === 'console');
  const used = lastUse(`${owner} password`, daysAgoSpec, event)!;
  return cliTime(event ? new Date(used.getTime() - 20 * 60_000) : used);
}

const NO_CERTIFICATES = ['false', 'N/A', 'false', 'N/A'];

function credentialReport(): string {
  const root = [
    '<root_account>',
    `arn:aws:iam::${ACCOUNT_ID}:root`,
    cliTime(daysAgo(ROOT.createdDaysAgo, 16, 20, 1)),
    'not_supported',
    passwordLastUsed('root', ROOT.passwordLastUsedDaysAgo),
    'not_supported',
    'not_supported',
    String(ROOT.mfa),
    ...keyColumns('root', 0, ROOT.key),
    ...keyColumns('root', 1, undefined),
    ...NO_CERTIFICATES,
  ];
  const users = USERS.map((u) => {
    const pw = u.password;
    return [
      u.name,
      iamArn('user', u.name),
      cliTime(daysAgo(u.createdDaysAgo, 10, 14, 27)),
      String(pw !== undefined),
      // "no_information": a password that was never used; "N/A": no password at all.
      pw ? passwordLastUsed(`user:${u.name}`, pw.lastUsedDaysAgo) : 'N/A',
      pw ? cliTime(daysAgo(pw.changedDaysAgo, 10, 20, 0)) : 'N/A',
      'N/A',
      String(u.mfa ?? false),
      ...keyColumns(`user:${u.name}`, 0, u.keys?.[0]),
      ...keyColumns(`user:${u.name}`, 1, u.keys?.[1]),
      ...NO_CERTIFICATES,
    ];
  });
  return [CREDENTIAL_REPORT_COLUMNS, root, ...users].map((row) => row.join(',')).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------
// EC2 instances and Lambda functions
// ---------------------------------------------------------------------------------------------------

interface InstanceSpec {
  name: string;
  type: string;
  zone: string;
  state: 'running' | 'stopped';
  /** The role whose instance profile the instance runs with; absent: no instance profile. */
  role?: string;
  httpTokens: 'optional' | 'required';
  hopLimit?: number;
  publicIp?: string;
  privateIp: string;
  launchedDaysAgo: number;
  owner: string;
  team: string;
}

const INSTANCES: InstanceSpec[][] = [
  // One reservation per launch; the web tier was launched as a pair.
  [
    {
      name: 'jenkins',
      type: 't3.large',
      zone: 'us-east-1a',
      state: 'running',
      role: 'jenkins-legacy',
      httpTokens: 'optional',
      publicIp: '54.210.33.17',
      privateIp: '10.0.1.25',
      launchedDaysAgo: 640,
      owner: 'alice.nguyen@acme.io',
      team: 'platform',
    },
  ],
  [
    {
      name: 'web-1',
      type: 'm6i.large',
      zone: 'us-east-1b',
      state: 'running',
      role: 'web-app-instance',
      httpTokens: 'required',
      hopLimit: 2,
      privateIp: '10.0.2.41',
      launchedDaysAgo: 27,
      owner: 'bob.martin@acme.io',
      team: 'payments',
    },
    {
      name: 'web-2',
      type: 'm6i.large',
      zone: 'us-east-1c',
      state: 'running',
      role: 'web-app-instance',
      httpTokens: 'required',
      hopLimit: 2,
      privateIp: '10.0.3.17',
      launchedDaysAgo: 27,
      owner: 'bob.martin@acme.io',
      team: 'payments',
    },
  ],
  [
    {
      name: 'reporting-export',
      type: 't3.medium',
      zone: 'us-east-1a',
      state: 'stopped',
      role: 'old-reporting-role',
      httpTokens: 'optional',
      privateIp: '10.0.1.77',
      launchedDaysAgo: 480,
      owner: 'ivan.petrov@acme.io',
      team: 'data',
    },
  ],
  [
    {
      name: 'bastion',
      type: 't3.micro',
      zone: 'eu-west-1a',
      state: 'running',
      role: 'ssm-managed-instance',
      httpTokens: 'required',
      publicIp: '34.245.10.88',
      privateIp: '172.31.4.10',
      launchedDaysAgo: 95,
      owner: 'frank.mueller@acme.io',
      team: 'sre',
    },
  ],
  [
    {
      name: 'analytics-notebook',
      type: 'r6i.xlarge',
      zone: 'eu-west-1b',
      state: 'running',
      role: 'analytics-sandbox',
      httpTokens: 'required',
      privateIp: '172.31.20.8',
      launchedDaysAgo: 14,
      owner: 'grace.kim@acme.io',
      team: 'data',
    },
  ],
  [
    {
      name: 'build-agent',
      type: 'c6i.large',
      zone: 'eu-west-1c',
      state: 'running',
      httpTokens: 'optional',
      publicIp: '52.48.199.3',
      privateIp: '172.31.33.92',
      launchedDaysAgo: 3,
      owner: 'alice.nguyen@acme.io',
      team: 'platform',
    },
  ],
];

function instanceId(name: string): string {
  return `i-0${hex(`instance:${name}`, 16)}`;
}

function instance(spec: InstanceSpec) {
  const id = instanceId(spec.name);
  const profileRole = spec.role ? ROLES.find((r) => r.name === spec.role) : undefined;
  if (spec.role && !profileRole?.instanceProfile)
    throw new Error(`${spec.name}: role ${spec.role} has no instance profile`);
  return {
    InstanceId: id,
    ImageId: `ami-0${hex(`ami:${spec.zone.slice(0, -1)}`, 16)}`,
    InstanceType: spec.type,
    State: spec.state === 'running' ? { Code: 16, Name: 'running' } : { Code: 80, Name: 'stopped' },
    Placement: { AvailabilityZone: spec.zone, GroupName: '', Tenancy: 'default' },
    PrivateIpAddress: spec.privateIp,
    ...(spec.publicIp ? { PublicIpAddress: spec.publicIp } : {}),
    LaunchTime: cliTime(daysAgo(spec.launchedDaysAgo, 12, 3, 58)),
    ...(profileRole
      ? { IamInstanceProfile: { Arn: instanceProfileArn(profileRole.name), Id: awsId('AIPA', profileRole.name) } }
      : {}),
    MetadataOptions: {
      State: 'applied',
      HttpTokens: spec.httpTokens,
      HttpPutResponseHopLimit: spec.hopLimit ?? 1,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    Tags: tagList({ Name: spec.name, owner: spec.owner, team: spec.team }),
  };
}

function ec2Instances() {
  return {
    Reservations: INSTANCES.map((launch) => ({
      ReservationId: `r-0${hex(`reservation:${launch[0]!.name}`, 16)}`,
      OwnerId: ACCOUNT_ID,
      Groups: [],
      Instances: launch.map(instance),
    })),
  };
}

interface FunctionSpec {
  name: string;
  region: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  memory: number;
  timeout: number;
  modifiedDaysAgo: number;
  /** Function URL; see FunctionUrlConfig in lambdaFunctions(). */
  url?: 'NONE' | 'AWS_IAM';
}

const FUNCTIONS: FunctionSpec[] = [
  {
    name: 'billing-webhook',
    region: 'us-east-1',
    runtime: 'python3.12',
    handler: 'app.handler',
    role: 'billing-api',
    description: 'Receives payment provider webhooks',
    memory: 256,
    timeout: 15,
    modifiedDaysAgo: 18,
    url: 'NONE',
  },
  {
    name: 'orders-processor',
    region: 'us-east-1',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    role: 'orders-worker',
    description: 'Consumes the orders queue',
    memory: 512,
    timeout: 60,
    modifiedDaysAgo: 9,
  },
  {
    name: 'config-loader',
    region: 'us-east-1',
    runtime: 'python3.12',
    handler: 'loader.handler',
    role: 'config-loader',
    description: 'Refreshes feature configuration',
    memory: 128,
    timeout: 30,
    modifiedDaysAgo: 75,
  },
  {
    name: 'etl-nightly',
    region: 'eu-west-1',
    runtime: 'python3.11',
    handler: 'etl.main',
    role: 'data-pipeline',
    description: 'Nightly data lake load',
    memory: 2048,
    timeout: 900,
    modifiedDaysAgo: 41,
  },
  {
    name: 'status-page-ping',
    region: 'eu-west-1',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    role: 'lambda-readonly-exec',
    description: 'Public health endpoint for the status page',
    memory: 128,
    timeout: 5,
    modifiedDaysAgo: 5,
    url: 'NONE',
  },
  {
    name: 'account-bootstrap',
    region: 'eu-west-1',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    role: 'account-bootstrap',
    description: 'Sets up trust for new environments',
    memory: 256,
    timeout: 120,
    modifiedDaysAgo: 33,
    url: 'AWS_IAM',
  },
];

function functionArn(name: string): string {
  const spec = FUNCTIONS.find((f) => f.name === name);
  if (!spec) throw new Error(`no function ${name}`);
  return `arn:aws:lambda:${spec.region}:${ACCOUNT_ID}:function:${name}`;
}

function lambdaFunction(spec: FunctionSpec) {
  const arn = functionArn(spec.name);
  const roleSpec = ROLES.find((r) => r.name === spec.role);
  if (!roleSpec) throw new Error(`${spec.name}: no role ${spec.role}`);
  return {
    FunctionName: spec.name,
    FunctionArn: arn,
    Runtime: spec.runtime,
    Role: roleArnOf(roleSpec),
    Handler: spec.handler,
    CodeSize: 4096 + parseInt(hex(`size:${spec.name}`, 5), 16),
    Description: spec.description,
    Timeout: spec.timeout,
    MemorySize: spec.memory,
    LastModified: lambdaTime(daysAgo(spec.modifiedDaysAgo, 14, 11, 5)),
    CodeSha256: Buffer.from(createHash('sha256').update(`code:${spec.name}`).digest()).toString('base64'),
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: uuid(`revision:${spec.name}`),
    PackageType: 'Zip',
    Architectures: ['arm64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${spec.name}` },
    // Rightsize extension: list-functions does not return function URLs. `rightsize collect` adds the
    // output of `aws lambda get-function-url-config` here, so a public (AuthType NONE) URL is visible.
    ...(spec.url
      ? {
          FunctionUrlConfig: {
            AuthType: spec.url,
            FunctionUrl: `https://${hex(`url:${spec.name}`, 32)}.lambda-url.${spec.region}.on.aws/`,
          },
        }
      : {}),
  };
}

function lambdaFunctions() {
  return { Functions: FUNCTIONS.map(lambdaFunction) };
}

// ---------------------------------------------------------------------------------------------------
// The cases: what each rule must find here, and the look-alikes it must leave alone
// ---------------------------------------------------------------------------------------------------

export interface DemoCase {
  /** Resources (ARNs; EC2 instance ids) the rule must report. */
  trueCases: string[];
  /** Resources that look similar but must not be reported by this rule. */
  nearMisses: string[];
  why: string;
}

const U = (name: string) => iamArn('user', name);
const G = (name: string) => iamArn('group', name);
const P = (name: string) => customerPolicyArn(name);
function R(name: string): string {
  const spec = ROLES.find((r) => r.name === name);
  if (!spec) throw new Error(`no role ${name}`);
  return roleArnOf(spec);
}

/** The organisation's accounts: a rule that knows them treats 444455556666 as internal. */
export const KNOWN_ACCOUNTS = [ACCOUNT_ID, SHARED_SERVICES_ACCOUNT];

/**
 * The rule settings the demo is checked with (as rightsize.example.yaml sets them): the organisation's guardrail.
 * SCP deny-root-user is attached to OU Shared only, so acme-demo (in OU Workloads) lacks it.
 */
export const DEMO_SETTINGS = {
  guardrailScps: ['deny-leaving-and-trail-tampering', 'deny-root-user'],
  guardrailDeniedActions: ['organizations:LeaveOrganization', 'cloudtrail:StopLogging'],
};

export const DEMO_CASES: Record<string, DemoCase> = {
  'admin-access': {
    trueCases: [
      U('alice.nguyen'),
      G('admins'),
      R('jenkins-legacy'),
      R('break-glass-admin'),
      U('svc-terraform'),
      R('platform-automation'),
    ],
    nearMisses: [
      R('analytics-sandbox'),
      R('ops-mfa-admin'),
      U('carol.diaz'),
      R('developer-power'),
      U('heidi.schmidt'),
      G('contractors'),
    ],
    why:
      'alice.nguyen gets AdministratorAccess through group admins; jenkins-legacy has an inline "*:*"; ' +
      'break-glass-admin has AdministratorAccess; svc-terraform and platform-automation have iam:* (can make ' +
      'themselves admin). Not admin: analytics-sandbox (AdministratorAccess capped by an s3:Get*/List* boundary), ' +
      'ops-mfa-admin ("*" only with aws:MultiFactorAuthPresent), carol.diaz (ReadOnlyAccess), developer-power ' +
      '(PowerUserAccess: NotAction iam:*, organizations:*, account:*), heidi.schmidt and group contractors ' +
      '(IAMFullAccess, but deny-iam-changes denies iam:*).',
  },
  'privilege-escalation': {
    trueCases: [
      U('dave.okafor'),
      R('ci-ec2-deployer'),
      U('erin.walsh'),
      U('frank.mueller'),
      R('account-bootstrap'),
      G('support'),
      R('developer-power'),
      R('infra-stack-deployer'),
    ],
    nearMisses: [
      R('ci-lambda-deployer'),
      U('kate.obrien'),
      G('self-service'),
      U('heidi.schmidt'),
      R('ssm-quick-setup'),
      U('leo.rossi'),
    ],
    why:
      'dave.okafor: iam:CreatePolicyVersion on * (inline); the developers group denies Put*/Attach*Policy but ' +
      'not CreatePolicyVersion, and s3-reports-read is attached to him through that group. ci-ec2-deployer: IAM:passrole on * + ec2:RunInstances. ' +
      'erin.walsh: iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction. frank.mueller: sts:AssumeRole on ' +
      'break-glass-admin (group oncall), whose trust policy names him: two hops to AdministratorAccess. ' +
      'account-bootstrap: iam:UpdateAssumeRolePolicy + sts:AssumeRole on *. Group support: its policy ' +
      'support-tooling gives its members iam:CreateAccessKey on * (keys for other users, alice.nguyen among them): ' +
      'the finding sits on the group, with its member leo.rossi as reach. developer-power: PowerUserAccess includes lambda:UpdateFunctionCode and ' +
      'ssm:SendCommand on *, i.e. code execution as account-bootstrap / jenkins-legacy. Near misses: ' +
      'ci-lambda-deployer may pass only lambda-readonly-exec (logs only) and update only status-* functions; ' +
      'kate.obrien (group self-service) may create access keys only for user/${aws:username}; heidi.schmidt ' +
      'has iam:* from IAMFullAccess but an explicit Deny of iam:*; leo.rossi gets the method only through group ' +
      'support, so he is not reported again; ssm-quick-setup may attach policies to any role, ' +
      'itself included, but iam:PolicyARN allows only AmazonSSMManagedInstanceCore and AmazonSSMPatchAssociation. ' +
      'Latent (low): infra-stack-deployer has iam:PassRole + cloudformation:CreateStack on *, and no role trusts ' +
      'cloudformation.amazonaws.com yet.',
  },
  'permissions-management': {
    trueCases: [R('identity-onboarding'), U('mia.svensson'), G('role-maintainers'), U('omar.haddad')],
    nearMisses: [
      R('runbook-editor'),
      U('nina.berg'),
      U('heidi.schmidt'),
      G('contractors'),
      U('dave.okafor'),
      R('ssm-quick-setup'),
    ],
    why:
      'identity-onboarding may write the policies of every user (iam:PutUserPolicy, iam:AttachUserPolicy on *), ' +
      'alice.nguyen among them, but being a role it cannot write its own. mia.svensson may create a new default ' +
      'version of every customer-managed policy (iam:CreatePolicyVersion on arn:aws:iam::111122223333:policy/*) ' +
      'and has none of her own. Group role-maintainers may put and attach policies on every role (its members ' +
      'nina.berg and omar.haddad use none); omar.haddad also has iam:PutRolePolicy on role/* of his own. Near ' +
      'misses: runbook-editor may rewrite only incident-runbook-draft, attached to no one; nina.berg has the ' +
      'method only through role-maintainers (reported on the group); heidi.schmidt and group contractors have ' +
      "IAMFullAccess but an explicit Deny of iam:*; dave.okafor can rewrite others' policies too, but is " +
      'reported once, by privilege-escalation, since he can become administrator himself; ssm-quick-setup may ' +
      'attach policies to every role, but iam:PolicyARN allows only two SSM policies: it hands over nothing that matters.',
  },
  'data-exfiltration': {
    trueCases: [
      R('data-pipeline'),
      R('billing-api'),
      R('config-loader'),
      R('analytics-sandbox'),
      U('grace.kim'),
      U('carol.diaz'),
      G('auditors'),
    ],
    nearMisses: [
      R('public-assets-publisher'),
      R('web-app-instance'),
      R('orders-worker'),
      U('kate.obrien'),
      R('vendor-observability'),
    ],
    why:
      'data-pipeline: s3:GetObject on * (single Statement object, string Action). billing-api: ' +
      'secretsmanager:GetSecretValue on *. config-loader: ssm:GetParameters/GetParameter/GetParametersByPath ' +
      'on * (URL-encoded document). analytics-sandbox: its boundary still allows s3:Get* on *. grace.kim: ' +
      'AmazonS3ReadOnlyAccess (s3:Get* on *); carol.diaz via group auditors: ReadOnlyAccess (s3:Get*, ssm:Get*, ' +
      'dynamodb:Scan on *). Near misses: public-assets-publisher reads only ' +
      'arn:aws:s3:::acme-public-assets/*; web-app-instance reads only prod/web/* secrets; orders-worker and ' +
      'kate.obrien read only named tables/buckets; vendor-observability has SecurityAudit (configuration, not data).',
  },
  'resource-exposure': {
    trueCases: [R('developer-power')],
    nearMisses: [R('public-assets-publisher'), R('platform-automation')],
    why:
      'developer-power: PowerUserAccess allows s3:PutBucketPolicy, lambda:AddPermission, kms:PutKeyPolicy … on * ' +
      '(its region guardrail is a conditional Deny: the grant is still account-wide). Near misses: ' +
      'public-assets-publisher may put the bucket policy of arn:aws:s3:::acme-public-assets only; platform-automation ' +
      'has the same actions on * but is an IAM administrator, reported once by admin-access rather than again here.',
  },
  'credentials-exposure': {
    trueCases: [U('leo.rossi'), G('support')],
    nearMisses: [U('kate.obrien'), G('self-service')],
    why:
      'support-tooling (group support, member leo.rossi) allows iam:CreateAccessKey on * and ' +
      'sts:GetFederationToken on *. Near miss: self-service-credentials allows iam:CreateAccessKey only on ' +
      'arn:aws:iam::111122223333:user/${aws:username}.',
  },
  'compute-admin': {
    trueCases: [instanceId('jenkins')],
    nearMisses: [instanceId('bastion'), instanceId('build-agent'), instanceId('analytics-notebook')],
    why:
      'jenkins (us-east-1): IMDSv1 (HttpTokens optional), public IP 54.210.33.17, instance profile of ' +
      'jenkins-legacy ("*:*"). Near misses: bastion runs with the SSM-only role and IMDSv2; build-agent has IMDSv1 ' +
      'and a public IP but no instance profile; analytics-notebook runs AdministratorAccess capped by a boundary.',
  },
  'compute-privileged': {
    trueCases: [
      functionArn('billing-webhook'),
      functionArn('account-bootstrap'),
      functionArn('etl-nightly'),
      functionArn('config-loader'),
      instanceId('analytics-notebook'),
      instanceId('bastion'),
    ],
    nearMisses: [
      functionArn('status-page-ping'),
      functionArn('orders-processor'),
      instanceId('web-1'),
      instanceId('web-2'),
    ],
    why:
      'billing-webhook has a public function URL (AuthType NONE) and runs as billing-api ' +
      '(secretsmanager:GetSecretValue on *): the most severe. account-bootstrap (URL with AWS_IAM) can escalate; ' +
      'etl-nightly, config-loader and analytics-notebook can exfiltrate. Near misses: status-page-ping has a ' +
      'public URL but only AWSLambdaBasicExecutionRole; orders-processor and web-1/web-2 (IMDSv2) have narrow ' +
      'roles. bastion is a true case many miss: its only policy, the AWS-managed AmazonSSMManagedInstanceCore, ' +
      'allows ssm:GetParameter(s) on *, so code on the bastion can read every SSM parameter.',
  },
  'permissions-gap': {
    trueCases: [R('developer-power')],
    nearMisses: [R('orders-worker')],
    why:
      'developer-power has PowerUserAccess (access advisor lists dozens of services) but used only s3 and logs in the ' +
      'last 60 days (access advisor and CloudTrail agree). orders-worker is scoped to one queue, one table, sns ' +
      'and logs, and used nearly all of it.',
  },
  'unused-role': {
    trueCases: [R('old-reporting-role'), R('migration-2025')],
    nearMisses: [R('new-feature-flags'), R('shared-services-deploy')],
    why:
      'old-reporting-role: RoleLastUsed 200 days ago, no service use in access advisor. migration-2025: created ' +
      '300 days ago, never used (RoleLastUsed {}). Near misses: new-feature-flags was created 3 days ago; ' +
      'shared-services-deploy was used 2 days ago.',
  },
  'unused-user': {
    trueCases: [U('ivan.petrov')],
    nearMisses: [U('judy.chen')],
    why:
      'ivan.petrov: password last used 210 days ago, his only key (inactive) last used 250 days ago. Near miss: ' +
      'judy.chen was created 5 days ago and has not signed in yet (password_last_used no_information).',
  },
  'unused-access-key': {
    trueCases: [U('svc-backup')],
    nearMisses: [U('ivan.petrov'), U('svc-metrics-exporter')],
    why:
      'svc-backup access key 2 is active and was last used 120 days ago (key 1, rotated 25 days ago, is in use). ' +
      'Near misses: ivan.petrov’s old key is inactive; svc-metrics-exporter’s key is used daily.',
  },
  'stale-access-key': {
    trueCases: [U('svc-terraform'), U('svc-backup')],
    nearMisses: [U('svc-metrics-exporter'), U('ivan.petrov'), U('alice.nguyen')],
    why:
      'svc-terraform: key last rotated 400 days ago, used yesterday. svc-backup: key 2 rotated 130 days ago. ' +
      'Near misses: svc-metrics-exporter’s key was rotated 20 days ago, alice.nguyen’s 30 days ago; ' +
      'ivan.petrov’s 700-day-old key is inactive.',
  },
  'console-without-mfa': {
    trueCases: [U('bob.martin')],
    nearMisses: [U('alice.nguyen'), U('svc-terraform'), U('svc-backup')],
    why:
      'bob.martin: password_enabled true, mfa_active false, signs in daily. Near misses: alice.nguyen has a ' +
      'password and MFA; svc-terraform and svc-backup have no password (programmatic only) and no MFA.',
  },
  'root-usage': {
    trueCases: [`arn:aws:iam::${ACCOUNT_ID}:root`],
    nearMisses: [],
    why:
      '<root_account>: access_key_1_active true (used 33 days ago), mfa_active false, password last used 5 ' +
      'days ago (CloudTrail has the root calls too).',
  },
  'open-trust': {
    trueCases: [R('partner-upload-legacy'), R('vendor-observability-legacy'), R('ci-ec2-deployer')],
    nearMisses: [
      R('vendor-observability'),
      R('ci-lambda-deployer'),
      R('public-assets-publisher'),
      R('shared-services-deploy'),
      R('data-pipeline'),
      R('developer-power'),
    ],
    why:
      'partner-upload-legacy trusts "AWS": "*" with no condition; vendor-observability-legacy trusts ' +
      `${VENDOR_ACCOUNT} (root) without sts:ExternalId; ci-ec2-deployer trusts the GitHub OIDC provider with only ` +
      'an aud condition (any repository can assume it). Near misses: vendor-observability requires ' +
      'sts:ExternalId; ci-lambda-deployer and public-assets-publisher pin token.actions.githubusercontent.com:sub ' +
      `to one repository and branch; shared-services-deploy trusts ${SHARED_SERVICES_ACCOUNT}, in the ` +
      'organisation; data-pipeline trusts a service principal; developer-power trusts the SAML provider.',
  },
  'cross-account-access': {
    trueCases: [R('vendor-observability'), R('vendor-observability-legacy'), R('partner-upload-legacy')],
    nearMisses: [R('shared-services-deploy')],
    why:
      `vendor-observability and vendor-observability-legacy are assumable from ${VENDOR_ACCOUNT}, an account ` +
      'outside the organisation (an ExternalId does not change that); partner-upload-legacy from any account. ' +
      `Near miss: shared-services-deploy is assumable from ${SHARED_SERVICES_ACCOUNT} ("shared-services"), which ` +
      'is in the organisation (KNOWN_ACCOUNTS).',
  },
  'organization-guardrail': {
    trueCases: [`arn:aws:iam::${ACCOUNT_ID}:root`],
    nearMisses: [],
    why:
      'With the demo organisation (examples/organization.json) and the guardrail of DEMO_SETTINGS: acme-demo has ' +
      'deny-leaving-and-trail-tampering (at the root) and so denies organizations:LeaveOrganization and ' +
      'cloudtrail:StopLogging, but sits in OU Workloads, and deny-root-user is attached to OU Shared only.',
  },
  'inline-or-direct-user-policy': {
    trueCases: [U('dave.okafor'), U('erin.walsh'), U('grace.kim'), U('svc-terraform')],
    nearMisses: [U('kate.obrien'), U('carol.diaz'), U('bob.martin')],
    why:
      'dave.okafor and erin.walsh have inline policies; grace.kim (AmazonS3ReadOnlyAccess) and svc-terraform ' +
      '(platform-iam-admin, PowerUserAccess) have managed policies attached directly. Near misses get their ' +
      'permissions only through groups.',
  },
  'risky-managed-policy': {
    trueCases: [P('platform-iam-admin'), P('ci-deploy-ec2'), P('support-tooling')],
    nearMisses: [P('s3-reports-read'), P('ci-lambda-deploy'), P('self-service-credentials'), P('deny-iam-changes')],
    why:
      'platform-iam-admin grants iam:* and is attached to svc-terraform and platform-automation. ci-deploy-ec2 ' +
      'grants IAM:passrole + ec2:RunInstances on * (URL-encoded, mixed-case action). support-tooling grants ' +
      'iam:CreateAccessKey on *. Near misses: s3-reports-read reads one bucket; ci-lambda-deploy passes one ' +
      'harmless role (its old v1 passed any role, but only the default version counts); ' +
      'self-service-credentials is limited to ${aws:username}; deny-iam-changes only denies iam:*.',
  },
};

/** Things in the snapshot that are not findings of one rule but exercise the policy grammar. */
export const DEMO_NOTES = [
  'Unknown action: data-science-read allows "s3:GetObjekt", a typo IAM accepts silently. It is not a grammar ' +
    'problem (loadSnapshot reports no problems); `rightsize scan` lists it among the actions the AWS catalog does not know.',
  'NotResource: orders-worker-access allows sns:Publish on every topic except arn:aws:sns:*:111122223333:acme-billing-*.',
  'Deny with a condition: region-guardrail denies NotAction [iam:*, sts:*, …] outside us-east-1 and eu-west-1.',
  'Wildcards: s3:Get*, ec2:Describe*, iam:Put*Policy (a Deny in developer-baseline), ec2:* on network ' +
    'interfaces only (migration-2025), "*:*" (jenkins-legacy); ' +
    'mixed case: "IAM:passrole" in ci-deploy-ec2.',
  'Document forms: JSON objects; URL-encoded strings (ci-deploy-ec2, self-service-credentials, app-runtime-secrets, ' +
    'region-guardrail, billing-read, inline lambda-experiments, manage-trust, parameters, backup-and-metrics); a single ' +
    'Statement object (s3-read-only-boundary, deny-iam-changes, jenkins-legacy full-access, data-pipeline ' +
    'read-raw-data); string Action/Resource/Principal.',
  'Policy versions: platform-iam-admin and s3-reports-read have 3 versions, developer-baseline and ' +
    'ci-lambda-deploy 2; only the default (newest) version is in force.',
  `Organisation: ${ACCOUNT_ID} (acme-demo) and ${SHARED_SERVICES_ACCOUNT} (shared-services); ${VENDOR_ACCOUNT} is an ` +
    'unknown external vendor. snapshot.json lists the organisation in organizationAccountIds.',
  'CloudTrail: lookup-events returns management events only; a few data-plane calls (S3 object and list calls, ' +
    'DynamoDB items, SQS messages, SNS publish) are included as a collector that also reads data events would merge them.',
];

// ---------------------------------------------------------------------------------------------------
// Activity: CloudTrail events, and the access-advisor reports derived from them
// ---------------------------------------------------------------------------------------------------

/**
 * Who made a call. Users call with an access key (`key`: which one) or from the console (a temporary
 * ASIA key); roles are used through sessions (the function name, the instance id, "GitHubActions" …).
 */
type Caller =
  | { user: string; via: 'console' | 'key'; key?: 0 | 1 }
  | { role: string; sessions: string[] }
  | { root: 'console' | 'key' };

interface CallSpec {
  /** IAM namespace (cloudwatch is served by monitoring.amazonaws.com). */
  service: string;
  event: string;
  count: number;
  lastDaysAgo: number;
  firstDaysAgo?: number;
  region?: string;
  resource?: { type: string; name: string };
  params?: Record<string, unknown>;
  error?: { code: string; message: string };
}

interface ActivitySpec {
  who: Caller;
  agent: keyof typeof USER_AGENTS;
  ip: string;
  region: string;
  calls: CallSpec[];
  /** Use older than the event window, which only access advisor (400 days) still remembers. */
  olderUse?: { service: string; daysAgo: number; region: string; actions?: string[] }[];
}

const USER_AGENTS = {
  cli: 'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off',
  console: 'AWS Internal',
  boto3:
    'Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.54',
  nodeSdk:
    'aws-sdk-js/3.687.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.aarch64 lang/js md/nodejs#20.18.0 exec-env/AWS_Lambda_nodejs20.x',
  terraform:
    'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.75.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/iam#1.37.3',
  githubActions:
    'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off',
  ec2: 'aws-cli/1.18.147 Python/2.7.18 Linux/4.14.355-271.569.amzn2.x86_64 botocore/1.18.6',
  vendor: 'aws-sdk-go/1.55.5 (go1.22.8; linux; amd64)',
  service: 'AWS Internal',
} as const;

const OFFICE_IP = '203.0.113.24';
const VPN_IP = '198.51.100.7';
const NAT_IP_US = '44.214.18.90';
const NAT_IP_EU = '54.74.201.33';
const GITHUB_IP = '20.163.15.7';
const VENDOR_IP = '3.233.146.12';

const bucket = (name: string) => ({ type: 'AWS::S3::Bucket', name });
const ACTIVITY: ActivitySpec[] = [
  // --- people --------------------------------------------------------------------------------------
  {
    who: { user: 'alice.nguyen', via: 'key' },
    agent: 'cli',
    ip: OFFICE_IP,
    region: 'us-east-1',
    calls: [
      { service: 'ec2', event: 'DescribeInstances', count: 5, lastDaysAgo: 2 },
      { service: 's3', event: 'ListBuckets', count: 3, lastDaysAgo: 3 },
      { service: 'sts', event: 'GetCallerIdentity', count: 4, lastDaysAgo: 2 },
      {
        service: 'iam',
        event: 'CreateRole',
        count: 1,
        lastDaysAgo: 3,
        resource: { type: 'AWS::IAM::Role', name: 'new-feature-flags' },
        params: { roleName: 'new-feature-flags', path: '/' },
      },
      { service: 'iam', event: 'GetRole', count: 4, lastDaysAgo: 1, params: { roleName: 'break-glass-admin' } },
      { service: 'iam', event: 'ListUsers', count: 4, lastDaysAgo: 1 },
    ],
  },
  {
    who: { user: 'alice.nguyen', via: 'console' },
    agent: 'console',
    ip: OFFICE_IP,
    region: 'us-east-1',
    calls: [
      { service: 'cloudtrail', event: 'LookupEvents', count: 3, lastDaysAgo: 1 },
      {
        service: 'sts',
        event: 'AssumeRole',
        count: 1,
        lastDaysAgo: 12,
        resource: { type: 'AWS::IAM::Role', name: iamArn('role', 'ops-mfa-admin') },
        params: { roleArn: iamArn('role', 'ops-mfa-admin'), roleSessionName: 'alice.nguyen' },
      },
    ],
  },
  {
    who: { user: 'dave.okafor', via: 'console' },
    agent: 'console',
    ip: VPN_IP,
    region: 'us-east-1',
    calls: [{ service: 'logs', event: 'FilterLogEvents', count: 2, lastDaysAgo: 4 }],
  },
  {
    who: { user: 'bob.martin', via: 'console' },
    agent: 'console',
    ip: VPN_IP,
    region: 'us-east-1',
    calls: [
      { service: 'logs', event: 'FilterLogEvents', count: 6, lastDaysAgo: 2 },
      { service: 'lambda', event: 'ListFunctions20150331', count: 4, lastDaysAgo: 2 },
      {
        service: 'lambda',
        event: 'GetFunction20150331v2',
        count: 3,
        lastDaysAgo: 4,
        resource: { type: 'AWS::Lambda::Function', name: 'billing-webhook' },
        params: { functionName: 'billing-webhook' },
      },
      { service: 'cloudwatch', event: 'GetMetricData', count: 3, lastDaysAgo: 2 },
      {
        service: 's3',
        event: 'ListObjectsV2',
        count: 3,
        lastDaysAgo: 5,
        resource: bucket('acme-reports'),
        params: {
          bucketName: 'acme-reports',
          'list-type': '2',
          prefix: '2026/10/',
          Host: 'acme-reports.s3.amazonaws.com',
        },
      },
    ],
  },
  {
    who: { user: 'carol.diaz', via: 'console' },
    agent: 'console',
    ip: OFFICE_IP,
    region: 'us-east-1',
    calls: [
      { service: 'iam', event: 'GenerateCredentialReport', count: 2, lastDaysAgo: 3 },
      { service: 'iam', event: 'GetCredentialReport', count: 2, lastDaysAgo: 3 },
      { service: 'iam', event: 'GetAccountAuthorizationDetails', count: 2, lastDaysAgo: 10 },
      { service: 'config', event: 'DescribeConfigRules', count: 2, lastDaysAgo: 8 },
      {
        service: 's3',
        event: 'GetBucketPolicy',
        count: 2,
        lastDaysAgo: 8,
        resource: bucket('acme-public-assets'),
        params: { bucketName: 'acme-public-assets', policy: '', Host: 'acme-public-assets.s3.amazonaws.com' },
      },
      { service: 'guardduty', event: 'ListFindings', count: 2, lastDaysAgo: 5 },
    ],
  },
  {
    who: { user: 'dave.okafor', via: 'key' },
    agent: 'cli',
    ip: VPN_IP,
    region: 'us-east-1',
    calls: [
      { service: 'iam', event: 'ListPolicyVersions', count: 2, lastDaysAgo: 4 },
      {
        service: 'iam',
        event: 'CreatePolicyVersion',
        count: 1,
        lastDaysAgo: 30,
        resource: { type: 'AWS::IAM::Policy', name: iamArn('policy', 'developer-baseline') },
        params: { policyArn: iamArn('policy', 'developer-baseline'), setAsDefault: true },
        error: { code: 'MalformedPolicyDocument', message: 'Syntax errors in policy.' },
      },
      { service: 'iam', event: 'GetPolicyVersion', count: 2, lastDaysAgo: 4 },
      { service: 'ec2', event: 'DescribeInstances', count: 2, lastDaysAgo: 7 },
    ],
  },
  {
    who: { user: 'erin.walsh', via: 'console' },
    agent: 'console',
    ip: VPN_IP,
    region: 'eu-west-1',
    calls: [
      {
        service: 'lambda',
        event: 'CreateFunction20150331',
        count: 1,
        lastDaysAgo: 20,
        resource: { type: 'AWS::Lambda::Function', name: 'growth-experiment-thumbs' },
        params: { functionName: 'growth-experiment-thumbs', runtime: 'nodejs20.x' },
        error: {
          code: 'InvalidParameterValueException',
          message: 'The role defined for the function cannot be assumed by Lambda.',
        },
      },
      { service: 'lambda', event: 'ListFunctions20150331', count: 3, lastDaysAgo: 6 },
      { service: 'logs', event: 'FilterLogEvents', count: 2, lastDaysAgo: 6 },
    ],
  },
  {
    who: { user: 'frank.mueller', via: 'console' },
    agent: 'console',
    ip: OFFICE_IP,
    region: 'us-east-1',
    calls: [
      {
        service: 'sts',
        event: 'AssumeRole',
        count: 1,
        lastDaysAgo: 38,
        resource: { type: 'AWS::IAM::Role', name: iamArn('role', 'break-glass-admin') },
        params: { roleArn: iamArn('role', 'break-glass-admin'), roleSessionName: 'frank.mueller' },
      },
      { service: 'logs', event: 'FilterLogEvents', count: 3, lastDaysAgo: 2 },
      { service: 'cloudwatch', event: 'DescribeAlarms', count: 3, lastDaysAgo: 2 },
    ],
  },
  {
    who: { user: 'grace.kim', via: 'console' },
    agent: 'console',
    ip: VPN_IP,
    region: 'eu-west-1',
    calls: [
      { service: 'athena', event: 'StartQueryExecution', count: 5, lastDaysAgo: 1 },
      { service: 'athena', event: 'GetQueryResults', count: 4, lastDaysAgo: 1 },
      { service: 'glue', event: 'GetTable', count: 3, lastDaysAgo: 2 },
      {
        service: 's3',
        event: 'ListObjects',
        count: 3,
        lastDaysAgo: 1,
        resource: bucket('acme-data-lake'),
        params: {
          bucketName: 'acme-data-lake',
          prefix: 'curated/',
          delimiter: '/',
          Host: 's3.eu-west-1.amazonaws.com',
        },
      },
    ],
  },
  {
    who: { user: 'heidi.schmidt', via: 'console' },
    agent: 'console',
    ip: '192.0.2.55',
    region: 'us-east-1',
    calls: [
      { service: 'logs', event: 'FilterLogEvents', count: 2, lastDaysAgo: 10 },
      {
        service: 'iam',
        event: 'CreateUser',
        count: 1,
        lastDaysAgo: 25,
        params: { userName: 'heidi-automation' },
        error: {
          code: 'AccessDenied',
          message: `User: ${iamArn('user', 'heidi.schmidt')} is not authorized to perform: iam:CreateUser on resource: ${iamArn('user', 'heidi-automation')} with an explicit deny in an identity-based policy`,
        },
      },
    ],
  },
  {
    who: { user: 'kate.obrien', via: 'console' },
    agent: 'console',
    ip: OFFICE_IP,
    region: 'us-east-1',
    calls: [
      { service: 'cloudwatch', event: 'GetMetricData', count: 3, lastDaysAgo: 1 },
      { service: 'dynamodb', event: 'DescribeTable', count: 2, lastDaysAgo: 3, params: { tableName: 'orders' } },
      { service: 'logs', event: 'FilterLogEvents', count: 2, lastDaysAgo: 1 },
    ],
  },
  {
    who: { user: 'leo.rossi', via: 'console' },
    agent: 'console',
    ip: OFFICE_IP,
    region: 'us-east-1',
    calls: [
      { service: 'iam', event: 'ListUsers', count: 2, lastDaysAgo: 3 },
      {
        service: 'iam',
        event: 'CreateAccessKey',
        count: 1,
        lastDaysAgo: 20,
        resource: { type: 'AWS::IAM::User', name: 'svc-metrics-exporter' },
        params: { userName: 'svc-metrics-exporter' },
      },
      {
        service: 'sts',
        event: 'GetFederationToken',
        count: 2,
        lastDaysAgo: 14,
        params: { name: 'support-debug', durationSeconds: 3600 },
      },
      { service: 'support', event: 'DescribeCases', count: 2, lastDaysAgo: 3 },
    ],
  },
  {
    who: { user: 'svc-terraform', via: 'key' },
    agent: 'terraform',
    ip: NAT_IP_US,
    region: 'us-east-1',
    calls: [
      {
        service: 'sts',
        event: 'AssumeRole',
        count: 4,
        lastDaysAgo: 1,
        resource: { type: 'AWS::IAM::Role', name: iamArn('role', 'platform-automation') },
        params: { roleArn: iamArn('role', 'platform-automation'), roleSessionName: 'terraform-run' },
      },
      { service: 'ec2', event: 'DescribeVpcs', count: 3, lastDaysAgo: 1 },
      { service: 'iam', event: 'GetPolicy', count: 4, lastDaysAgo: 8 },
      { service: 'iam', event: 'ListAttachedRolePolicies', count: 3, lastDaysAgo: 8 },
      { service: 'iam', event: 'GetRole', count: 5, lastDaysAgo: 1, params: { roleName: 'web-app-instance' } },
    ],
  },
  {
    who: { user: 'svc-backup', via: 'key', key: 0 },
    agent: 'cli',
    ip: NAT_IP_EU,
    region: 'eu-west-1',
    calls: [
      { service: 'backup', event: 'StartBackupJob', count: 4, lastDaysAgo: 1, firstDaysAgo: 24 },
      { service: 'backup', event: 'DescribeBackupJob', count: 4, lastDaysAgo: 1, firstDaysAgo: 24 },
    ],
    // Before key 1 replaced it, key 2 ran the same jobs.
    olderUse: [{ service: 'backup', daysAgo: 120, region: 'eu-west-1' }],
  },
  {
    who: { user: 'svc-metrics-exporter', via: 'key' },
    agent: 'cli',
    ip: NAT_IP_US,
    region: 'us-east-1',
    calls: [
      { service: 'cloudwatch', event: 'ListMetrics', count: 4, lastDaysAgo: 0, firstDaysAgo: 19 },
      { service: 'cloudwatch', event: 'GetMetricData', count: 5, lastDaysAgo: 0, firstDaysAgo: 19 },
    ],
  },
  {
    who: { user: 'ivan.petrov', via: 'console' },
    agent: 'console',
    ip: VPN_IP,
    region: 'eu-west-1',
    calls: [],
    olderUse: [
      { service: 's3', daysAgo: 250, region: 'eu-west-1', actions: ['ListBucket'] },
      { service: 'logs', daysAgo: 210, region: 'eu-west-1' },
    ],
  },
  {
    who: { root: 'key' },
    agent: 'cli',
    ip: '198.51.100.201',
    region: 'us-east-1',
    calls: [{ service: 's3', event: 'ListBuckets', count: 1, lastDaysAgo: 33 }],
  },
  {
    who: { root: 'console' },
    agent: 'console',
    ip: '198.51.100.201',
    region: 'us-east-1',
    calls: [
      { service: 'iam', event: 'GetAccountSummary', count: 1, lastDaysAgo: 5 },
      { service: 'iam', event: 'ListAccessKeys', count: 1, lastDaysAgo: 5 },
    ],
  },

  // --- roles ---------------------------------------------------------------------------------------
  {
    who: { role: 'break-glass-admin', sessions: ['frank.mueller'] },
    agent: 'console',
    ip: OFFICE_IP,
    region: 'us-east-1',
    calls: [
      { service: 'ec2', event: 'DescribeInstances', count: 2, lastDaysAgo: 38, firstDaysAgo: 38 },
      {
        service: 'ec2',
        event: 'StopInstances',
        count: 1,
        lastDaysAgo: 38,
        resource: { type: 'AWS::EC2::Instance', name: instanceId('reporting-export') },
      },
      { service: 'iam', event: 'ListRoles', count: 1, lastDaysAgo: 38 },
    ],
  },
  {
    who: { role: 'jenkins-legacy', sessions: [instanceId('jenkins')] },
    agent: 'ec2',
    ip: '54.210.33.17',
    region: 'us-east-1',
    calls: [
      { service: 'ec2', event: 'DescribeInstances', count: 4, lastDaysAgo: 0 },
      { service: 'ecr', event: 'GetAuthorizationToken', count: 4, lastDaysAgo: 0 },
      { service: 'cloudformation', event: 'DescribeStacks', count: 3, lastDaysAgo: 1 },
      { service: 's3', event: 'ListBuckets', count: 2, lastDaysAgo: 4 },
    ],
  },
  {
    who: { role: 'analytics-sandbox', sessions: [instanceId('analytics-notebook')] },
    agent: 'boto3',
    ip: NAT_IP_EU,
    region: 'eu-west-1',
    calls: [
      {
        service: 's3',
        event: 'ListObjectsV2',
        count: 4,
        lastDaysAgo: 1,
        firstDaysAgo: 14,
        resource: bucket('acme-data-lake'),
        params: { bucketName: 'acme-data-lake', 'list-type': '2', prefix: 'raw/', Host: 's3.eu-west-1.amazonaws.com' },
      },
      {
        service: 'ec2',
        event: 'DescribeInstances',
        count: 1,
        lastDaysAgo: 13,
        error: {
          code: 'Client.UnauthorizedOperation',
          message:
            'You are not authorized to perform this operation. User is not authorized to perform: ec2:DescribeInstances because no permissions boundary allows the ec2:DescribeInstances action',
        },
      },
    ],
  },
  {
    who: { role: 'ops-mfa-admin', sessions: ['alice.nguyen'] },
    agent: 'console',
    ip: OFFICE_IP,
    region: 'eu-west-1',
    calls: [
      { service: 'rds', event: 'DescribeDBInstances', count: 2, lastDaysAgo: 12 },
      { service: 'ec2', event: 'DescribeSecurityGroups', count: 1, lastDaysAgo: 12 },
    ],
  },
  {
    // PowerUserAccess, yet only S3 and CloudWatch Logs were used in the window: a permissions gap.
    who: { role: 'developer-power', sessions: ['kate.obrien@acme.io', 'frank.mueller@acme.io', 'bob.martin@acme.io'] },
    agent: 'console',
    ip: OFFICE_IP,
    region: 'us-east-1',
    calls: [
      {
        service: 's3',
        event: 'ListObjectsV2',
        count: 6,
        lastDaysAgo: 1,
        resource: bucket('acme-app-uploads'),
        params: {
          bucketName: 'acme-app-uploads',
          'list-type': '2',
          prefix: '',
          Host: 'acme-app-uploads.s3.amazonaws.com',
        },
      },
      { service: 's3', event: 'ListBuckets', count: 3, lastDaysAgo: 2 },
      { service: 's3', event: 'GetBucketLocation', count: 2, lastDaysAgo: 2, resource: bucket('acme-app-uploads') },
      { service: 'logs', event: 'FilterLogEvents', count: 6, lastDaysAgo: 1 },
      { service: 'logs', event: 'DescribeLogGroups', count: 3, lastDaysAgo: 1 },
      { service: 'logs', event: 'GetLogEvents', count: 3, lastDaysAgo: 2 },
    ],
  },
  {
    who: { role: 'ci-ec2-deployer', sessions: ['GitHubActions'] },
    agent: 'githubActions',
    ip: GITHUB_IP,
    region: 'eu-west-1',
    calls: [
      {
        service: 'ec2',
        event: 'RunInstances',
        count: 1,
        lastDaysAgo: 3,
        resource: { type: 'AWS::EC2::Instance', name: instanceId('build-agent') },
        params: { instanceType: 'c6i.large', minCount: 1, maxCount: 1 },
      },
      { service: 'ec2', event: 'DescribeInstances', count: 4, lastDaysAgo: 3 },
      { service: 'ec2', event: 'CreateTags', count: 1, lastDaysAgo: 3 },
      { service: 'ec2', event: 'TerminateInstances', count: 2, lastDaysAgo: 10 },
    ],
  },
  {
    who: { role: 'ci-lambda-deployer', sessions: ['GitHubActions'] },
    agent: 'githubActions',
    ip: GITHUB_IP,
    region: 'eu-west-1',
    calls: [
      {
        service: 'lambda',
        event: 'UpdateFunctionCode20150331v2',
        count: 3,
        lastDaysAgo: 5,
        resource: { type: 'AWS::Lambda::Function', name: 'status-page-ping' },
        params: { functionName: 'status-page-ping', publish: false },
      },
      {
        service: 'lambda',
        event: 'GetFunction20150331v2',
        count: 3,
        lastDaysAgo: 5,
        params: { functionName: 'status-page-ping' },
      },
      { service: 'lambda', event: 'ListFunctions20150331', count: 1, lastDaysAgo: 30 },
    ],
  },
  {
    who: { role: 'account-bootstrap', sessions: ['account-bootstrap'] },
    agent: 'nodeSdk',
    ip: NAT_IP_EU,
    region: 'eu-west-1',
    calls: [
      { service: 'iam', event: 'GetRole', count: 3, lastDaysAgo: 9, params: { roleName: 'shared-services-deploy' } },
      {
        service: 'iam',
        event: 'UpdateAssumeRolePolicy',
        count: 1,
        lastDaysAgo: 9,
        resource: { type: 'AWS::IAM::Role', name: 'shared-services-deploy' },
        params: { roleName: 'shared-services-deploy' },
      },
    ],
  },
  {
    who: { role: 'lambda-readonly-exec', sessions: ['status-page-ping'] },
    agent: 'service',
    ip: 'lambda.amazonaws.com',
    region: 'eu-west-1',
    calls: [{ service: 'logs', event: 'CreateLogStream', count: 3, lastDaysAgo: 0 }],
  },
  {
    who: { role: 'data-pipeline', sessions: ['etl-nightly'] },
    agent: 'boto3',
    ip: NAT_IP_EU,
    region: 'eu-west-1',
    calls: [
      {
        service: 's3',
        event: 'GetObject',
        count: 4,
        lastDaysAgo: 0,
        resource: bucket('acme-raw-events'),
        params: {
          bucketName: 'acme-raw-events',
          key: 'events/2026/11/19/part-0000.json.gz',
          Host: 's3.eu-west-1.amazonaws.com',
        },
      },
      {
        service: 's3',
        event: 'PutObject',
        count: 4,
        lastDaysAgo: 0,
        resource: bucket('acme-data-lake'),
        params: {
          bucketName: 'acme-data-lake',
          key: 'curated/events/dt=2026-11-19/part-0000.parquet',
          Host: 's3.eu-west-1.amazonaws.com',
        },
      },
      { service: 'glue', event: 'BatchCreatePartition', count: 4, lastDaysAgo: 0 },
      { service: 'glue', event: 'GetTable', count: 3, lastDaysAgo: 0 },
    ],
  },
  {
    who: { role: 'billing-api', sessions: ['billing-webhook'] },
    agent: 'boto3',
    ip: NAT_IP_US,
    region: 'us-east-1',
    calls: [
      {
        service: 'secretsmanager',
        event: 'GetSecretValue',
        count: 6,
        lastDaysAgo: 0,
        params: { secretId: `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:prod/billing/stripe-AbCdEf` },
      },
    ],
  },
  {
    who: { role: 'config-loader', sessions: ['config-loader'] },
    agent: 'boto3',
    ip: NAT_IP_US,
    region: 'us-east-1',
    calls: [
      {
        service: 'ssm',
        event: 'GetParametersByPath',
        count: 5,
        lastDaysAgo: 0,
        params: { path: '/acme/features/', recursive: true, withDecryption: true },
      },
    ],
  },
  {
    who: { role: 'public-assets-publisher', sessions: ['GitHubActions'] },
    agent: 'githubActions',
    ip: GITHUB_IP,
    region: 'us-east-1',
    calls: [
      {
        service: 's3',
        event: 'PutObject',
        count: 3,
        lastDaysAgo: 4,
        resource: bucket('acme-public-assets'),
        params: { bucketName: 'acme-public-assets', key: 'index.html', Host: 'acme-public-assets.s3.amazonaws.com' },
      },
      { service: 'cloudfront', event: 'CreateInvalidation', count: 3, lastDaysAgo: 4 },
    ],
  },
  {
    who: { role: 'platform-automation', sessions: ['terraform-run'] },
    agent: 'terraform',
    ip: NAT_IP_US,
    region: 'us-east-1',
    calls: [
      { service: 'iam', event: 'GetRole', count: 4, lastDaysAgo: 1, params: { roleName: 'orders-worker' } },
      { service: 's3', event: 'GetBucketPolicy', count: 3, lastDaysAgo: 1, resource: bucket('acme-public-assets') },
      {
        service: 's3',
        event: 'PutBucketPolicy',
        count: 1,
        lastDaysAgo: 40,
        resource: bucket('acme-public-assets'),
        params: { bucketName: 'acme-public-assets', Host: 'acme-public-assets.s3.amazonaws.com' },
      },
      { service: 'kms', event: 'GetKeyPolicy', count: 2, lastDaysAgo: 8 },
    ],
  },
  {
    who: { role: 'ssm-managed-instance', sessions: [instanceId('bastion')] },
    agent: 'service',
    ip: '34.245.10.88',
    region: 'eu-west-1',
    calls: [{ service: 'ssm', event: 'UpdateInstanceInformation', count: 5, lastDaysAgo: 0 }],
  },
  {
    who: { role: 'web-app-instance', sessions: [instanceId('web-1'), instanceId('web-2')] },
    agent: 'nodeSdk',
    ip: NAT_IP_US,
    region: 'us-east-1',
    calls: [
      {
        service: 'secretsmanager',
        event: 'GetSecretValue',
        count: 4,
        lastDaysAgo: 0,
        firstDaysAgo: 27,
        params: { secretId: 'prod/web/db' },
      },
      { service: 'kms', event: 'Decrypt', count: 3, lastDaysAgo: 0, firstDaysAgo: 27 },
    ],
  },
  {
    who: { role: 'partner-upload-legacy', sessions: ['settlement-upload'] },
    agent: 'cli',
    ip: '192.0.2.180',
    region: 'us-east-1',
    calls: [
      {
        service: 's3',
        event: 'PutObject',
        count: 3,
        lastDaysAgo: 6,
        resource: bucket('acme-partner-drop'),
        params: {
          bucketName: 'acme-partner-drop',
          key: 'settlements/2026-11-14.csv',
          Host: 'acme-partner-drop.s3.amazonaws.com',
        },
      },
    ],
  },
  {
    who: { role: 'vendor-observability-legacy', sessions: ['vendor-poller'] },
    agent: 'vendor',
    ip: VENDOR_IP,
    region: 'us-east-1',
    calls: [
      { service: 'cloudwatch', event: 'GetMetricData', count: 5, lastDaysAgo: 0 },
      { service: 'tag', event: 'GetResources', count: 3, lastDaysAgo: 0 },
      { service: 'ec2', event: 'DescribeInstances', count: 3, lastDaysAgo: 0 },
    ],
  },
  {
    who: { role: 'vendor-observability', sessions: ['vendor-poller'] },
    agent: 'vendor',
    ip: VENDOR_IP,
    region: 'us-east-1',
    calls: [
      { service: 'cloudwatch', event: 'GetMetricData', count: 3, lastDaysAgo: 0 },
      { service: 'iam', event: 'ListRoles', count: 2, lastDaysAgo: 1 },
    ],
  },
  {
    who: { role: 'shared-services-deploy', sessions: ['deploy-pipeline'] },
    agent: 'cli',
    ip: '52.30.119.4',
    region: 'eu-west-1',
    calls: [
      { service: 'ecs', event: 'RegisterTaskDefinition', count: 2, lastDaysAgo: 2 },
      { service: 'ecs', event: 'UpdateService', count: 2, lastDaysAgo: 2 },
      { service: 'ecs', event: 'DescribeServices', count: 2, lastDaysAgo: 2 },
    ],
  },
  {
    // Narrowly scoped and it uses nearly everything it has: no permissions gap.
    who: { role: 'orders-worker', sessions: ['orders-processor'] },
    agent: 'nodeSdk',
    ip: NAT_IP_US,
    region: 'us-east-1',
    calls: [
      { service: 'sqs', event: 'ReceiveMessage', count: 3, lastDaysAgo: 0 },
      { service: 'sqs', event: 'DeleteMessage', count: 2, lastDaysAgo: 0 },
      { service: 'sqs', event: 'GetQueueAttributes', count: 1, lastDaysAgo: 7 },
      { service: 'dynamodb', event: 'GetItem', count: 2, lastDaysAgo: 0, params: { tableName: 'orders' } },
      { service: 'dynamodb', event: 'PutItem', count: 2, lastDaysAgo: 0, params: { tableName: 'orders' } },
      { service: 'dynamodb', event: 'UpdateItem', count: 2, lastDaysAgo: 0, params: { tableName: 'orders' } },
      {
        service: 'dynamodb',
        event: 'Query',
        count: 1,
        lastDaysAgo: 1,
        params: { tableName: 'orders', indexName: 'by-customer' },
      },
      { service: 'sns', event: 'Publish', count: 2, lastDaysAgo: 0 },
      { service: 'logs', event: 'CreateLogStream', count: 2, lastDaysAgo: 0 },
    ],
  },
];

const SERVICE_NAMES: Record<string, string> = {
  account: 'AWS Account Management',
  acm: 'AWS Certificate Manager',
  apigateway: 'Amazon API Gateway',
  appconfig: 'AWS AppConfig',
  athena: 'Amazon Athena',
  autoscaling: 'Amazon EC2 Auto Scaling',
  backup: 'AWS Backup',
  budgets: 'AWS Budget Service',
  ce: 'AWS Cost Explorer Service',
  cloudformation: 'AWS CloudFormation',
  cloudfront: 'Amazon CloudFront',
  cloudtrail: 'AWS CloudTrail',
  cloudwatch: 'Amazon CloudWatch',
  config: 'AWS Config',
  cur: 'AWS Cost and Usage Report',
  dms: 'AWS Database Migration Service',
  dynamodb: 'Amazon DynamoDB',
  ec2: 'Amazon EC2',
  ecr: 'Amazon Elastic Container Registry',
  ecs: 'Amazon Elastic Container Service',
  elasticloadbalancing: 'Elastic Load Balancing',
  glue: 'AWS Glue',
  guardduty: 'Amazon GuardDuty',
  iam: 'AWS Identity and Access Management',
  kms: 'AWS Key Management Service',
  lambda: 'AWS Lambda',
  logs: 'Amazon CloudWatch Logs',
  organizations: 'AWS Organizations',
  rds: 'Amazon RDS',
  route53: 'Amazon Route 53',
  s3: 'Amazon S3',
  secretsmanager: 'AWS Secrets Manager',
  sns: 'Amazon SNS',
  sqs: 'Amazon SQS',
  ssm: 'AWS Systems Manager',
  sts: 'AWS Security Token Service',
  support: 'AWS Support',
  tag: 'Amazon Resource Group Tagging API',
};

/** Access advisor tracks action-level use only for a few services; these are some of their tracked actions. */
const TRACKED_ACTIONS: Record<string, string[]> = {
  s3: ['CreateBucket', 'DeleteBucket', 'GetBucketPolicy', 'ListAllMyBuckets', 'PutBucketPolicy', 'PutBucketAcl'],
  iam: [
    'AttachRolePolicy',
    'CreateAccessKey',
    'CreatePolicyVersion',
    'CreateRole',
    'CreateUser',
    'GetRole',
    'ListRoles',
    'ListUsers',
    'PassRole',
    'PutRolePolicy',
    'UpdateAssumeRolePolicy',
  ],
  ec2: [
    'AuthorizeSecurityGroupIngress',
    'CreateTags',
    'DescribeInstances',
    'RunInstances',
    'StopInstances',
    'TerminateInstances',
  ],
  lambda: ['AddPermission', 'CreateFunction', 'GetFunction', 'ListFunctions', 'UpdateFunctionCode'],
};

const EVENT_SOURCE_HOST: Record<string, string> = { cloudwatch: 'monitoring' };
const eventSource = (service: string) => `${EVENT_SOURCE_HOST[service] ?? service}.amazonaws.com`;

/** The IAM action a CloudTrail event name stands for (Lambda's API-version suffixes, S3's list calls). */
function iamActionOf(service: string, event: string): string {
  if (service === 's3' && (event === 'ListObjects' || event === 'ListObjectsV2')) return 's3:ListBucket';
  if (service === 's3' && event === 'ListBuckets') return 's3:ListAllMyBuckets';
  return `${service}:${event.replace(/20\d{6}(v\d+)?$/, '')}`;
}

const READ_ONLY_EVENT = /^(Get|List|Describe|Lookup|Head|Filter|GenerateCredentialReport$)/;
const AUTHORIZATION_FAILURE = /AccessDenied|Unauthorized/;

interface GeneratedEvent {
  /** user:<name>, role:<name> or root. */
  principal: string;
  time: Date;
  service: string;
  action: string;
  region: string;
  accessKeyId: string;
  via: 'console' | 'key' | 'session';
  key?: 0 | 1;
  authorized: boolean;
  record: Record<string, unknown>;
}

const principalKey = (who: Caller) =>
  'user' in who ? `user:${who.user}` : 'role' in who ? `role:${who.role}` : 'root';
const userKeyId = (name: string, index: 0 | 1) => awsId('AKIA', `${name}:key${index + 1}`, 16);

function sessionIdentity(
  who: Caller,
  session: string,
  day: string,
  time: Date,
): { identity: Record<string, unknown>; keyId: string; username: string } {
  const created = trailTime(new Date(time.getTime() - 7 * 60_000));
  if ('root' in who) {
    const keyId = who.root === 'key' ? awsId('AKIA', 'root:key1', 16) : awsId('ASIA', `root:${day}`, 16);
    return {
      keyId,
      username: 'root',
      identity: {
        type: 'Root',
        principalId: ACCOUNT_ID,
        arn: `arn:aws:iam::${ACCOUNT_ID}:root`,
        accountId: ACCOUNT_ID,
        accessKeyId: keyId,
        ...(who.root === 'console'
          ? { sessionContext: { attributes: { creationDate: created, mfaAuthenticated: 'false' } } }
          : {}),
      },
    };
  }
  if ('user' in who) {
    const keyId = who.via === 'key' ? userKeyId(who.user, who.key ?? 0) : awsId('ASIA', `${who.user}:${day}`, 16);
    return {
      keyId,
      username: who.user,
      identity: {
        type: 'IAMUser',
        principalId: awsId('AIDA', who.user),
        arn: iamArn('user', who.user),
        accountId: ACCOUNT_ID,
        accessKeyId: keyId,
        userName: who.user,
        ...(who.via === 'console'
          ? {
              sessionContext: {
                attributes: {
                  creationDate: created,
                  mfaAuthenticated: String(USERS.find((u) => u.name === who.user)?.mfa ?? false),
                },
              },
            }
          : {}),
      },
    };
  }
  const spec = ROLES.find((r) => r.name === who.role)!;
  const keyId = awsId('ASIA', `${who.role}:${session}:${day}`, 16);
  const roleId = awsId('AROA', spec.name);
  const federated = session === 'GitHubActions';
  return {
    keyId,
    username: session,
    identity: {
      type: 'AssumedRole',
      principalId: `${roleId}:${session}`,
      arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${spec.name}/${session}`,
      accountId: ACCOUNT_ID,
      accessKeyId: keyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: roleId,
          arn: roleArnOf(spec),
          accountId: ACCOUNT_ID,
          userName: spec.name,
        },
        ...(federated ? { webIdFederationData: { federatedProvider: GITHUB_OIDC, attributes: {} } } : {}),
        attributes: { creationDate: created, mfaAuthenticated: 'false' },
      },
    },
  };
}

/** Spreads each call's events over the window; the last one falls on `lastDaysAgo`. */
function callTimes(seed: string, call: CallSpec): Date[] {
  const random = seededRandom(parseInt(hex(seed, 8), 16));
  const timeOn = (day: number) =>
    day === 0
      ? daysAgo(0, 1 + Math.floor(random() * 7), Math.floor(random() * 60), Math.floor(random() * 60))
      : daysAgo(day, 8 + Math.floor(random() * 11), Math.floor(random() * 60), Math.floor(random() * 60));
  const first = Math.min(call.firstDaysAgo ?? EVENT_WINDOW_DAYS - 2, EVENT_WINDOW_DAYS - 1);
  const times = [timeOn(call.lastDaysAgo)];
  for (let i = 1; i < call.count; i++) {
    const span = first - call.lastDaysAgo;
    times.push(timeOn(span > 0 ? call.lastDaysAgo + 1 + Math.floor(random() * span) : call.lastDaysAgo));
  }
  return times;
}

function generateEvents(): GeneratedEvent[] {
  const events: GeneratedEvent[] = [];
  for (const activity of ACTIVITY) {
    const who = activity.who;
    const principal = principalKey(who);
    activity.calls.forEach((call, c) => {
      const region = call.region ?? activity.region;
      callTimes(`${principal}:${c}:${call.event}`, call).forEach((time, n) => {
        const sessions = 'role' in who ? who.sessions : [''];
        const session = sessions[n % sessions.length]!;
        const day = time.toISOString().slice(0, 10);
        const { identity, keyId, username } = sessionIdentity(who, session, day, time);
        const id = uuid(`event:${principal}:${c}:${n}`);
        const readOnly = READ_ONLY_EVENT.test(call.event);
        const source = eventSource(call.service);
        const detail = {
          eventVersion: '1.10',
          userIdentity: identity,
          eventTime: trailTime(time),
          eventSource: source,
          eventName: call.event,
          awsRegion: region,
          sourceIPAddress: activity.ip,
          userAgent: USER_AGENTS[activity.agent],
          ...(call.error ? { errorCode: call.error.code, errorMessage: call.error.message } : {}),
          requestParameters: call.params ?? null,
          responseElements: null,
          requestID: uuid(`request:${id}`),
          eventID: id,
          readOnly,
          eventType: 'AwsApiCall',
          managementEvent: true,
          recipientAccountId: ACCOUNT_ID,
          eventCategory: 'Management',
          tlsDetails: {
            tlsVersion: 'TLSv1.3',
            cipherSuite: 'TLS_AES_128_GCM_SHA256',
            clientProvidedHostHeader: source.replace('.amazonaws.com', `.${region}.amazonaws.com`),
          },
        };
        events.push({
          principal,
          time,
          service: call.service,
          action: iamActionOf(call.service, call.event),
          region,
          accessKeyId: keyId,
          via: 'role' in who ? 'session' : 'user' in who ? who.via : who.root,
          ...('user' in who && who.via === 'key' ? { key: who.key ?? 0 } : {}),
          authorized: !call.error || !AUTHORIZATION_FAILURE.test(call.error.code),
          record: {
            EventId: id,
            EventName: call.event,
            ReadOnly: String(readOnly),
            AccessKeyId: keyId,
            EventTime: cliTime(time),
            EventSource: source,
            Username: username,
            Resources: call.resource ? [{ ResourceType: call.resource.type, ResourceName: call.resource.name }] : [],
            CloudTrailEvent: JSON.stringify(detail),
          },
        });
      });
    });
  }
  // lookup-events returns the newest first.
  return events.sort(
    (a, b) =>
      b.time.getTime() - a.time.getTime() || (a.record.EventId as string).localeCompare(b.record.EventId as string),
  );
}

const EVENTS = generateEvents();

function cloudTrailEvents() {
  return { Events: EVENTS.map((e) => e.record) };
}

/** The newest event matching `filter` (EVENTS is newest first). */
const latestEvent = (filter: (e: GeneratedEvent) => boolean) => EVENTS.find(filter);

const sameDay = (a: Date, b: Date) => a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
function expectSameDay(what: string, actual: Date, daysAgoExpected: number) {
  if (!sameDay(actual, daysAgo(daysAgoExpected)))
    throw new Error(`${what}: the events say ${actual.toISOString()}, the spec says ${daysAgoExpected} days ago`);
}

/**
 * When a spec says something was last used, the events must agree: inside the window the newest event
 * gives the exact time (and must fall on that day); outside it, the spec's day is all there is.
 */
function lastUse(what: string, daysAgoSpec: number | undefined, event: GeneratedEvent | undefined): Date | undefined {
  if (daysAgoSpec === undefined) {
    if (event) throw new Error(`${what}: never used according to the spec, but there are events`);
    return undefined;
  }
  if (event) {
    expectSameDay(what, event.time, daysAgoSpec);
    return event.time;
  }
  if (daysAgoSpec < EVENT_WINDOW_DAYS) throw new Error(`${what}: used ${daysAgoSpec} days ago, but no event says so`);
  return daysAgo(daysAgoSpec, 11, 4);
}

function roleLastUsed(spec: RoleSpec) {
  const event = latestEvent((e) => e.principal === `role:${spec.name}`);
  const used = lastUse(`role ${spec.name}`, spec.lastUsed?.daysAgo, event);
  return used ? { LastUsedDate: cliTime(used), Region: event?.region ?? spec.lastUsed?.region ?? 'us-east-1' } : {};
}

// ---------------------------------------------------------------------------------------------------
// Access advisor (GetServiceLastAccessedDetails, ACTION_LEVEL)
// ---------------------------------------------------------------------------------------------------

function decode(document: RawDocument): PolicyDocument {
  return typeof document === 'string' ? (JSON.parse(decodeURIComponent(document)) as PolicyDocument) : document;
}

const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [value as string];
const glob = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  ).test(value);

function defaultDocument(arn: string): PolicyDocument {
  const customer = CUSTOMER_POLICIES.find((p) => customerPolicyArn(p.name) === arn);
  if (customer) return customer.versions[customer.versions.length - 1]!.document;
  const aws = Object.entries(AWS_MANAGED).find(([name, p]) => awsPolicyArn(name, p.path) === arn);
  if (!aws) throw new Error(`unknown managed policy ${arn}`);
  return aws[1].document;
}

/** The Allow statements of every identity policy a principal has (own, and through its groups). */
function allowStatements(principal: UserSpec | RoleSpec): Statement[] {
  const groups = 'groups' in principal ? GROUPS.filter((g) => principal.groups?.includes(g.name)) : [];
  const owners = [principal, ...groups];
  const documents = owners.flatMap((o) => [
    ...Object.values(o.inline ?? {}).map(decode),
    ...(o.managed ?? []).map(defaultDocument),
  ]);
  return documents
    .flatMap((d) => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]))
    .filter((s) => s.Effect === 'Allow');
}

function allowsAction(statements: Statement[], action: string): boolean {
  return statements.some((s) =>
    s.NotAction !== undefined
      ? !asList(s.NotAction).some((p) => glob(p, action))
      : asList(s.Action).some((p) => p === '*' || glob(p, action)),
  );
}

function allowsService(statements: Statement[], service: string): boolean {
  return statements.some((s) =>
    s.NotAction !== undefined
      ? !asList(s.NotAction).some((p) => p.toLowerCase() === `${service}:*`)
      : asList(s.Action).some((p) => p === '*' || glob(p.split(':')[0]!, service)),
  );
}

/** Principals without a report: the job for a brand-new role has not run yet; one service user was skipped. */
const NO_ADVISOR_REPORT = new Set(['role:new-feature-flags', 'user:svc-metrics-exporter']);

function advisorReport(key: string, arn: string, spec: UserSpec | RoleSpec) {
  const statements = allowStatements(spec);
  const used = EVENTS.filter((e) => e.principal === key && e.authorized);
  const older = ACTIVITY.find((a) => principalKey(a.who) === key)?.olderUse ?? [];
  const jobStart = daysAgo(0, 8, 52, parseInt(hex(key, 2), 16) % 60);
  const services = Object.keys(SERVICE_NAMES)
    .filter((ns) => allowsService(statements, ns))
    .map((ns) => {
      const last = used.find((e) => e.service === ns);
      const old = older.find((o) => o.service === ns);
      const lastTime = last?.time ?? (old && daysAgo(old.daysAgo, 11, 4));
      const entry: Record<string, unknown> = { ServiceName: SERVICE_NAMES[ns], ServiceNamespace: ns };
      if (lastTime) {
        entry.LastAuthenticated = cliTime(lastTime);
        entry.LastAuthenticatedEntity = arn;
        entry.LastAuthenticatedRegion = last?.region ?? old!.region;
      }
      entry.TotalAuthenticatedEntities = lastTime ? 1 : 0;
      const tracked = TRACKED_ACTIONS[ns];
      if (tracked) {
        const names = new Set([
          ...tracked.filter((a) => allowsAction(statements, `${ns}:${a}`)),
          ...used.filter((e) => e.service === ns).map((e) => e.action.split(':')[1]!),
          ...(old?.actions ?? []),
        ]);
        entry.TrackedActionsLastAccessed = [...names].sort().map((name) => {
          const hit = used.find((e) => e.action === `${ns}:${name}`);
          const oldHit = old?.actions?.includes(name) ? daysAgo(old.daysAgo, 11, 4) : undefined;
          const time = hit?.time ?? oldHit;
          return time
            ? {
                ActionName: name,
                LastAccessedEntity: arn,
                LastAccessedTime: cliTime(time),
                LastAccessedRegion: hit?.region ?? old!.region,
              }
            : { ActionName: name };
        });
      }
      return entry;
    });
  return {
    JobStatus: 'COMPLETED',
    JobType: 'ACTION_LEVEL',
    JobCreationDate: cliTime(jobStart),
    ServicesLastAccessed: services,
    JobCompletionDate: cliTime(new Date(jobStart.getTime() + 4_000)),
    IsTruncated: false,
  };
}

function serviceLastAccessed() {
  const reports: Record<string, unknown> = {};
  for (const u of USERS)
    if (!NO_ADVISOR_REPORT.has(`user:${u.name}`))
      reports[iamArn('user', u.name)] = advisorReport(`user:${u.name}`, iamArn('user', u.name), u);
  for (const r of ROLES)
    if (!NO_ADVISOR_REPORT.has(`role:${r.name}`))
      reports[roleArnOf(r)] = advisorReport(`role:${r.name}`, roleArnOf(r), r);
  return reports;
}

// ---------------------------------------------------------------------------------------------------
// CASES.md
// ---------------------------------------------------------------------------------------------------

/** A readable name for a case: user/alice.nguyen, policy/ci-deploy-ec2, function billing-webhook, i-… (jenkins). */
function caseLabel(id: string): string {
  if (id.startsWith('i-')) {
    const name = INSTANCES.flat().find((i) => instanceId(i.name) === id)?.name;
    return `\`${id}\` (${name})`;
  }
  const fn = /^arn:aws:lambda:([^:]+):\d+:function:(.+)$/.exec(id);
  if (fn) return `function \`${fn[2]}\` (${fn[1]})`;
  if (id.endsWith(':root')) return `\`<root_account>\``;
  return `\`${id.replace(/^arn:aws:iam::\d+:/, '').replace('/service-role/', '/')}\``;
}

function casesMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = Object.entries(DEMO_CASES).map(
    ([rule, c]) =>
      `| \`${rule}\` | ${c.trueCases.map(caseLabel).join('<br>')} | ${c.nearMisses.map(caseLabel).join('<br>') || '—'} | ${cell(c.why)} |`,
  );
  return [
    '# Demo account: rule cases',
    '',
    `Account ${ACCOUNT_ID} (${ACCOUNT_ALIAS}), collected ${COLLECTED_AT}. Generated by`,
    '`scripts/generate-demo-account.ts` (`npm run demo:generate`); do not edit by hand. The same table is',
    'exported from that script as `DEMO_CASES`: every rule must report its true cases and none of its near misses.',
    '',
    '| rule | true cases | near misses (must not be reported) | why |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## Also in the snapshot',
    '',
    ...DEMO_NOTES.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes a generated snapshot directory (this account's, or another demo account's). */
export async function writeDemoFiles(outDir: string, files: Record<string, string>): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(outDir, name), content);
  console.log(`wrote ${Object.keys(files).length} files to ${outDir}`);
}

async function main(outDir: string): Promise<void> {
  const files: Record<string, string> = {
    'authorization-details.json': json(authorizationDetails()),
    'credential-report.csv': credentialReport(),
    'ec2-instances.json': json(ec2Instances()),
    'lambda-functions.json': json(lambdaFunctions()),
    'service-last-accessed.json': json(serviceLastAccessed()),
    'cloudtrail-events.json': json(cloudTrailEvents()),
    'CASES.md': casesMarkdown(),
    'snapshot.json': json({
      accountId: ACCOUNT_ID,
      collectedAt: COLLECTED_AT,
      accountAlias: ACCOUNT_ALIAS,
      organizationAccountIds: [SHARED_SERVICES_ACCOUNT],
      gaps: [],
    }),
  };
  await writeDemoFiles(outDir, files);
}

// Importing this module (e.g. a test reading DEMO_CASES) writes nothing; running it does.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  await main(process.argv[2] ?? join('examples', 'demo-account'));
