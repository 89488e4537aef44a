import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/findings.js';
import {
  authorizationDetails,
  doc,
  snapshotDir,
  user,
  ADMINISTRATOR_ACCESS as admin,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from '../../test/support/builders.js';
import { adminFixture, runCli } from '../../test/support/cli.js';

const run = runCli;

const fixture = adminFixture;

describe('rightsize scan', () => {
  it('finds effective administrators, and not those a boundary or Deny caps', async () => {
    const { code, stdout } = await run('scan', '--snapshot', await fixture(), '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.accountId).toBe('123456789012');
    const admins = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'admin-access');
    expect(
      admins.map((f: { resourceName: string; severity: string }) => `${f.resourceName}:${f.severity}`).sort(),
    ).toEqual(['iam-admin:high', 'root-like:critical']);
    const rootLike = admins.find((f: { resourceName: string }) => f.resourceName === 'root-like');
    expect(Object.keys(rootLike)).toEqual([
      'id',
      'ruleId',
      'severity',
      'resourceArn',
      'resourceType',
      'resourceName',
      'title',
      'evidence',
      'remediation',
    ]);
    expect(rootLike.evidence[0]).toMatchObject({ policyArn: ADMIN_ARN, statementIndex: 0, actions: ['*'] });
    expect(rootLike.remediation.consoleUrl).toContain('/users/details/root-like');
  });

  it('gives the same finding ids on every scan', async () => {
    const dir = await fixture();
    const ids = async () =>
      JSON.parse((await run('scan', '-s', dir, '-f', 'json')).stdout).findings.map((f: { id: string }) => f.id);
    expect(await ids()).toEqual(await ids());
  });

  it('prints text grouped by resource and by risk, and filters by severity', async () => {
    const dir = await fixture();
    const byRisk = await run('scan', '-s', dir);
    expect(byRisk.stdout).toMatch(/Effective administrator access \(admin-access\) — 2/);
    expect(byRisk.stdout).toMatch(/\[CRITICAL\] user root-like is a full administrator/);
    const byResource = await run('scan', '-s', dir, '--group-by', 'resource');
    expect(byResource.stdout).toMatch(/^user root-like — 2$/m);
    expect(byResource.stdout).toMatch(
      /^ {2}\[LOW\] inline-or-direct-user-policy: user root-like has 1 directly attached policy/m,
    );
    const critical = await run('scan', '-s', dir, '--severity', 'critical', '-f', 'markdown');
    expect(critical.stdout).toMatch(/^# Rightsize scan of account 123456789012/);
    expect(critical.stdout).not.toMatch(/iam-admin/);
  });

  it('filters by resource type and account, and rejects an unknown type', async () => {
    const dir = await fixture();
    const roles = JSON.parse((await run('scan', '-s', dir, '-f', 'json', '--type', 'role')).stdout);
    expect(roles.findings.length).toBeGreaterThan(0);
    expect(roles.findings.every((f: { resourceType: string }) => f.resourceType === 'role')).toBe(true);
    const own = JSON.parse(
      (await run('scan', '-s', dir, '-f', 'json', '--account', '123456789012,999999999999')).stdout,
    );
    expect(own.findings.length).toBeGreaterThan(roles.findings.length);
    const bad = await run('scan', '-s', dir, '--type', 'bucket');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown resource type bucket; types: user, role/);
  });

  it('exits 3 with --fail-on when findings are that severe, for CI pipelines', async () => {
    expect((await run('scan', '-s', await fixture(), '--fail-on', 'high')).code).toBe(3);
  });

  it('--fail-on counts only the findings the filters keep', async () => {
    const dir = await fixture();
    const lowOnly = await run('scan', '-s', dir, '--rule', 'inline-or-direct-user-policy', '--fail-on', 'critical');
    expect(lowOnly.stdout).toMatch(/\[LOW\] user reader has 1 inline policy/);
    expect(lowOnly.code).toBe(0);
    expect((await run('scan', '-s', dir, '--rule', 'admin-access', '--fail-on', 'critical')).code).toBe(3);
    expect((await run('scan', '-s', dir, '--type', 'role', '--fail-on', 'critical')).code).toBe(0);
    expect((await run('scan', '-s', dir, '--type', 'role', '--fail-on', 'high')).code).toBe(3);
    expect((await run('scan', '-s', dir, '--severity', 'critical', '--fail-on', 'low')).code).toBe(3);
  });

  it('refuses an --account that matches nothing, as it does an unknown rule, and records nothing', async () => {
    const dir = await fixture();
    const notAnId = await run('scan', '-s', dir, '--account', 'abc', '--fail-on', 'low');
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toMatch(/--account abc: not an AWS account id \(12 digits\)/);
    const state = join(await tempDir(), 'state.json');
    const other = await run('scan', '-s', dir, '--account', '999999999999', '--fail-on', 'low', '--state', state);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /--account 999999999999 matches nothing: the snapshot holds account 123456789012\n {2}hint: leave --account out/,
    );
    expect(other.stdout).toBe('');
    expect(existsSync(state)).toBe(false);
  });

  it('says which data is missing instead of reporting a clean account', async () => {
    const { stdout } = await run('scan', '-s', await fixture());
    expect(stdout).toMatch(/Gaps \(data the snapshot lacks\)\n {2}- credential-report\.csv: the credential report/);
  });

  it('rejects a bad option value or an unknown rule with usage help and exit 2', async () => {
    const bad = await run('scan', '--group-by', 'colour');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are risk, resource, none/);
    const unknown = await run('scan', '-s', await fixture(), '--rule', 'no-such-rule');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown rule no-such-rule/);
  });

  it('lists policy problems with their file and JSON path, and still reports the rest', async () => {
    const dir = await snapshotDir({
      'authorization-details.json': authorizationDetails({
        users: [
          user('admin', {
            managed: [ADMIN_ARN],
            inline: { odd: doc({ Effect: 'Maybe', Action: 's3:*', Resource: '*' }) },
          }),
        ],
        policies: [admin],
      }),
    });
    const { code, stdout } = await run('scan', '-s', dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/user admin is a full administrator/);
    expect(stdout).toMatch(
      /Policy problems\n {2}- error: authorization-details\.json \$\.UserDetailList\[0\]\.UserPolicyList\[0\]\.PolicyDocument\.Statement\[0\]\.Effect: Effect must be "Allow" or "Deny", got "Maybe"/,
    );
    expect(stdout).toMatch(/1 policy has errors \(listed under problems\)/);
  });

  it('explains a missing snapshot directory and exits 1', async () => {
    const { code, stderr } = await run('scan', '--snapshot', '/does/not/exist');
    expect(code).toBe(1);
    expect(stderr).toMatch(/\/does\/not\/exist: no such snapshot directory\n {2}hint: /);
  });
});
