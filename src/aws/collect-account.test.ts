import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeInstancesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import {
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  GetCredentialReportCommand,
  GetServiceLastAccessedDetailsCommand,
  ListAccountAliasesCommand,
} from '@aws-sdk/client-iam';
import { GetFunctionUrlConfigCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, mockAwsClients, testCollectOptions } from '../../test/support/aws.js';
import { ACCOUNT, authorizationDetails, role, user } from '../../test/support/builders.js';
import { CollectError } from '../errors.js';
import { buildSnapshot } from '../snapshot/index.js';
import { collectAccount, type CollectOptions } from './collect-account.js';
import type { Stage } from './stage-names.js';
import { CURSOR_OVERLAP_MS, type TrailEvent } from './collectors/cloudtrail-events.js';

const aws = mockAwsClients();
const { iam, sts, ec2, lambda, cloudtrail } = aws;
const NOW = new Date('2026-11-20T12:00:00Z');

/** Builder output (raw AWS shapes) as the SDK output type. */
const page = (raw: object, more: Partial<GetAccountAuthorizationDetailsCommandOutput> = {}) =>
  ({ ...raw, ...more }) as GetAccountAuthorizationDetailsCommandOutput;
/** Gaps other than the stages a test skipped. */
const failures = (gaps: { reason: string }[]) => gaps.filter((g) => g.reason !== 'missing');

function options(overrides: Partial<CollectOptions> = {}, skip: Stage[] = []): CollectOptions {
  return testCollectOptions(NOW, { regions: ['us-east-1', 'eu-west-1'], skip: new Set(skip), ...overrides });
}

const ONLY_IAM: Stage[] = ['credential-report', 'ec2', 'lambda', 'access-advisor', 'cloudtrail'];

