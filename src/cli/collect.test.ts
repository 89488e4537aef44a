import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  GetAccountAuthorizationDetailsCommand,
  ListAccountAliasesCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeOrganizationCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsError, mockAwsClients } from '../../test/support/aws.js';
import { ACCOUNT, authorizationDetails, role, user } from '../../test/support/builders.js';
import { runCliAt } from '../../test/support/cli.js';
import { CURSOR_OVERLAP_MS } from '../aws/collectors/cloudtrail-events.js';
import { loadSnapshot } from '../snapshot/index.js';

const aws = mockAwsClients();
const { iam, sts, ec2, lambda, cloudtrail, organizations } = aws;
const OTHER = '210987654321';
let clock = new Date('2026-11-20T12:00:00Z');

const run = (...args: string[]) => runCliAt(() => clock, ...args);

const tmp = () => mkdtemp(join(tmpdir(), 'rightsize-collect-cli-'));
const details = (raw: object) => raw as GetAccountAuthorizationDetailsCommandOutput;
const FAST = ['--regions', 'us-east-1', '--poll-interval', '1', '--skip', 'credential-report,access-advisor'];

beforeEach(() => {
  aws.reset();
  clock = new Date('2026-11-20T12:00:00Z');
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
  iam.on(GetAccountAuthorizationDetailsCommand).resolves(details(authorizationDetails({ users: [user('alice')] })));
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
  cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
  organizations
    .on(DescribeOrganizationCommand)
    .rejects(awsError('AWSOrganizationsNotInUseException', 400, 'Your account is not a member of an organization.'));
});

