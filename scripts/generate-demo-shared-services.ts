/**
 * Generates the demo organisation's second account: 444455556666 ("shared-services"), a handful of principals in
 * the formats the AWS CLI/API return, next to acme-demo (scripts/generate-demo-account.ts).
 *
 *   npx tsx scripts/generate-demo-shared-services.ts [outDir]     (default: examples/demo-shared-services)
 *
 * What it is for: the organisation pass (README, "Organisations"). acme-demo's role shared-services-deploy trusts
 * this account's root, so any principal here whose own policies allow sts:AssumeRole on it gets in:
 *   - the cross-account path: user dana.okafor → role image-builder (here) → role shared-services-deploy (acme-demo);
 *   - near misses: role log-shipper may call sts:AssumeRole on acme-demo's log-archive-writer, which does not exist
 *     (no trust, no path); user sam.lee can become nothing; OrganizationAccountAccessRole, an administrator, trusts
 *     the management account, which is not scanned (the join says it cannot tell who there reaches it).
 * Deterministic: every date is relative to acme-demo's COLLECTED_AT.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ACCOUNT_ID as ACME_ACCOUNT,
  AWS_MANAGED,
  COLLECTED_AT,
  json,
  SHARED_SERVICES_ACCOUNT,
  writeDemoFiles,
} from './generate-demo-account.js';

export const ACCOUNT_ID = SHARED_SERVICES_ACCOUNT;
export const ACCOUNT_ALIAS = 'shared-services';
/** The demo organisation's management account: named in trust policies and organization.json, never scanned. */
export const MANAGEMENT_ACCOUNT = '100000000001';

const DAY = 86_400_000;
const at = (daysAgo: number, hour = 9) => {
  const d = new Date(Date.parse(COLLECTED_AT) - daysAgo * DAY);
  d.setUTCHours(hour, 12, 7, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
};
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT_ID}:${kind}/${name}`;
const document = (...statements: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*') => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});
const trust = (principal: Record<string, string>) =>
  document({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
const tags = (team: string, owner: string) => [
  { Key: 'owner', Value: owner },
  { Key: 'team', Value: team },
];

/** The same documents acme-demo lists: an AWS-managed policy is one document, whichever account attaches it. */
const AWS_POLICIES = {
  AdministratorAccess: AWS_MANAGED.AdministratorAccess!.document,
  ReadOnlyAccess: AWS_MANAGED.ReadOnlyAccess!.document,
};
const awsPolicy = (name: keyof typeof AWS_POLICIES) => ({
  PolicyName: name,
  PolicyArn: `arn:aws:iam::aws:policy/${name}`,
});

function authorizationDetails() {
  const user = (
    name: string,
    created: number,
    inline: Record<string, unknown>,
    managed: ReturnType<typeof awsPolicy>[],
    team: string,
  ) => ({
    Path: '/',
    UserName: name,
    UserId: `AIDA${name.replace(/\W/g, '').toUpperCase().padEnd(17, 'Q').slice(0, 17)}`,
    Arn: arn('user', name),
    CreateDate: at(created),
    UserPolicyList: Object.entries(inline).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
    GroupList: [],
    AttachedManagedPolicies: managed,
    Tags: tags(team, `${name}@acme.io`),
  });
  const role = (spec: {
    name: string;
    created: number;
    description: string;
    trust: unknown;
    inline?: Record<string, unknown>;
    managed?: ReturnType<typeof awsPolicy>[];
    team: string;
    lastUsed?: number;
  }) => ({
    Path: '/',
    RoleName: spec.name,
    RoleId: `AROA${spec.name.replace(/\W/g, '').toUpperCase().padEnd(17, 'Q').slice(0, 17)}`,
    Arn: arn('role', spec.name),
    CreateDate: at(spec.created),
    AssumeRolePolicyDocument: spec.trust,
    Description: spec.description,
    MaxSessionDuration: 3600,
    InstanceProfileList: [],
    RolePolicyList: Object.entries(spec.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({
      PolicyName,
      PolicyDocument,
    })),
    AttachedManagedPolicies: spec.managed ?? [],
    Tags: tags(spec.team, 'platform@acme.io'),
    RoleLastUsed: spec.lastUsed === undefined ? {} : { LastUsedDate: at(spec.lastUsed, 14), Region: 'eu-west-1' },
  });
  return {
    UserDetailList: [
      user(
        'dana.okafor',
        400,
        { 'build-images': document(allow('sts:AssumeRole', arn('role', 'image-builder'))) },
        [awsPolicy('ReadOnlyAccess')],
        'platform',
      ),
      user('sam.lee', 200, {}, [awsPolicy('ReadOnlyAccess')], 'security'),
    ],
    GroupDetailList: [],
    RoleDetailList: [
      role({
        name: 'image-builder',
        created: 380,
        description: 'Builds container images and deploys them to acme-demo',
        trust: trust({ AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }),
        inline: {
          'push-and-deploy': document(
            allow(
              ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'],
              `arn:aws:ecr:*:${ACCOUNT_ID}:repository/acme-*`,
            ),
            allow('ecr:GetAuthorizationToken'),
            allow('sts:AssumeRole', `arn:aws:iam::${ACME_ACCOUNT}:role/shared-services-deploy`),
          ),
        },
        team: 'platform',
        lastUsed: 2,
      }),
      role({
        name: 'log-shipper',
        created: 300,
        description: 'Ships logs to the archive account',
        trust: trust({ Service: 'ec2.amazonaws.com' }),
        inline: {
          'ship-logs': document(
            allow(['logs:GetLogEvents', 'logs:DescribeLogStreams']),
            allow('sts:AssumeRole', `arn:aws:iam::${ACME_ACCOUNT}:role/log-archive-writer`),
          ),
        },
        team: 'platform',
        lastUsed: 0,
      }),
      role({
        name: 'OrganizationAccountAccessRole',
        created: 720,
        description: 'Created by AWS Organizations: the management account administers this account',
        trust: trust({ AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:root` }),
        managed: [awsPolicy('AdministratorAccess')],
        team: 'platform',
        lastUsed: 30,
      }),
    ],
    Policies: Object.entries(AWS_POLICIES).map(([name, doc]) => ({
      PolicyName: name,
      PolicyId: `ANPA${name.toUpperCase().slice(0, 17)}`,
      Arn: `arn:aws:iam::aws:policy/${name}`,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: '2015-02-06T18:39:46+00:00',
      UpdateDate: '2015-02-06T18:39:46+00:00',
      PolicyVersionList: [
        { Document: doc, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2015-02-06T18:39:46+00:00' },
      ],
    })),
  };
}