beforeEach(() => {
  aws.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/scanner` });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['demo-alias'] });
  iam
    .on(GetAccountAuthorizationDetailsCommand)
    .resolves(page(authorizationDetails({ users: [user('alice')], roles: [role('app')] })));
});
afterEach(() => aws.reset());

describe('collectAccount: IAM authorization details', () => {
  it('reads every page, passing each marker on, and keeps the pages for the loader to merge', async () => {
    const pages = [
      page(authorizationDetails({ users: [user('alice')] }), { IsTruncated: true, Marker: 'm1' }),
      page(authorizationDetails({ roles: [role('app')] }), { IsTruncated: true, Marker: 'm2' }),
      page(authorizationDetails({ users: [user('bob')] }), { IsTruncated: false }),
    ];
    const markers: (string | undefined)[] = [];
    iam.on(GetAccountAuthorizationDetailsCommand).callsFake(async (input: { Marker?: string; MaxItems?: number }) => {
      markers.push(input.Marker);
      expect(input.MaxItems).toBe(1000);
      return pages[markers.length - 1];
    });
    const collected = await collectAccount({}, options({}, ONLY_IAM));
    expect(markers).toEqual([undefined, 'm1', 'm2']);
    expect(collected.files.authorizationDetails).toHaveLength(3);
    const snapshot = buildSnapshot({ ...collected.files, fallbackCollectedAt: NOW.toISOString() });
    expect(snapshot.authorizationDetails.users.map((u) => u.name)).toEqual(['alice', 'bob']);
    expect(snapshot.accountId).toBe(ACCOUNT);
    expect(snapshot.accountAlias).toBe('demo-alias');
    expect(snapshot.collectedAt).toBe(NOW.toISOString());
  });

  it('keeps the pages read before a throttled-out page, and says why the rest is missing', async () => {
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce(page(authorizationDetails({ users: [user('alice')] }), { IsTruncated: true, Marker: 'm1' }))
      .rejects(awsError('Throttling', 400, 'Rate exceeded'));
    const collected = await collectAccount({}, options({}, ONLY_IAM));
    expect(collected.files.authorizationDetails).toHaveLength(1);
    const snapshot = buildSnapshot({ ...collected.files, fallbackCollectedAt: NOW.toISOString() });
    expect(snapshot.gaps.filter((g) => g.source === 'authorization-details.json')).toEqual([
      expect.objectContaining({ reason: 'throttled', api: 'iam:GetAccountAuthorizationDetails' }),
      expect.objectContaining({ reason: 'incomplete' }),
    ]);
  });

  it('fails the account with a hint when IAM cannot be read at all', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(awsError('AccessDenied', 403));
    const failure = collectAccount({}, options({}, ONLY_IAM));
    await expect(failure).rejects.toThrow(CollectError);
    await expect(failure).rejects.toThrow(/IAM authorization details: access denied/);
  });

  it('refuses credentials that belong to another account than the one named', async () => {
    await expect(collectAccount({ id: '999999999999' }, options({}, ONLY_IAM))).rejects.toThrow(
      /belong to account 123456789012, not 999999999999/,
    );
  });
});

describe('collectAccount: stages that fail become gaps', () => {
  it('turns AccessDenied into a gap naming the API, and the other stages still run', async () => {
    iam.on(GenerateCredentialReportCommand).rejects(awsError('AccessDenied', 403, 'not authorized'));
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    const collected = await collectAccount({}, options({}, ['lambda', 'access-advisor', 'cloudtrail']));
    expect(collected.files.credentialReportCsv).toBeUndefined();
    expect(collected.files.instances).toEqual({ Reservations: [] });
    expect(collected.gaps).toContainEqual({
      source: 'credential-report.csv',
      reason: 'access-denied',
      api: 'iam:GenerateCredentialReport',
      message: expect.stringMatching(/IAM credential report: access denied.*AccessDenied: not authorized/),
    });
    expect(collected.gaps).toContainEqual(
      expect.objectContaining({
        source: 'lambda-functions.json',
        reason: 'missing',
        message: expect.stringMatching(/skipped/),
      }),
    );
  });

  it('reports a region that is not enabled and keeps the regions that answered', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: 'i-1', Placement: { AvailabilityZone: 'us-east-1a' } }] }],
    });
    ec2
      .on(DescribeInstancesCommand)
      .callsFake(async (_input, getClient) =>
        (await getClient().config.region()) === 'eu-west-1'
          ? Promise.reject(awsError('AuthFailure', 401, 'AWS was not able to validate the provided access credentials'))
          : { Reservations: [{ Instances: [{ InstanceId: 'i-1', Placement: { AvailabilityZone: 'us-east-1a' } }] }] },
      );
    const collected = await collectAccount(
      {},
      options({}, ['credential-report', 'lambda', 'access-advisor', 'cloudtrail']),
    );
    const snapshot = buildSnapshot({ ...collected.files, fallbackCollectedAt: NOW.toISOString() });
    expect(snapshot.instances?.map((i) => `${i.instanceId} ${i.region}`)).toEqual(['i-1 us-east-1']);
    expect(snapshot.gaps).toContainEqual(
      expect.objectContaining({
        source: 'ec2-instances.json',
        reason: 'region-disabled',
        region: 'eu-west-1',
        api: 'ec2:DescribeInstances',
      }),
    );
  });

  it('lists the enabled regions when none are configured, leaving out regions not opted into', async () => {
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'eu-south-1', OptInStatus: 'opted-in' },
      ],
    });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    const collected = await collectAccount(
      {},
      { ...options({}, ['credential-report', 'lambda', 'access-advisor', 'cloudtrail']), regions: undefined },
    );
    expect(collected.regions).toEqual(['eu-south-1', 'us-east-1']);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(2);
  });

  it('records the function URL auth type, and no URL when the function has none', async () => {
    lambda.on(ListFunctionsCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      return region !== 'us-east-1'
        ? { Functions: [] }
        : {
            Functions: ['public', 'private', 'plain'].map((name) => ({
              FunctionName: name,
              FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`,
              Role: `arn:aws:iam::${ACCOUNT}:role/app`,
            })),
          };
    });
    lambda
      .on(GetFunctionUrlConfigCommand, { FunctionName: 'public' })
      .resolves({ AuthType: 'NONE', FunctionUrl: 'https://abc.lambda-url.us-east-1.on.aws/' })
      .on(GetFunctionUrlConfigCommand, { FunctionName: 'private' })
      .resolves({ AuthType: 'AWS_IAM', FunctionUrl: 'https://def.lambda-url.us-east-1.on.aws/' })
      .on(GetFunctionUrlConfigCommand, { FunctionName: 'plain' })
      .rejects(awsError('ResourceNotFoundException', 404));
    const collected = await collectAccount(
      {},
      options({}, ['credential-report', 'ec2', 'access-advisor', 'cloudtrail']),
    );
    const snapshot = buildSnapshot({ ...collected.files, fallbackCollectedAt: NOW.toISOString() });
    expect(snapshot.functions?.map((f) => `${f.name}:${f.url?.authType ?? '-'}`).sort()).toEqual([
      'plain:-',
      'private:AWS_IAM',
      'public:NONE',
    ]);
    expect(failures(collected.gaps)).toEqual([]);
  });
});