describe('rightsize collect', () => {
  it('writes a snapshot directory that scan reads, and prints what it collected and what is missing', async () => {
    const out = await tmp();
    const result = await run('collect', '--out', out, ...FAST);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${ACCOUNT} → ${out}`);
    expect(result.stdout).toMatch(/1 users, 0 roles, 0 groups, 0 managed policies; 0 EC2 instances/);
    expect(result.stdout).toMatch(/credential-report\.csv: IAM credential report: not collected \(skipped\)/);
    const scan = await run('scan', '--snapshot', out, '--format', 'json');
    expect(scan.code).toBe(0);
    const report = JSON.parse(scan.stdout);
    expect(report.accountId).toBe(ACCOUNT);
    expect(report.gaps.map((g: { source: string }) => g.source).sort()).toEqual([
      'credential-report.csv',
      'service-last-accessed.json',
    ]);
  });

  it('collects every account of an accounts file into its own directory, and goes on past one that fails', async () => {
    const out = await tmp();
    const file = join(out, 'accounts.yaml');
    await writeFile(
      file,
      [
        'accounts:',
        `  - { id: '${ACCOUNT}', name: prod, roleArn: 'arn:aws:iam::${ACCOUNT}:role/rightsize-scanner', externalId: ext-1 }`,
        `  - { id: '${OTHER}', name: dev, roleArn: 'arn:aws:iam::${OTHER}:role/rightsize-scanner' }`,
      ].join('\n'),
    );
    sts.on(GetCallerIdentityCommand).resolvesOnce({ Account: ACCOUNT }).resolves({ Account: OTHER });
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce(details(authorizationDetails({ roles: [role('app')] })))
      .rejects(awsError('AccessDenied', 403, 'not authorized'));
    const result = await run('collect', '--accounts-file', file, '--all', '--out', out, ...FAST);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`prod (${ACCOUNT}) → ${join(out, ACCOUNT)}`);
    expect(result.stderr).toMatch(/dev \(210987654321\): IAM authorization details: access denied/);
    expect(result.stderr).toMatch(/hint: the scanning role needs iam:GetAccountAuthorizationDetails/);
    expect(result.stderr).toMatch(/1 of 2 account\(s\) not collected/);
    expect((await loadSnapshot(join(out, ACCOUNT))).authorizationDetails.roles.map((r) => r.name)).toEqual(['app']);
    expect(existsSync(join(out, OTHER))).toBe(false);
  });

  it('reads the organisation with --all; a member account denied the tree gets a gap in every account, never "no SCPs"', async () => {
    const out = await tmp();
    const file = join(out, 'accounts.yaml');
    await writeFile(
      file,
      `accounts:\n  - { id: '${ACCOUNT}', roleArn: 'arn:aws:iam::${ACCOUNT}:role/rightsize-scanner' }\n`,
    );
    organizations
      .on(DescribeOrganizationCommand)
      .resolves({ Organization: { Id: 'o-abc1234567', MasterAccountId: OTHER, FeatureSet: 'ALL' } });
    organizations
      .on(ListRootsCommand)
      .rejects(awsError('AccessDeniedException', 400, "You don't have permissions to access this resource."));
    const result = await run('collect', '--accounts-file', file, '--all', '--out', out, ...FAST);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `organisation o-abc1234567 (management account ${OTHER}) → ${join(out, 'organization.json')}`,
    );
    expect(result.stdout).toMatch(
      /access denied reading the organisation root and its OU tree .*delegated administrator/,
    );
    // --all: one directory per account, the organisation next to them.
    const scan = await run('scan', '--snapshot', join(out, ACCOUNT), '--format', 'json');
    const gaps = JSON.parse(scan.stdout).gaps.filter((g: { source: string }) => g.source === 'organization.json');
    expect(gaps).toEqual([
      expect.objectContaining({ reason: 'access-denied', api: 'organizations:ListRoots' }),
      expect.objectContaining({
        reason: 'missing',
        message: expect.stringMatching(/does not place account .* not evaluated/),
      }),
    ]);
  });

  it('leaves the organisation out with --no-organization, and a single run reads it only when asked', async () => {
    const out = await tmp();
    await run('collect', '--out', out, ...FAST);
    expect(organizations.commandCalls(DescribeOrganizationCommand)).toHaveLength(0);
    const file = join(out, 'accounts.yaml');
    await writeFile(file, `accounts:\n  - { id: '${ACCOUNT}' }\n`);
    await run('collect', '--accounts-file', file, '--all', '--no-organization', '--out', out, ...FAST);
    expect(organizations.commandCalls(DescribeOrganizationCommand)).toHaveLength(0);
    const asked = await run('collect', '--out', out, '--organization', ...FAST);
    expect(organizations.commandCalls(DescribeOrganizationCommand)).toHaveLength(1);
    expect(asked.stderr).toMatch(/the account is not in an organisation \(AWSOrganizationsNotInUseException/);
    expect((await loadSnapshot(out)).gaps.filter((g) => g.source === 'organization.json')).toHaveLength(1);
  });

  it('continues CloudTrail from the cursor it left in the directory, keeping earlier events', async () => {
    const out = await tmp();
    const event = (id: string, time: string) => ({
      EventId: id,
      EventName: 'ListBuckets',
      EventSource: 's3.amazonaws.com',
      EventTime: new Date(time),
      CloudTrailEvent: JSON.stringify({ userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice` } }),
    });
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [event('first', '2026-11-20T11:00:00Z')] })
      .resolves({ Events: [event('second', '2026-11-21T11:00:00Z')] });
    await run('collect', '--out', out, ...FAST);
    const cursor = JSON.parse(await readFile(join(out, 'cloudtrail-cursor.json'), 'utf8'));
    expect(cursor).toEqual({ version: 1, readUntil: { 'us-east-1': '2026-11-20T12:00:00.000Z' } });

    clock = new Date('2026-11-21T12:00:00Z');
    await run('collect', '--out', out, ...FAST);
    const starts = cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input.StartTime?.toISOString());
    expect(starts).toEqual([
      '2026-08-22T12:00:00.000Z',
      new Date(Date.parse('2026-11-20T12:00:00Z') - CURSOR_OVERLAP_MS).toISOString(),
    ]);
    const snapshot = await loadSnapshot(out);
    expect(snapshot.events?.map((e) => e.time)).toEqual(['2026-11-21T11:00:00.000Z', '2026-11-20T11:00:00.000Z']);
  });

  it('removes files of stages a later collection skipped, so old data never passes as new', async () => {
    const out = await tmp();
    await run('collect', '--out', out, ...FAST);
    expect(existsSync(join(out, 'ec2-instances.json'))).toBe(true);
    const again = await run(
      'collect',
      '--out',
      out,
      ...FAST.slice(0, -1),
      'credential-report,access-advisor,ec2,cloudtrail',
    );
    expect(again.code).toBe(0);
    expect(existsSync(join(out, 'ec2-instances.json'))).toBe(false);
    expect(existsSync(join(out, 'cloudtrail-cursor.json'))).toBe(false);
    const snapshot = await loadSnapshot(out);
    expect(snapshot.gaps.find((g) => g.source === 'ec2-instances.json')?.message).toMatch(/skipped/);
  });

  it.each([
    [['--all'], /--all needs --accounts-file/],
    [['--skip', 'iam'], /unknown stage iam; stages: credential-report, ec2, lambda, access-advisor, cloudtrail/],
    [['--role-name', 'scanner'], /--role-name needs --account/],
    [['--account', '111111111111,222222222222'], /several --account ids need --role-name or an --accounts-file/],
    [['--external-id', 'x'], /--external-id and --session-name need a role to assume/],
    [['--concurrency', '0'], /expected a positive whole number/],
    [['--regions', 'us-east-1,mars'], /--regions: regions\[1\]: expected a region name/],
  ])('rejects %j as bad usage', async (args, message) => {
    const result = await run('collect', '--out', await tmp(), ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('names the file and entry of a bad accounts file', async () => {
    const out = await tmp();
    const file = join(out, 'accounts.json');
    await writeFile(file, JSON.stringify([{ id: ACCOUNT, roleArn: 'arn:aws:iam::999999999999:role/x' }]));
    const result = await run('collect', '--accounts-file', file, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${file} accounts[0]: id ${ACCOUNT} does not match the account of roleArn (999999999999)`,
    );
  });
});
