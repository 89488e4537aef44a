import { describe, expect, it } from 'vitest';
import { ACCOUNT, allow, authorizationDetails, doc, role, snapshotDir } from '../../test/support/builders.js';
import { runCli } from '../../test/support/cli.js';
import { lookupEvent } from '../../test/support/usage.js';

const run = runCli;

describe('rightsize suggest', () => {
  it('prints the summary and a diff that removes the unused admin rights, and verifies it', async () => {
    const { code, stdout } = await run('suggest', 'role/jenkins-legacy', '--verify');
    expect(code).toBe(0);
    expect(stdout).toMatch(/suggestion: downsize — keeps 4 of \d+ allowed actions/);
    expect(stdout).toMatch(/verification: all 4 used actions stay allowed/);
    expect(stdout).toMatch(/removed: \d{1,3}(,\d{3})+ actions; services entirely: /);
    expect(stdout).toContain('--- role/jenkins-legacy today');
    expect(stdout).toContain('-        "Action": "*:*",');
    expect(stdout).toContain('+          "ecr:GetAuthorizationToken",');
  });

  it('prints JSON with the policies, the diff and the verification', async () => {
    const { code, stdout } = await run('suggest', 'role/data-pipeline', '-f', 'json', '--verify');
    expect(code).toBe(0);
    const s = JSON.parse(stdout);
    expect(s.verdict).toBe('downsize');
    expect(s.policies[0].size).toBeLessThanOrEqual(6144);
    expect(s.kept.scopedActions).toEqual(['s3:GetObject']);
    expect(s.diff).toContain('+++ role/data-pipeline suggested');
    expect(s.verification).toMatchObject({ ok: true, failures: [] });
  });

  it('explains a quarantine suggestion for a role nobody uses', async () => {
    const { code, stdout } = await run('suggest', 'role/migration-2025');
    expect(code).toBe(0);
    expect(stdout).toMatch(/suggestion: remove — nothing used in the last 90 days \(never used/);
    expect(stdout).toContain('+        "Sid": "RightsizeQuarantine",');
  });

  it('works on a snapshot directory and says when there is nothing to change', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/app`;
    const dir = await snapshotDir({
      'authorization-details.json': authorizationDetails({
        roles: [role('app', { inline: { p: doc(allow('ec2:DescribeVpcs')) } })],
      }),
      'snapshot.json': { accountId: ACCOUNT, collectedAt: '2026-11-20T12:00:00Z' },
      'cloudtrail-events.json': {
        Events: [
          lookupEvent({
            time: '2026-11-19T00:00:00Z',
            source: 'ec2.amazonaws.com',
            name: 'DescribeVpcs',
            principalArn: arn,
            role: true,
          }),
        ],
      },
    });
    const { code, stdout } = await run('suggest', 'app', '--snapshot', dir, '--verify');
    expect(code).toBe(0);
    expect(stdout).toMatch(/suggestion: unchanged/);
    expect(stdout).toMatch(/\(no policy change\)/);
  });

  it('rejects an unknown format', async () => {
    const { code, stderr } = await run('suggest', 'role/jenkins-legacy', '--format', 'yaml');
    expect(code).toBe(2);
    expect(stderr).toMatch(/Allowed choices are diff, json/);
  });
});