const CREDENTIAL_REPORT_COLUMNS =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const NO_KEY = ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
const NO_CERTIFICATES = ['false', 'N/A', 'false', 'N/A'];

function credentialReport(): string {
  const rows = [
    [
      '<root_account>',
      `arn:aws:iam::${ACCOUNT_ID}:root`,
      at(720),
      'not_supported',
      at(300),
      'not_supported',
      'not_supported',
      'true',
      ...NO_KEY,
      ...NO_KEY,
      ...NO_CERTIFICATES,
    ],
    [
      'dana.okafor',
      arn('user', 'dana.okafor'),
      at(400),
      'true',
      at(1),
      at(60),
      'N/A',
      'true',
      ...NO_KEY,
      ...NO_KEY,
      ...NO_CERTIFICATES,
    ],
    [
      'sam.lee',
      arn('user', 'sam.lee'),
      at(200),
      'true',
      at(3),
      at(90),
      'N/A',
      'true',
      ...NO_KEY,
      ...NO_KEY,
      ...NO_CERTIFICATES,
    ],
  ];
  return [CREDENTIAL_REPORT_COLUMNS, ...rows.map((row) => row.join(','))].join('\n') + '\n';
}

const CASES = `# shared-services (${ACCOUNT_ID}): the demo organisation's second account

Generated by scripts/generate-demo-shared-services.ts. Scanned with acme-demo (${ACME_ACCOUNT}) as the demo
organisation (\`rightsize scan\`); organization.json is one directory up.

| Case | Principals | Why |
| --- | --- | --- |
| cross-account path (true case) | \`user/dana.okafor\` → \`role/image-builder\` → acme-demo \`role/shared-services-deploy\` | dana.okafor may assume image-builder (its trust lets in this account's root); image-builder may call sts:AssumeRole on acme-demo's shared-services-deploy, which trusts ${ACCOUNT_ID}'s root. |
| near miss | \`role/log-shipper\` | May call sts:AssumeRole on acme-demo's log-archive-writer, but no role of acme-demo by that name trusts this account: no path. |
| near miss | \`user/sam.lee\` | Read-only: can become nothing. |
| not joined | \`role/OrganizationAccountAccessRole\` | An administrator trusting the management account ${MANAGEMENT_ACCOUNT}, which is not scanned: the organisation pass says it cannot tell who there reaches it. |
`;

async function main(outDir: string): Promise<void> {
  const files: Record<string, string> = {
    'authorization-details.json': json(authorizationDetails()),
    'credential-report.csv': credentialReport(),
    // No instances and no functions: said as such, so the compute rules run and find nothing.
    'ec2-instances.json': json({ Reservations: [] }),
    'lambda-functions.json': json({ Functions: [] }),
    'CASES.md': CASES,
    'snapshot.json': json({
      accountId: ACCOUNT_ID,
      collectedAt: COLLECTED_AT,
      accountAlias: ACCOUNT_ALIAS,
      organizationAccountIds: [MANAGEMENT_ACCOUNT, ACME_ACCOUNT],
      gaps: [],
    }),
  };
  await writeDemoFiles(outDir, files);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  await main(process.argv[2] ?? join('examples', 'demo-shared-services'));