describe('collectAccount: credential report and access advisor jobs', () => {
  it('generates the credential report, polls until COMPLETE and decodes it', async () => {
    const csv =
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n' +
      `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`;
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(csv), ReportFormat: 'text/csv' });
    const collected = await collectAccount({}, options({}, ['ec2', 'lambda', 'access-advisor', 'cloudtrail']));
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(collected.files.credentialReportCsv).toBe(csv);
    const snapshot = buildSnapshot({ ...collected.files, fallbackCollectedAt: NOW.toISOString() });
    expect(snapshot.credentialReport?.[0]).toMatchObject({ isRoot: true, mfaActive: true });
  });

  it('starts an ACTION_LEVEL job per principal, polls it, and merges the pages of the finished report', async () => {
    iam.on(GenerateServiceLastAccessedDetailsCommand).callsFake(async (input: { Arn: string }) => ({
      JobId: `job-${input.Arn.split('/').pop()}`,
    }));
    const service = (namespace: string, last?: string) => ({
      ServiceName: namespace,
      ServiceNamespace: namespace,
      TotalAuthenticatedEntities: last ? 1 : 0,
      ...(last && { LastAuthenticated: new Date(last) }),
    });
    iam.on(GetServiceLastAccessedDetailsCommand).callsFake(async (input: { JobId: string; Marker?: string }) => {
      const polls = iam
        .commandCalls(GetServiceLastAccessedDetailsCommand)
        .filter((c) => c.args[0].input.JobId === input.JobId).length;
      if (polls <= 2) return { JobStatus: 'IN_PROGRESS', JobCreationDate: NOW, ServicesLastAccessed: [] };
      const base = { JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', JobCreationDate: NOW, JobCompletionDate: NOW };
      return input.Marker
        ? { ...base, ServicesLastAccessed: [service('s3')], IsTruncated: false }
        : { ...base, ServicesLastAccessed: [service('iam', '2026-11-01T00:00:00Z')], IsTruncated: true, Marker: 'p2' };
    });
    const collected = await collectAccount({}, options({}, ['credential-report', 'ec2', 'lambda', 'cloudtrail']));
    const generated = iam.commandCalls(GenerateServiceLastAccessedDetailsCommand).map((c) => c.args[0].input);
    expect(generated).toEqual([
      { Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, Granularity: 'ACTION_LEVEL' },
      { Arn: `arn:aws:iam::${ACCOUNT}:role/app`, Granularity: 'ACTION_LEVEL' },
    ]);
    // Two IN_PROGRESS polls, the first page, the second page: per principal.
    expect(iam.commandCalls(GetServiceLastAccessedDetailsCommand)).toHaveLength(8);
    const snapshot = buildSnapshot({ ...collected.files, fallbackCollectedAt: NOW.toISOString() });
    expect(snapshot.lastAccessed?.[`arn:aws:iam::${ACCOUNT}:role/app`]).toEqual({
      jobCompletionDate: NOW.toISOString(),
      services: [
        {
          namespace: 'iam',
          serviceName: 'iam',
          lastAuthenticated: '2026-11-01T00:00:00.000Z',
          totalAuthenticatedEntities: 1,
        },
        { namespace: 's3', serviceName: 's3', totalAuthenticatedEntities: 0 },
      ],
    });
    expect(failures(collected.gaps)).toEqual([]);
  });

  it('stops starting jobs at the first access denied, keeps the reports read and says how many are missing', async () => {
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolves(page(authorizationDetails({ roles: ['a', 'b', 'c', 'd', 'e'].map((n) => role(n)) })));
    iam
      .on(GenerateServiceLastAccessedDetailsCommand)
      .resolvesOnce({ JobId: 'ok' })
      .rejects(awsError('AccessDenied', 403));
    iam.on(GetServiceLastAccessedDetailsCommand).resolves({ JobStatus: 'COMPLETED', ServicesLastAccessed: [] });
    const collected = await collectAccount(
      {},
      options({ concurrency: 1 }, ['credential-report', 'ec2', 'lambda', 'cloudtrail']),
    );
    expect(iam.commandCalls(GenerateServiceLastAccessedDetailsCommand)).toHaveLength(2);
    expect(Object.keys(collected.files.lastAccessed as object)).toEqual([`arn:aws:iam::${ACCOUNT}:role/a`]);
    expect(failures(collected.gaps)).toEqual([
      expect.objectContaining({
        source: 'service-last-accessed.json',
        reason: 'access-denied',
        api: 'iam:GenerateServiceLastAccessedDetails',
        message: expect.stringMatching(/^IAM access advisor for 4 of 5 principals: access denied/),
      }),
    ]);
  });
});

