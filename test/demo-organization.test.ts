import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoSnapshotDir } from '../src/snapshot/demo.js';
import {
  ACCOUNT,
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN,
  allow,
  authorizationDetails,
  doc,
  role,
  snapshotDir,
  user,
} from './support/builders.js';
import { runCli } from './support/cli.js';

const EXAMPLES = dirname(demoSnapshotDir());
const SHARED_SERVICES = join(EXAMPLES, 'demo-shared-services');
const DANA_PATH =
  'user dana.okafor in shared-services can become role shared-services-deploy in acme-demo via role shared-services/image-builder';

/** Two accounts of the shared builders (written for ACCOUNT): dev, where alice may assume ci (or may not), and ci
 * may assume prod's deploy; prod, whose deploy (AdministratorAccess) trusts dev's ci. */
const move = (account: string, details: unknown) =>
  JSON.parse(JSON.stringify(details).replaceAll(ACCOUNT, account)) as unknown;
const trusting = (principal: string) =>
  doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' });
const devDetails = (aliceMayAssume: boolean) =>
  move(
    '111111111111',
    authorizationDetails({
      users: [
        user('alice', {
          inline: {
            ci: doc(
              aliceMayAssume
                ? allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/ci`)
                : allow('sts:GetCallerIdentity', '*'),
            ),
          },
        }),
      ],
      roles: [
        role('ci', {
          trust: trusting(`arn:aws:iam::${ACCOUNT}:root`),
          inline: { deploy: doc(allow('sts:AssumeRole', 'arn:aws:iam::222222222222:role/deploy')) },
        }),
      ],
    }),
  );
const prodDir = () =>
  snapshotDir({
    'authorization-details.json': move(
      '222222222222',
      authorizationDetails({
        roles: [
          role('deploy', { trust: trusting('arn:aws:iam::111111111111:role/ci'), managed: [ADMINISTRATOR_ACCESS_ARN] }),
        ],
        policies: [ADMINISTRATOR_ACCESS],
      }),
    ),
  });

describe('the demo organisation (rightsize scan with no arguments)', () => {
  it('has a second account that is exactly what its generator produces', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rightsize-demo-'));
    await promisify(execFile)('node', ['--import', 'tsx', 'scripts/generate-demo-shared-services.ts', out]);
    for (const file of await readdir(SHARED_SERVICES))
      expect(await readFile(join(out, file), 'utf8'), file).toBe(await readFile(join(SHARED_SERVICES, file), 'utf8'));
  });

  it('scans both accounts, prints acme-demo as a one-account scan does, and shows the cross-account path', async () => {
    const [organization, acme] = await Promise.all([runCli('scan'), runCli('scan', '--snapshot', demoSnapshotDir())]);
    expect(organization.code).toBe(0);
    const [acmePart, rest] = organization.stdout.split('\nRightsize scan of account 444455556666\n') as [
      string,
      string,
    ];
    expect(acmePart).toBe(acme.stdout);
    const section = rest.slice(rest.indexOf('Rightsize organisation o-acme12345'));
    expect(section).toContain('acme-demo (111122223333) · Root/Workloads · 56 principals');
    expect(section).toContain('shared-services (444455556666) · Root/Shared');
    expect(section).toContain(`  - ${DANA_PATH}\n`);
    // The near misses: log-shipper's grant names a role acme-demo does not have; sam.lee can become nothing.
    expect(section).not.toMatch(/log-shipper|sam\.lee/);
    expect(section).toContain(
      'Trusted accounts that were not scanned (who there reaches the role is unknown)\n  - acme-management (100000000001)\n  - 999988887777',
    );
  });

  it('gains the organisation section in JSON, with each account report as a one-account scan gives it', async () => {
    const [{ stdout }, single] = await Promise.all([
      runCli('scan', '--format', 'json'),
      runCli('scan', '--snapshot', SHARED_SERVICES, '--format', 'json'),
    ]);
    const report = JSON.parse(stdout);
    expect(report.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(['111122223333', '444455556666']);
    expect(report.accounts[1]).toEqual(JSON.parse(single.stdout));
    expect(report.organization.id).toBe('o-acme12345');
    const dana = report.organization.paths.find((p: { summary: string }) => p.summary === DANA_PATH);
    expect(dana).toMatchObject({
      from: 'arn:aws:iam::444455556666:user/dana.okafor',
      to: 'arn:aws:iam::111122223333:role/shared-services-deploy',
      administrator: false,
      hops: [{ account: '444455556666', steps: 1, caller: 'arn:aws:iam::444455556666:role/image-builder' }],
    });
  });

  it('runs each account as a job of its own and joins their summaries to the same paths', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rightsize-summaries-'));
    for (const [dir, file] of [
      [demoSnapshotDir(), '111122223333.json'],
      [SHARED_SERVICES, '444455556666.json'],
    ] as const) {
      const job = await runCli('scan', '--snapshot', dir, '--summary-out', join(out, file), '--format', 'json');
      expect(job.code).toBe(0);
      expect(job.stderr).toContain(`wrote the summary of account ${file.slice(0, 12)}`);
    }
    const summary = JSON.parse(await readFile(join(out, '444455556666.json'), 'utf8'));
    expect(summary).toMatchObject({ format: 'rightsize-account-summary', version: 1, accountName: 'shared-services' });
    const joined = await runCli(
      'organization',
      'join',
      join(out, '111122223333.json'),
      join(out, '444455556666.json'),
      '--organization',
      join(EXAMPLES, 'organization.json'),
      '--format',
      'json',
    );
    const whole = JSON.parse((await runCli('scan', '--format', 'json')).stdout);
    expect(JSON.parse(joined.stdout)).toEqual(whole.organization);
  });

  it('refuses a file that is not a summary, and the same account twice', async () => {
    const bad = await runCli('organization', 'join', join(EXAMPLES, 'organization.json'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('organization.json at $.format: not an account summary');
    const out = await mkdtemp(join(tmpdir(), 'rightsize-summaries-'));
    await runCli('scan', '--snapshot', SHARED_SERVICES, '--summary-out', join(out, 'a.json'));
    await writeFile(join(out, 'b.json'), await readFile(join(out, 'a.json')));
    const twice = await runCli('organization', 'join', join(out, 'a.json'), join(out, 'b.json'));
    expect(twice.stderr).toContain('both summarise account 444455556666');
  });

  it('takes the accounts as repeated --snapshot, keeps the organisation for --account, and fails on its findings', async () => {
    const repeated = await runCli(
      'scan',
      '--snapshot',
      demoSnapshotDir(),
      '--snapshot',
      SHARED_SERVICES,
      '--account',
      '444455556666',
      '--format',
      'json',
    );
    const report = JSON.parse(repeated.stdout);
    // Only shared-services is printed, but the join still had acme-demo: the path into it is there.
    expect(report.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(['444455556666']);
    expect(report.organization.paths.map((p: { summary: string }) => p.summary)).toContain(DANA_PATH);
    // organization.json one directory up names the accounts.
    expect(report.organization.accounts[0]).toMatchObject({ name: 'acme-demo', ouPath: 'Root/Workloads' });
    // Each account's own findings say where the account sits, as the cross-account findings do.
    const ouPaths = (findings: { ouPath?: string }[]) => [...new Set(findings.map((f) => f.ouPath))];
    expect(report.accounts[0].findings.length).toBeGreaterThan(0);
    expect(ouPaths(report.accounts[0].findings)).toEqual(['Root/Shared']);
    const single = JSON.parse((await runCli('scan', '--snapshot', demoSnapshotDir(), '--format', 'json')).stdout);
    expect(ouPaths(single.findings)).toEqual(['Root/Workloads']);
    const none = await runCli('scan', '--account', '999999999999');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      '--account 999999999999 matches none of the scanned accounts: 111122223333, 444455556666',
    );
  });

  it('prints cross-account-escalation findings with every hop, and --fail-on counts them', async () => {
    const dev = await snapshotDir({ 'authorization-details.json': devDetails(true) });
    const prod = await prodDir();
    const { code, stdout } = await runCli(
      'scan',
      '--snapshot',
      dev,
      '--snapshot',
      prod,
      '--rule',
      'cross-account-escalation',
      '--fail-on',
      'critical',
    );
    expect(code).toBe(3);
    expect(stdout).toContain('Can become administrator of another account (cross-account-escalation) — 2');
    expect(stdout).toContain(
      '[CRITICAL] user alice in 111111111111 can become administrator of 222222222222 via role 111111111111/ci → 222222222222/deploy',
    );
    expect(stdout).toMatch(
      /· step 2: role ci in 111111111111 → role deploy in 222222222222: sts:AssumeRole, allowed by/,
    );
    expect(stdout).toContain('· role deploy is a full administrator of 222222222222');
    // Without the join's findings, nothing fails: the accounts alone have no critical finding under this rule.
    const alone = await runCli(
      'scan',
      '--snapshot',
      dev,
      '--rule',
      'cross-account-escalation',
      '--fail-on',
      'critical',
    );
    expect(alone.code).toBe(0);
  });

  it('records the pass under the organisation with --state: baseline, a mute, then a path resolved', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rightsize-org-state-'));
    const organization = join(root, 'organization.json');
    await writeFile(
      organization,
      JSON.stringify({
        version: 1,
        collectedAt: '2026-11-20T12:00:00Z',
        organization: { Id: 'o-devprod', MasterAccountId: '999900000000' },
        roots: [{ Id: 'r-root', Name: 'Root', PolicyTypes: [] }],
        organizationalUnits: [],
        accounts: [
          { Id: '111111111111', Name: 'dev', ParentId: 'r-root' },
          { Id: '222222222222', Name: 'prod', ParentId: 'r-root' },
        ],
        policies: [],
        gaps: [],
      }),
    );
    const prod = await prodDir();
    const state = join(root, 'state.json');
    const scan = async (aliceMayAssume: boolean, ...extra: string[]) => {
      const dev = await snapshotDir({ 'authorization-details.json': devDetails(aliceMayAssume) });
      const args = ['scan', '--snapshot', dev, '--snapshot', prod, '--organization', organization];
      return runCli(...args, '--rule', 'cross-account-escalation', '--state', state, ...extra);
    };

    const first = await scan(true);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`recorded as the baseline of this organisation pass in ${state}`);
    const recorded = JSON.parse(await readFile(state, 'utf8')) as {
      findings: Record<string, { id: string; accountId: string; title: string }>;
    };
    const passFindings = Object.values(recorded.findings).filter((f) => f.accountId === 'o-devprod');
    expect(passFindings.map((f) => f.title).sort()).toEqual([
      'role ci in dev can become administrator of prod via role prod/deploy',
      'user alice in dev can become administrator of prod via role dev/ci → prod/deploy',
    ]);

    const ci = passFindings.find((f) => f.title.startsWith('role ci'))!;
    const muted = await runCli('mute', ci.id, '--days', '30', '--reason', 'deploy pipeline', '--state', state);
    expect(muted.code, muted.stderr).toBe(0);
    const second = await scan(false, '--format', 'json', '--fail-on', 'high');
    // The muted path is neither listed nor failing; alice's is resolved now she may not assume ci.
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as {
      organization: { findings: { id: string }[]; lifecycle: { resolved: { title: string }[]; muted: string[] } };
    };
    expect(report.organization.findings).toEqual([]);
    expect(report.organization.lifecycle.muted).toEqual([ci.id]);
    expect(report.organization.lifecycle.resolved.map((f) => f.title)).toEqual([
      'user alice in dev can become administrator of prod via role dev/ci → prod/deploy',
    ]);

    // Without an organization.json, the pass has no organisation to be recorded under, and says so.
    const dev = await snapshotDir({ 'authorization-details.json': devDetails(true) });
    const loose = await runCli('scan', '--snapshot', dev, '--snapshot', prod, '--state', join(root, 'other.json'));
    expect(loose.stderr).toContain(
      'the organisation pass is not recorded: no organization.json names the organisation',
    );
  });

  it('refuses an organisation directory without accounts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rightsize-org-'));
    await writeFile(join(dir, 'organization.json'), await readFile(join(EXAMPLES, 'organization.json')));
    const { code, stderr } = await runCli('scan', '--snapshot', dir);
    expect(code).toBe(1);
    expect(stderr).toContain('holds organization.json but no account directory');
  });

  it('does not write a summary of several accounts at once', async () => {
    const { code, stderr } = await runCli('scan', '--summary-out', '/tmp/never.json');
    expect(code).not.toBe(0);
    expect(stderr).toContain("--summary-out writes one account's summary");
  });
});
