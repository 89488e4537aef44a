/**
 * A path across the accounts of an organisation, end to end against the moto emulator: two member accounts, dev
 * and prod; in dev, user alice may assume role ci, which may assume prod's role deploy (AdministratorAccess), which
 * trusts it. `rightsize collect --all` both with the organisation, `rightsize scan` the collection as one
 * organisation, and see "user alice in dev can become administrator of prod via role dev/ci → prod/deploy"; a
 * role of prod trusting dev, that no principal of dev may assume, is no path; nor is role breakglass, which ci may
 * assume and which trusts ci, because a resource control policy on prod denies sts:AssumeRole on it. Runs when
 * MOTO_URL is set.
 */
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAt } from '../support/cli.js';
import { holdMoto } from '../support/moto-lock.js';
import {
  collectMembers,
  createAdministratorRole,
  doc,
  memberAccountIam,
  motoConfig,
  motoSuiteTitle,
  resetMoto,
  trust,
  useMotoEnvironment,
} from './seed.js';

const MOTO_URL = process.env.MOTO_URL;
const NOW = new Date('2026-11-20T12:00:00Z');
const run = (...args: string[]) => runCliAt(() => NOW, ...args);

interface OrganizationReport {
  organization: {
    findings: { ruleId: string; resourceName: string; title: string; evidence: { summary: string }[] }[];
    paths: { summary: string }[];
    unreachedRoles: { role: string; deniedByRcp?: string }[];
  };
}

describe.skipIf(!MOTO_URL)(motoSuiteTitle('organisation: a path across accounts, collect → scan'), () => {
  let restore: () => void;
  let release: () => Promise<void>;
  let dev: string;
  let prod: string;
  let report: OrganizationReport;

  beforeAll(async () => {
    const url = MOTO_URL as string;
    release = await holdMoto(url);
    restore = useMotoEnvironment(url);
    await resetMoto(url);
    const org = new OrganizationsClient(motoConfig(url));
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const account = async (name: string) =>
      (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` })))
        .CreateAccountStatus!.AccountId!;
    dev = await account('dev');
    prod = await account('prod');
    // An RCP on prod: no one assumes breakglass (the break-glass procedure goes through the management account).
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const rcp = await org.send(
      new CreatePolicyCommand({
        Name: 'no-breakglass',
        Description: 'break glass only from the management account',
        Type: 'RESOURCE_CONTROL_POLICY',
        Content: doc({
          Effect: 'Deny',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Resource: 'arn:aws:iam::*:role/breakglass',
        }),
      }),
    );
    await org.send(new AttachPolicyCommand({ PolicyId: rcp.Policy!.PolicySummary!.Id!, TargetId: prod }));
    org.destroy();

    const devIam = await memberAccountIam(url, dev);
    await devIam.send(new CreateUserCommand({ UserName: 'alice' }));
    await devIam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'assume-ci',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${dev}:role/ci` }),
      }),
    );
    await devIam.send(
      new CreateRoleCommand({
        RoleName: 'ci',
        AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${dev}:root` }),
      }),
    );
    await devIam.send(
      new PutRolePolicyCommand({
        RoleName: 'ci',
        PolicyName: 'deploy-to-prod',
        PolicyDocument: doc({
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: [`arn:aws:iam::${prod}:role/deploy`, `arn:aws:iam::${prod}:role/breakglass`],
        }),
      }),
    );
    devIam.destroy();

    const prodIam = await memberAccountIam(url, prod);
    await createAdministratorRole(prodIam, 'deploy', { AWS: `arn:aws:iam::${dev}:role/ci` });
    // Trusts all of dev, but no principal of dev may call sts:AssumeRole on it: no path.
    await createAdministratorRole(prodIam, 'audit', { AWS: `arn:aws:iam::${dev}:root` });
    await createAdministratorRole(prodIam, 'breakglass', { AWS: `arn:aws:iam::${dev}:role/ci` });
    prodIam.destroy();

    const { out, collected } = await collectMembers(run, 'rightsize-org-paths-', [
      { id: dev, name: 'dev' },
      { id: prod, name: 'prod' },
    ]);
    expect(collected.code, collected.stderr).toBe(0);
    const scanned = await run('scan', '--snapshot', out, '--format', 'json');
    expect(scanned.code, scanned.stderr).toBe(0);
    report = JSON.parse(scanned.stdout) as OrganizationReport;
  }, 240_000);
  afterAll(async () => {
    restore?.();
    await release?.();
  });

  it('finds the path from user alice in dev to administrator of prod, naming each hop and its account', () => {
    const found = report.organization.findings.filter((f) => f.ruleId === 'cross-account-escalation');
    const alice = found.find((f) => f.resourceName === 'alice');
    expect(alice?.title).toBe('user alice in dev can become administrator of prod via role dev/ci → prod/deploy');
    expect(alice?.evidence.map((e) => e.summary).join('\n')).toMatch(/in prod/);
  });

  it('makes no path to a role that trusts the account but that none of its principals may assume', () => {
    const toAudit = [
      ...report.organization.findings.map((f) => f.title),
      ...report.organization.paths.map((p) => p.summary),
    ];
    expect(report.organization.paths.some((p) => /prod\/deploy|role deploy in prod/.test(p.summary))).toBe(true);
    expect(toAudit.filter((t) => /audit/.test(t))).toEqual([]);
  });

  it("makes no path to a role the prod account's RCP denies, and names the RCP", () => {
    const all = [
      ...report.organization.findings.map((f) => f.title),
      ...report.organization.paths.map((p) => p.summary),
    ];
    expect(all.filter((t) => /breakglass/.test(t))).toEqual([]);
    const breakglass = report.organization.unreachedRoles.find((r) => r.role.endsWith(':role/breakglass'));
    expect(breakglass?.deniedByRcp).toMatch(/^denied by RCP no-breakglass at account prod, statement #0: Deny/);
  });
});
