/**
 * The organisation end to end against the moto emulator: create an organisation with an OU, a member account and
 * an SCP through the SDK, seed an administrator in the member account (moto keeps each account's IAM apart behind
 * sts:AssumeRole), `rightsize collect --all` the member account with the organisation, `rightsize scan` it, and
 * see the administrator capped by the SCP. Runs when MOTO_URL is set; skipped with a message otherwise.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallCounter, collectOrganizationSnapshot } from '../../src/aws/index.js';
import { ORGANIZATION_APIS } from '../../src/aws/collectors/organization.js';
import { loadAccountSnapshot } from '../../src/organization/load.js';
import type { OrganizationSnapshot } from '../../src/organization/types.js';
import { runCliAt } from '../support/cli.js';
import { holdMoto } from '../support/moto-lock.js';
import {
  collectMembers,
  createAdministratorRole,
  doc,
  MOTO_ACCOUNT,
  memberAccountIam,
  motoConfig,
  motoSuiteTitle,
  resetMoto,
  useMotoEnvironment,
} from './seed.js';

const MOTO_URL = process.env.MOTO_URL;
const NOW = new Date('2026-11-20T12:00:00Z');
const run = (...args: string[]) => runCliAt(() => NOW, ...args);
/** `collect --organization` of the current credentials' account into a fresh directory. */
async function collectWithOrganization(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const result = await run('collect', '--out', dir, '--organization', '--skip', 'access-advisor,cloudtrail,ec2,lambda');
  return { dir, result };
}

interface Report {
  findings: {
    ruleId: string;
    resourceName: string;
    severity: string;
    title: string;
    evidence: { summary: string }[];
  }[];
  gaps: { source: string; reason: string; message: string }[];
}

