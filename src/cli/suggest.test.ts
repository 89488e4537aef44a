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
    expect(s.findings).toEqual({
      resolved: [
        {
          id: expect.stringMatching(/^data-exfiltration-/),
          ruleId: 'data-exfiltration',
          severity: 'high',
          title: expect.any(String),
        },
      ],
      remaining: [],
    });
  });

  it('gives in JSON each finding that stays with the reasons, as data and in words', async () => {
    const { code, stdout } = await run('suggest', 'group/support', '-f', 'json');
    expect(code).toBe(0);
    const { findings } = JSON.parse(stdout);
    expect(findings.resolved).toEqual([]);
    const escalation = findings.remaining.find((f: { ruleId: string }) => f.ruleId === 'privilege-escalation');
    expect(escalation).toEqual({
      id: expect.stringMatching(/^privilege-escalation-[0-9a-f]+$/),
      ruleId: 'privilege-escalation',
      severity: 'critical',
      // Via svc-terraform: the demo organisation's SCP keeps alice.nguyen out of IAM (examples/organization.json).
      title: 'group support can become administrator via user svc-terraform in 1 step — 1 member: leo.rossi',
      why: [
        {
          kind: 'used-action',
          action: 'iam:CreateAccessKey',
          lastUsed: '2026-10-31T18:07:29.000Z',
          summary: 'keeps iam:CreateAccessKey: used 2026-10-31',
        },
      ],
    });
  });

  it('lists the findings the suggestion resolves, and says what keeps the others open', async () => {
    const resolves = await run('suggest', 'user/erin.walsh');
    expect(resolves.code).toBe(0);
    expect(resolves.stdout).toContain(
      'findings: resolves 1 of 3 open findings (their rules run again with the suggested policy in place)',
    );
    expect(resolves.stdout).toMatch(
      /\n {4}resolved: \[critical\] privilege-escalation — user erin\.walsh can become administrator via role break-glass-admin/,
    );
    expect(resolves.stdout).not.toMatch(/still open: \[critical\] privilege-escalation/);
    expect(resolves.stdout).toContain(
      '      why: unused permissions through group developers stay (suggest group/developers downsizes them)',
    );

    // dave.okafor used iam:CreatePolicyVersion on a policy attached to him: kept, so the escalation stays.
    const stays = await run('suggest', 'user/dave.okafor');
    expect(stays.code).toBe(0);
    expect(stays.stdout).toContain('findings: resolves 0 of 3 open findings');
    expect(stays.stdout).toMatch(
      /still open: \[critical\] privilege-escalation — user dave\.okafor can become administrator .*\n {6}why: keeps iam:CreatePolicyVersion on arn:aws:iam::111122223333:policy\/developer-baseline: used 2026-10-21\n/,
    );
    expect(stays.stdout).toMatch(
      /still open: \[low\] inline-or-direct-user-policy .*\n {6}why: the suggested policy rightsize-user-dave\.okafor is itself attached to the user directly\n/,
    );
  });

  it('says a finding from a group policy, a trust policy or a key stays because this suggestion cannot touch it', async () => {
    const group = await run('suggest', 'user/leo.rossi');
    expect(group.stdout).toMatch(
      /still open: \[\w+\] credentials-exposure — user leo\.rossi .*\n {6}why: policy support-tooling of group support stays \(suggest group\/support downsizes it\)\n/,
    );
    const key = await run('suggest', 'user/svc-backup');
    expect(key.stdout).toMatch(
      /still open: \[\w+\] stale-access-key — .*\n {6}why: about an access key, which the suggestion does not change\n/,
    );
    const { stdout } = await run('suggest', 'role/ci-ec2-deployer');
    expect(stdout).toMatch(/resolved: \[high\] privilege-escalation — role ci-ec2-deployer/);
    expect(stdout).toMatch(
      /still open: \[\w+\] open-trust — .*\n {6}why: about the trust policy, which the suggestion does not change\n/,
    );
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