describe('collectAccount: CloudTrail', () => {
  const event = (id: string, time: string, name = 'GetObject'): TrailEvent => ({
    EventId: id,
    EventName: name,
    EventSource: 's3.amazonaws.com',
    EventTime: time,
    CloudTrailEvent: JSON.stringify({
      eventTime: time,
      eventSource: 's3.amazonaws.com',
      eventName: name,
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
    }),
  });
  const skipAllButTrail: Stage[] = ['credential-report', 'ec2', 'lambda', 'access-advisor'];

  it('reads the lookback window on the first collection, every page, both read and write events', async () => {
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({
        Events: [{ ...event('e2', '2026-11-20T11:00:00Z'), EventTime: new Date('2026-11-20T11:00:00Z') }],
        NextToken: 't',
      })
      .resolves({ Events: [] });
    const collected = await collectAccount({}, options({ regions: ['us-east-1'] }, skipAllButTrail));
    const inputs = cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toMatchObject({ StartTime: new Date('2026-10-21T12:00:00Z'), EndTime: NOW, MaxResults: 50 });
    expect(inputs[0]?.LookupAttributes).toBeUndefined();
    expect(inputs[1]).toMatchObject({ NextToken: 't' });
    expect(collected.cloudTrailCursor).toEqual({ version: 1, readUntil: { 'us-east-1': NOW.toISOString() } });
    const events = (collected.files.events as { Events: TrailEvent[] }).Events;
    expect(events.map((e) => `${e.EventId} ${e.EventTime}`)).toEqual(['e2 2026-11-20T11:00:00.000Z']);
  });

  it('continues from the stored cursor with an overlap, drops events read twice and keeps a failed region’s cursor', async () => {
    const cursorTime = '2026-11-19T12:00:00.000Z';
    const previous = {
      cursor: { version: 1 as const, readUntil: { 'us-east-1': cursorTime, 'eu-west-1': cursorTime } },
      events: [event('old', '2026-11-19T11:50:00.000Z'), event('ancient', '2026-01-01T00:00:00.000Z')],
    };
    cloudtrail.on(LookupEventsCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1')
        throw awsError('ThrottlingException', 400, 'Rate exceeded');
      return { Events: [event('old', '2026-11-19T11:50:00.000Z'), event('new', '2026-11-20T10:00:00.000Z')] };
    });
    const collected = await collectAccount(
      {},
      options({ cloudTrail: { lookbackDays: 30, previous } }, skipAllButTrail),
    );
    const starts = cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input.StartTime?.toISOString());
    expect(starts).toEqual([new Date(Date.parse(cursorTime) - CURSOR_OVERLAP_MS).toISOString(), expect.any(String)]);
    const events = (collected.files.events as { Events: TrailEvent[] }).Events;
    // Newest first, each once; older than the 30-day window dropped.
    expect(events.map((e) => e.EventId)).toEqual(['new', 'old']);
    expect(collected.cloudTrailCursor?.readUntil).toEqual({ 'us-east-1': NOW.toISOString(), 'eu-west-1': cursorTime });
    expect(failures(collected.gaps)).toEqual([
      expect.objectContaining({ reason: 'throttled', region: 'eu-west-1', api: 'cloudtrail:LookupEvents' }),
    ]);
  });
});