describe.skipIf(!MOTO_URL)(motoSuiteTitle('organisation: collect → scan with SCPs'), () => {
  let restore: () => void;
  let release: () => Promise<void>;
  let member: string;
  let out: string;
  let collected: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    const url = MOTO_URL as string;
    release = await holdMoto(url);
    restore = useMotoEnvironment(url);
    await resetMoto(url);
    const org = new OrganizationsClient(motoConfig(url));
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    // As in AWS, a policy type is enforced only once enabled at the root.
    for (const PolicyType of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const)
      await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType }));
    const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' })))
      .OrganizationalUnit!.Id!;
    const created = await org.send(
      new CreateAccountCommand({ AccountName: 'workload', Email: 'workload@example.com' }),
    );
    member = created.CreateAccountStatus!.AccountId!;
    await org.send(new MoveAccountCommand({ AccountId: member, SourceParentId: rootId, DestinationParentId: ou }));
    const scp = await org.send(
      new CreatePolicyCommand({
        Name: 'deny-iam-changes',
        Description: 'Workloads do not manage identity',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc({ Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' }),
      }),
    );
    await org.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: ou }));
    org.destroy();

    // The member account's IAM, reached as moto keeps it: through credentials of a role in that account.
    const iam = await memberAccountIam(url, member);
    await createAdministratorRole(iam, 'deployer', { Service: 'codebuild.amazonaws.com' });
    iam.destroy();

    ({ out, collected } = await collectMembers(run, 'rightsize-org-', [{ id: member, name: 'workload' }]));
  }, 240_000);
  afterAll(async () => {
    restore?.();
    await release?.();
  });

  it('calls only the Organizations APIs the scanner policy allows (ORGANIZATION_APIS), each of them', async () => {
    const counter = new ApiCallCounter();
    const collected = await collectOrganizationSnapshot(
      {},
      {
        clients: { homeRegion: 'us-east-1', maxAttempts: 1, counter },
        concurrency: 2,
        stageTimeLimitMs: 60_000,
        now: () => NOW,
      },
    );
    expect(collected.ok).toBe(true);
    expect(
      counter
        .byApi()
        .map((a) => a.api)
        .sort(),
    ).toEqual([...ORGANIZATION_APIS].sort());
  });

  it('collects the organisation once, next to the account directories', async () => {
    expect(collected.stderr).toBe('');
    expect(collected.code).toBe(0);
    expect(collected.stdout).toMatch(/organisation o-\w+ \(management account 123456789012\)/);
    expect(collected.stdout).toMatch(/1 OUs, 2 accounts, 2 SCPs, 1 RCPs/);
    const organization = JSON.parse(await readFile(join(out, 'organization.json'), 'utf8')) as OrganizationSnapshot;
    expect(organization.version).toBe(1);
    expect(organization.organization.MasterAccountId).toBe(MOTO_ACCOUNT);
    expect(organization.organizationalUnits.map((u) => u.Name)).toEqual(['Workloads']);
    expect(organization.accounts.find((a) => a.Id === member)?.ParentId).toBe(organization.organizationalUnits[0]!.Id);
    const scp = organization.policies.find((p) => p.Name === 'deny-iam-changes');
    expect(scp?.Targets).toEqual([organization.organizationalUnits[0]!.Id]);
    expect(JSON.parse(scp!.Content).Statement[0].Action).toEqual(['iam:*', 'organizations:*']);
    expect(organization.roots[0]!.PolicyTypes).toContainEqual({ Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' });
    expect(organization.gaps).toEqual([]);
  });

  it('scans the member account with the SCP applied: the administrator is capped, and the evidence says by what', async () => {
    const { code, stdout, stderr } = await run('scan', '--snapshot', join(out, member), '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const admin = report.findings.find((f) => f.ruleId === 'admin-access' && f.resourceName === 'deployer');
    expect(admin?.title).toBe(
      'role deployer is an administrator, except what SCP deny-iam-changes denies at OU Workloads',
    );
    expect(admin?.severity).toBe('high');
    expect(admin?.evidence.map((e) => e.summary)).toContainEqual(
      expect.stringMatching(/^SCP deny-iam-changes denies at OU Workloads: iam \(all \d+ actions\), organizations/),
    );
    expect(report.gaps.filter((g) => g.source === 'organization.json')).toEqual([]);
  });

  it('a single run reads the organisation only when asked, into the account directory', async () => {
    const iam = new IAMClient(motoConfig(MOTO_URL as string));
    await createAdministratorRole(iam, 'ops-admin', { Service: 'ec2.amazonaws.com' });
    iam.destroy();
    const { dir, result } = await collectWithOrganization('rightsize-org-single-');
    expect(result.code).toBe(0);
    const organization = JSON.parse(await readFile(join(dir, 'organization.json'), 'utf8')) as OrganizationSnapshot;
    expect(organization.accounts.map((a) => a.Id).sort()).toEqual([MOTO_ACCOUNT, member].sort());
    // This is the management account: SCPs do not affect it, its administrator stays a full one.
    const snapshot = await loadAccountSnapshot(dir);
    expect(snapshot.organization).toMatchObject({ isManagementAccount: true, ouPath: 'Root' });
    expect(snapshot.organization?.scps).toBeUndefined();
    const { stdout } = await run('scan', '--snapshot', dir, '--format', 'json');
    const admin = (JSON.parse(stdout) as Report).findings.find((f) => f.ruleId === 'admin-access');
    expect([admin?.resourceName, admin?.severity]).toEqual(['ops-admin', 'critical']);
  });
});

describe.skipIf(!MOTO_URL)(motoSuiteTitle('organisation: collect → scan, an account outside any organisation'), () => {
  it('an account outside any organisation gets a gap, never "no SCPs"', async () => {
    const url = MOTO_URL as string;
    const release = await holdMoto(url);
    const restore = useMotoEnvironment(url);
    try {
      await resetMoto(url);
      const { dir, result } = await collectWithOrganization('rightsize-no-org-');
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /AWS Organizations: the account is not in an organisation \(AWSOrganizationsNotInUseException/,
      );
      const { stdout } = await run('scan', '--snapshot', dir, '--format', 'json');
      const gaps = (JSON.parse(stdout) as Report).gaps.filter((g) => g.source === 'organization.json');
      expect(gaps).toEqual([
        expect.objectContaining({
          reason: 'missing',
          message: expect.stringMatching(/SCPs and RCPs are not evaluated/),
        }),
      ]);
    } finally {
      restore();
      await release();
    }
  });
});
