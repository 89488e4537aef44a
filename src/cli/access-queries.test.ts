import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';

/** `who-can`, `can` and `path` over the bundled demo account (their default snapshot), as a user runs them. */
describe('rightsize who-can', () => {
  it('lists principals directly, conditionally and through escalation, and how long the index took', async () => {
    const { code, stdout, stderr } = await runCli('who-can', 'iam:PassRole');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Who can iam:PassRole on \*: 56 principals checked/);
    expect(stdout).toMatch(
      / {2}Directly \(7\)\n {4}role break-glass-admin\n {6}managed policy AdministratorAccess, statement #0: Allow Action \* on \*/,
    );
    expect(stdout).toMatch(/ {4}role ops-mfa-admin: depends on aws:MultiFactorAuthPresent/);
    // The demo organisation's SCP deny-iam-for-departing-admin takes IAM from alice.nguyen alone: her group's
    // answer depends on the member, and she reaches it through escalation.
    expect(stdout).toMatch(
      / {4}group admins: depends on aws:PrincipalArn\n {6}managed policy AdministratorAccess, statement #0: Allow Action \* on \*\n {6}SCP deny-iam-for-departing-admin at OU Workloads/,
    );
    expect(stdout).toMatch(
      / {4}user alice.nguyen: becomes administrator \(role jenkins-legacy\) in 1 step\n {6}step 1: user alice.nguyen → role jenkins-legacy/,
    );
    expect(stderr).toMatch(
      /^\(index of 56 principals in account 111122223333 built in \d+ ms \+ escalation graph \d+ ms; answered in \d+ ms\)/,
    );
  });

  it('evaluates conditions with --context, and answers as JSON', async () => {
    const { stdout } = await runCli(
      'who-can',
      'ec2:TerminateInstances',
      '--via',
      'direct',
      '--format',
      'json',
      '--context',
      'aws:MultiFactorAuthPresent=true',
      '--context',
      'aws:RequestedRegion=eu-west-1',
    );
    const answer = JSON.parse(stdout);
    expect(answer.context).toEqual({ 'aws:MultiFactorAuthPresent': ['true'], 'aws:RequestedRegion': ['eu-west-1'] });
    expect(answer.conditional).toEqual([]);
    expect(answer.escalation).toEqual([]);
    expect(answer.direct.map((d: { principal: { name: string } }) => d.principal.name)).toContain('ops-mfa-admin');
  });

  it('says where resource policies could change the answer', async () => {
    const { stdout } = await runCli('who-can', 's3:GetObject', 'arn:aws:s3:::payroll/*', '--via', 'direct');
    expect(stdout).toMatch(/Note: S3 bucket policies are not in the snapshot/);
  });

  it('rejects a bad action or context with exit 2 and a hint', async () => {
    const bad = await runCli('who-can', 's3:GetObjekt');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no action in the AWS catalog matches "s3:GetObjekt"\n {2}hint: check the spelling/);
    const context = await runCli('who-can', 's3:GetObject', '--context', 'mfa');
    expect(context.code).toBe(2);
    expect(context.stderr).toMatch(/context "mfa" is not key=value/);
  });
});

describe('rightsize can', () => {
  it('says denied with the explicit Deny, in the words of permissions', async () => {
    const { code, stdout } = await runCli('can', 'heidi', 'iam:CreateUser');
    expect(code).toBe(0);
    expect(stdout).toBe(
      'user heidi.schmidt → iam:CreateUser on *: DENIED\n' +
        '  removed by an explicit Deny: managed policy deny-iam-changes (via group contractors), statement #0: Deny Action iam:* on *\n',
    );
  });

  it('names the boundary that caps, and decides conditions with --context', async () => {
    expect((await runCli('can', 'analytics-sandbox', 'ec2:RunInstances')).stdout).toMatch(
      /DENIED\n {2}permissions boundary arn:aws:iam::111122223333:policy\/s3-read-only-boundary caps it/,
    );
    expect((await runCli('can', 'ops-mfa-admin', 'iam:CreateUser')).stdout).toMatch(
      /: CONDITIONAL\n.*\(aws:MultiFactorAuthPresent\)/,
    );
    expect(
      (await runCli('can', 'ops-mfa-admin', 'iam:CreateUser', '--context', 'aws:MultiFactorAuthPresent=true')).stdout,
    ).toMatch(/with aws:MultiFactorAuthPresent=true: ALLOWED\n {2}allowed by inline policy admin-with-mfa/);
  });

  it('asks which principal when a prefix is ambiguous', async () => {
    const { code, stderr } = await runCli('can', 'ci-', 'iam:PassRole');
    expect(code).toBe(1);
    expect(stderr).toMatch(/"ci-" starts 2 principal names/);
  });
});

describe('rightsize path', () => {
  it('prints every step with its action and statement', async () => {
    const { code, stdout } = await runCli('path', 'erin', 'break-glass-admin');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^user erin.walsh → role break-glass-admin: 2 steps\n {2}step 1: user erin.walsh → role account-bootstrap/,
    );
    expect(stdout).toMatch(
      / {4}iam:PassRole on arn:aws:iam::111122223333:role\/account-bootstrap: inline policy lambda-experiments, statement #1/,
    );
    expect(stdout).toMatch(/ {2}step 2: role account-bootstrap → role break-glass-admin/);
  });

  it('to administrator, and "no path" with what is missing', async () => {
    expect((await runCli('path', 'leo.rossi', 'administrator')).stdout).toMatch(/→ administrator: 1 step/);
    const none = await runCli('path', 'carol', 'break-glass-admin');
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/: no path\n {2}No path from user carol.diaz to role break-glass-admin\./);
  });
});
