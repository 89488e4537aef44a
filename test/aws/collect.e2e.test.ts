/**
 * End to end against the moto emulator (../shared/moto): seed an account through the SDK, `rightsize collect`
 * it through the standard AWS environment variables, `rightsize scan` the directory, check the findings.
 * Runs when MOTO_URL is set (`npm run test:aws`, and CI); skipped with a message otherwise.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAccount, resolveHomeRegion } from '../../src/aws/index.js';
import { buildSnapshot, loadSnapshot, writeSnapshotDir } from '../../src/snapshot/index.js';
import { testCollectOptions } from '../support/aws.js';
import { runCliAt } from '../support/cli.js';
import { holdMoto } from '../support/moto-lock.js';
import { MOTO_ACCOUNT, motoSuiteTitle, resetMoto, seedAccount, useMotoEnvironment } from './seed.js';

const MOTO_URL = process.env.MOTO_URL;
const NOW = new Date('2026-11-20T12:00:00Z');

const run = (...args: string[]) => runCliAt(() => NOW, ...args);

interface Report {
  accountId: string;
  findings: { ruleId: string; resourceName: string; severity: string }[];
  gaps: { source: string; reason: string; api?: string }[];
  notices: { ruleId: string; message: string }[];
}

describe.skipIf(!MOTO_URL)(motoSuiteTitle('collect → snapshot → scan'), () => {
  let restore: () => void;
  let release: () => Promise<void>;
  let dir: string;
  let collectOutput: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    const url = MOTO_URL as string;
    release = await holdMoto(url);
    restore = useMotoEnvironment(url);
    await resetMoto(url);
    await seedAccount(url);
    dir = await mkdtemp(join(tmpdir(), 'rightsize-collect-'));
    collectOutput = await run(
      'collect',
      '--out',
      dir,
      '--regions',
      'us-east-1,eu-west-1',
      '--poll-interval',
      '20',
      '--max-attempts',
      '1',
    );
  }, 240_000);
  afterAll(async () => {
    restore?.();
    await release?.();
  });

  it('collects the account through AWS_ENDPOINT_URL and says what it could not read', () => {
    expect(collectOutput.stderr).toBe('');
    expect(collectOutput.code).toBe(0);
    expect(collectOutput.stdout).toContain(`${MOTO_ACCOUNT} → ${dir}`);
    expect(collectOutput.stdout).toMatch(/2 users, 4 roles, 0 groups/);
    expect(collectOutput.stdout).toMatch(/1 EC2 instances; 1 Lambda functions/);
    // moto implements neither access advisor nor LookupEvents: both are gaps, not silence.
    expect(collectOutput.stdout).toMatch(
      /service-last-accessed\.json: IAM access advisor.*\[iam:GenerateServiceLastAccessedDetails\]/,
    );
    expect(collectOutput.stdout).toMatch(
      /cloudtrail-events\.json: CloudTrail management events in eu-west-1, us-east-1.*\[cloudtrail:LookupEvents\]/,
    );
  });

  it('writes a snapshot that scan reads, with the seeded risks found', async () => {
    const { code, stdout } = await run('scan', '--snapshot', dir, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.accountId).toBe(MOTO_ACCOUNT);
    const found = report.findings.map((f) => `${f.ruleId} ${f.resourceName}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'admin-access alice',
        'console-without-mfa alice',
        'admin-access ec2-admin',
        'admin-access fn-escalate',
        'compute-admin public-hook',
        'open-trust open-door',
      ]),
    );
    expect(found.filter((f) => f.startsWith('admin-access')).sort()).toEqual([
      'admin-access alice',
      'admin-access ec2-admin',
      'admin-access fn-escalate',
    ]);
    // The IMDSv1 instance running as ec2-admin, found through its instance profile.
    const instance = report.findings.find((f) => f.ruleId === 'compute-admin' && f.resourceName.startsWith('i-'));
    expect(instance?.severity).toBe('critical');
    expect(report.gaps.map((g) => `${g.source} ${g.reason}`)).toEqual(
      expect.arrayContaining(['service-last-accessed.json error', 'cloudtrail-events.json error']),
    );
    expect(report.notices).toContainEqual({
      ruleId: 'permissions-gap',
      message: 'not run: the snapshot has no lastAccessed',
    });
  });

  it('writes raw AWS output: the instance profile and metadata options, the function URL auth type', async () => {
    const instances = JSON.parse(await readFile(join(dir, 'ec2-instances.json'), 'utf8'));
    const instance = instances.Reservations[0].Instances[0];
    expect(instance.IamInstanceProfile.Arn).toMatch(/instance-profile\/ec2-admin-profile$/);
    expect(instance.MetadataOptions).toMatchObject({ HttpTokens: 'optional', HttpEndpoint: 'enabled' });
    const functions = JSON.parse(await readFile(join(dir, 'lambda-functions.json'), 'utf8'));
    expect(functions.Functions[0]).toMatchObject({
      FunctionName: 'public-hook',
      FunctionUrlConfig: { AuthType: 'NONE' },
    });
    const report = await readFile(join(dir, 'credential-report.csv'), 'utf8');
    expect(report.split('\n')[0]).toMatch(/^user,arn,user_creation_time,password_enabled/);
  });

  it('round-trips: the directory loads back to exactly the snapshot collection built in memory', async () => {
    const collected = await collectAccount(
      {},
      testCollectOptions(NOW, {
        clients: { homeRegion: await resolveHomeRegion(), maxAttempts: 1 },
        skip: new Set(['access-advisor', 'cloudtrail']),
        regions: ['us-east-1', 'eu-west-1'],
      }),
    );
    const inMemory = buildSnapshot({ ...collected.files, fallbackCollectedAt: NOW.toISOString() });
    const roundTrip = await mkdtemp(join(tmpdir(), 'rightsize-roundtrip-'));
    await writeSnapshotDir(roundTrip, collected.files);
    expect(await loadSnapshot(roundTrip)).toEqual(inMemory);
    expect(inMemory.instances).toHaveLength(1);
  });

  it('collects through sts:AssumeRole into the scanning role (--role-arn)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rightsize-assume-'));
    const roleArn = `arn:aws:iam::${MOTO_ACCOUNT}:role/scanner`;
    const result = await run(
      'collect',
      '--out',
      out,
      '--role-arn',
      roleArn,
      '--external-id',
      'rightsize-e2e',
      '--skip',
      'access-advisor,cloudtrail,ec2,lambda',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const snapshot = await loadSnapshot(out);
    expect(snapshot.authorizationDetails.roles.map((r) => r.name)).toContain('scanner');
  });

  it('fails an account whose id does not match the credentials, and says so', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rightsize-wrong-'));
    const result = await run('collect', '--out', out, '--account', '111111111111');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/credentials belong to account 123456789012, not 111111111111/);
  });
});
