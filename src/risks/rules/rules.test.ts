import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  allow,
  authorizationDetails,
  deny,
  doc,
  group,
  managedPolicy,
  role,
  user,
  ADMINISTRATOR_ACCESS as ADMIN,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from '../../../test/support/builders.js';
import { finding, flagged, scanRaw } from '../../../test/support/scan.js';

const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const trustService = (service: string) =>
  doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
const trustPrincipal = (arn: string, extra: Record<string, unknown> = {}) =>
  doc({ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole', ...extra });
const withProfile = (r: ReturnType<typeof role>) => ({
  ...r,
  InstanceProfileList: [
    { InstanceProfileName: r.RoleName, Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${r.RoleName}` },
  ],
});
const scan = (parts: Parameters<typeof authorizationDetails>[0]) =>
  scanRaw({ authorizationDetails: authorizationDetails(parts) });

describe('admin-access', () => {
  it('flags AdministratorAccess, and not when an explicit Deny overrides part of it', async () => {
    const result = await scan({
      users: [
        user('admin', { managed: [ADMIN_ARN] }),
        user('admin-no-iam', { managed: [ADMIN_ARN], inline: { d: doc(deny('iam:*')) } }),
      ],
      policies: [ADMIN],
    });
    expect(flagged(result, 'admin-access')).toEqual(['admin-access admin']);
  });

  it('does not flag administrator access capped by a permissions boundary', async () => {
    const result = await scan({
      roles: [role('capped', { managed: [ADMIN_ARN], boundary: `arn:aws:iam::${ACCOUNT}:policy/ReadS3` })],
      policies: [ADMIN, managedPolicy('ReadS3', doc(allow(['s3:Get*', 's3:List*'])))],
    });
    expect(flagged(result, 'admin-access')).toEqual([]);
    // What is left after the boundary is still a broad data read: reported as that.
    expect(flagged(result, 'data-exfiltration')).toEqual(['data-exfiltration capped']);
  });

  it('does not flag admin that only applies under a condition, and is not fooled by a region guardrail', async () => {
    const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const guardrail = deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } });
    const result = await scan({
      roles: [
        role('mfa-admin', { inline: { a: doc(allow('*', '*', mfa)) } }),
        role('guarded-admin', { managed: [ADMIN_ARN], inline: { g: doc(guardrail) } }),
      ],
      policies: [ADMIN],
    });
    expect(flagged(result, 'admin-access')).toEqual(['admin-access guarded-admin']);
    expect(flagged(result, 'privilege-escalation')).toEqual([]);
  });
});

describe('privilege-escalation', () => {
  const adminRole = withProfile(role('prod-admin', { managed: [ADMIN_ARN] }));
  const harmless = withProfile(role('reader', { inline: { r: doc(allow('s3:ListAllMyBuckets')) } }));

  it('follows iam:PassRole + ec2:RunInstances to an administrator role, with the path as evidence', async () => {
    const result = await scan({
      users: [user('deployer', { inline: { ci: doc(allow(['iam:PassRole', 'ec2:RunInstances'])) } })],
      roles: [adminRole, harmless],
      policies: [ADMIN],
    });
    const f = finding(result, 'privilege-escalation', 'deployer');
    expect(f.title).toBe('user deployer can become administrator via role prod-admin in 1 step');
    expect(f.severity).toBe('critical');
    expect(f.evidence[0]!.summary).toMatch(/^step 1: user deployer → role prod-admin: Launch an EC2 instance/);
    expect(f.evidence.some((e) => e.summary.startsWith('iam:PassRole: inline policy ci, statement #0'))).toBe(true);
    expect(f.relatedArns).toEqual([roleArn('prod-admin')]);
  });

  it('respects resource constraints: PassRole limited to a harmless role is not PassRole on *', async () => {
    const result = await scan({
      users: [
        user('deployer', { inline: { ci: doc(allow('iam:PassRole', roleArn('reader')), allow('ec2:RunInstances')) } }),
      ],
      roles: [adminRole, harmless],
      policies: [ADMIN],
    });
    expect(flagged(result, 'privilege-escalation')).toEqual([]);
  });

  it('needs the role to trust the service and, for EC2, an instance profile', async () => {
    const noProfile = role('lambda-admin', { managed: [ADMIN_ARN], trust: trustService('lambda.amazonaws.com') });
    const result = await scan({
      users: [user('deployer', { inline: { ci: doc(allow(['iam:PassRole', 'ec2:RunInstances'])) } })],
      roles: [noProfile],
      policies: [ADMIN],
    });
    // No path to lambda-admin: what is left is the latent EC2 path (no role trusts EC2 with an instance profile).
    const f = finding(result, 'privilege-escalation', 'deployer');
    expect([f.severity, f.title]).toEqual(['low', expect.stringContaining('has a latent escalation path')]);
    expect(f.relatedArns).toBeUndefined();
  });

  it('finds multi-hop paths: a user assumes a role that can rewrite an admin role trust policy', async () => {
    const result = await scan({
      users: [user('ops')],
      roles: [
        role('bootstrap', {
          trust: trustPrincipal(userArn('ops')),
          inline: { t: doc(allow('iam:UpdateAssumeRolePolicy', roleArn('prod-admin'))) },
        }),
        role('prod-admin', { managed: [ADMIN_ARN] }),
      ],
      policies: [ADMIN],
    });
    const f = finding(result, 'privilege-escalation', 'ops');
    expect(f.title).toBe('user ops can become administrator via role prod-admin in 2 steps');
    expect(f.evidence.slice(0, 2).map((e) => e.summary)).toEqual([
      'step 1: user ops → role bootstrap: assume role bootstrap (its trust policy names user ops)',
      'step 2: role bootstrap → role prod-admin: rewrite the trust policy of role prod-admin to trust itself, then assume it',
    ]);
    expect(flagged(result, 'privilege-escalation').sort()).toEqual([
      'privilege-escalation bootstrap',
      'privilege-escalation ops',
    ]);
  });

  it('needs identity permission for sts:AssumeRole when the trust names only the account', async () => {
    const trustAccount = trustPrincipal(`arn:aws:iam::${ACCOUNT}:root`);
    const result = await scan({
      users: [user('can', { inline: { a: doc(allow('sts:AssumeRole', roleArn('prod-admin'))) } }), user('cannot')],
      roles: [role('prod-admin', { managed: [ADMIN_ARN], trust: trustAccount })],
      policies: [ADMIN],
    });
    expect(flagged(result, 'privilege-escalation')).toEqual(['privilege-escalation can']);
  });

  it('finds self-escalation: CreatePolicyVersion on a policy attached to oneself', async () => {
    const own = `arn:aws:iam::${ACCOUNT}:policy/own`;
    const result = await scan({
      users: [
        user('dev', { managed: [own] }),
        user('other', {
          inline: { p: doc(allow('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/unrelated`)) },
        }),
      ],
      policies: [
        managedPolicy('own', doc(allow('iam:CreatePolicyVersion', own))),
        managedPolicy('unrelated', doc(allow('s3:ListAllMyBuckets'))),
      ],
    });
    expect(finding(result, 'privilege-escalation', 'dev').title).toBe(
      'user dev can become administrator (it can grant itself any permission) in 1 step',
    );
    expect(flagged(result, 'privilege-escalation')).toEqual(['privilege-escalation dev']);
  });

  for (const [label, resource] of [
    ['named', roleArn('worker')],
    ['"*"', '*'],
  ] as const)
    it(`finds "reach a role, then attach a policy to it" with iam:AttachRolePolicy on ${label}`, async () => {
      const result = await scan({
        users: [user('dev', { inline: { attach: doc(allow('iam:AttachRolePolicy', resource)) } })],
        roles: [
          role('worker', { trust: trustPrincipal(userArn('dev')), inline: { w: doc(allow('sqs:SendMessage')) } }),
        ],
      });
      const f = finding(result, 'privilege-escalation', 'dev');
      expect(f.title).toBe('user dev can become administrator (it can grant itself any permission) in 1 step');
      expect(f.evidence[0]!.summary).toBe(
        'step 1: user dev → any permission: assume role worker (its trust policy names user dev), then Attach any managed policy (e.g. AdministratorAccess) to a role: role worker',
      );
      expect(f.evidence[0]!.actions).toEqual(['sts:AssumeRole', 'iam:AttachRolePolicy']);
    });

  it('does not count attaching policies to a role one cannot reach', async () => {
    const result = await scan({
      users: [user('dev', { inline: { attach: doc(allow('iam:AttachRolePolicy', roleArn('worker'))) } })],
      roles: [role('worker', { inline: { w: doc(allow('sqs:SendMessage')) } })],
    });
    expect(flagged(result, 'privilege-escalation')).toEqual([]);
  });

  it('counts SetDefaultPolicyVersion only when an older version is administrator', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/app`;
    const versions = (older: unknown) => ({
      ...managedPolicy('app', doc(allow('s3:GetObject', 'arn:aws:s3:::b/*'))),
      DefaultVersionId: 'v2',
      PolicyVersionList: [
        { Document: doc(allow('s3:GetObject', 'arn:aws:s3:::b/*')), VersionId: 'v2', IsDefaultVersion: true },
        { Document: older, VersionId: 'v1', IsDefaultVersion: false },
      ],
    });
    const dev = user('dev', { managed: [arn], inline: { p: doc(allow('iam:SetDefaultPolicyVersion', arn)) } });
    const narrower = await scan({ users: [dev], policies: [versions(doc(allow('s3:GetObject', 'arn:aws:s3:::b/x')))] });
    expect(flagged(narrower, 'privilege-escalation')).toEqual([]);
    const admin = await scan({ users: [dev], policies: [versions(doc(allow('*')))] });
    expect(flagged(admin, 'privilege-escalation')).toEqual(['privilege-escalation dev']);
  });

  it('lets an explicit Deny override the escalation permission', async () => {
    const result = await scan({
      users: [
        user('dev', {
          inline: {
            a: doc(allow('iam:*')),
            d: doc(
              deny([
                'iam:Put*',
                'iam:Attach*',
                'iam:CreatePolicyVersion',
                'iam:CreateAccessKey',
                'iam:*LoginProfile',
                'iam:AddUserToGroup',
                'iam:UpdateAssumeRolePolicy',
                'iam:Delete*PermissionsBoundary',
                'iam:SetDefaultPolicyVersion',
                'iam:PassRole',
              ]),
            ),
          },
        }),
      ],
    });
    expect(flagged(result, 'privilege-escalation')).toEqual([]);
    expect(flagged(result, 'admin-access')).toEqual([]);
  });

  it('keeps conditional steps, marked and one severity lower', async () => {
    const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const result = await scan({
      users: [user('dev', { inline: { a: doc(allow('iam:PutUserPolicy', userArn('dev'), mfa)) } })],
    });
    const f = finding(result, 'privilege-escalation', 'dev');
    expect(f.title).toMatch(/\(when conditions hold: aws:MultiFactorAuthPresent\)$/);
    expect(f.severity).toBe('high');
    expect(f.evidence[0]!.summary).toMatch(/\[only when conditions hold: aws:MultiFactorAuthPresent\]$/);
  });

  it("resolves ${aws:username}: creating one's own keys is not an escalation", async () => {
    const own = allow(['iam:CreateAccessKey'], `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`);
    const result = await scan({
      users: [user('kate', { groups: ['self-service'] }), user('admin', { managed: [ADMIN_ARN] })],
      groups: [group('self-service', { inline: { keys: doc(own) } })],
      policies: [ADMIN],
    });
    expect(flagged(result, 'privilege-escalation')).toEqual([]);
  });

  it('counts the grants of a policy that is both attached and the permissions boundary', async () => {
    const powerUser = managedPolicy(
      'PowerUserAccess',
      doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }),
      { aws: true },
    );
    const powerUserArn = 'arn:aws:iam::aws:policy/PowerUserAccess';
    const result = await scan({
      roles: [
        role('ops', { managed: [powerUserArn], boundary: powerUserArn }),
        role('break-glass', { managed: [ADMIN_ARN], trust: trustPrincipal(`arn:aws:iam::${ACCOUNT}:root`) }),
      ],
      policies: [ADMIN, powerUser],
    });
    expect(finding(result, 'privilege-escalation', 'ops').title).toBe(
      'role ops can become administrator via role break-glass in 1 step',
    );
  });

  it('shares a plan only between principals whose policies say the same: a Deny or a user name keeps them apart', async () => {
    const launch = doc(allow(['iam:PassRole', 'ec2:RunInstances'], '*'));
    const ownRunner = doc(
      allow('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/\${aws:username}-runner`),
      allow('ec2:RunInstances'),
    );
    const result = await scan({
      users: [
        user('first', { inline: { launch } }),
        // Same words in another policy: the same plan, the same path.
        user('second', { inline: { copy: launch } }),
        user('fenced', { inline: { launch, fence: doc(deny('iam:PassRole', roleArn('prod-admin'))) } }),
        // ${aws:username}: ops may pass ops-runner (an administrator role), dev may pass only dev-runner.
        user('ops', { inline: { own: ownRunner } }),
        user('dev', { inline: { own: ownRunner } }),
      ],
      roles: [
        adminRole,
        harmless,
        withProfile(role('ops-runner', { managed: [ADMIN_ARN] })),
        withProfile(role('dev-runner', { inline: { r: doc(allow('s3:ListAllMyBuckets')) } })),
      ],
      policies: [ADMIN],
    });
    expect(flagged(result, 'privilege-escalation').sort()).toEqual([
      'privilege-escalation fenced',
      'privilege-escalation first',
      'privilege-escalation ops',
      'privilege-escalation second',
    ]);
    expect(finding(result, 'privilege-escalation', 'fenced').relatedArns).toEqual([roleArn('ops-runner')]);
    expect(finding(result, 'privilege-escalation', 'ops').relatedArns).toEqual([roleArn('ops-runner')]);
  });
});

describe('open-trust and cross-account-access', () => {
  const vendor = '999988887777';
  const github = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const oidc = (condition: Record<string, unknown>) =>
    doc({
      Effect: 'Allow',
      Principal: { Federated: github },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: condition,
    });

  it('flags a vendor account without sts:ExternalId, not with it; both are cross-account', async () => {
    const result = await scan({
      roles: [
        role('vendor-open', { trust: trustPrincipal(`arn:aws:iam::${vendor}:root`) }),
        role('vendor-safe', {
          trust: trustPrincipal(`arn:aws:iam::${vendor}:root`, {
            Condition: { StringEquals: { 'sts:ExternalId': 'x1' } },
          }),
        }),
      ],
    });
    expect(flagged(result, 'open-trust')).toEqual(['open-trust vendor-open']);
    expect(flagged(result, 'cross-account-access').sort()).toEqual([
      'cross-account-access vendor-open',
      'cross-account-access vendor-safe',
    ]);
  });

  it('flags GitHub OIDC trust without a sub condition or with a wildcard one, not with a pinned sub', async () => {
    const aud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
    const result = await scan({
      roles: [
        role('gh-any', { trust: oidc({ StringEquals: aud }) }),
        role('gh-star', {
          trust: oidc({ StringEquals: aud, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } }),
        }),
        role('gh-pinned', {
          trust: oidc({
            StringEquals: aud,
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/deploy:ref:refs/heads/main' },
          }),
        }),
      ],
    });
    expect(flagged(result, 'open-trust').sort()).toEqual(['open-trust gh-any', 'open-trust gh-star']);
    expect(finding(result, 'open-trust', 'gh-any').severity).toBe('critical');
  });

  it('flags "*" unless a condition pins the caller to the organisation', async () => {
    const result = await scan({
      roles: [
        role('everyone', { trust: trustPrincipal('*') }),
        role('org-only', {
          trust: trustPrincipal('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
        }),
      ],
    });
    expect(flagged(result, 'open-trust')).toEqual(['open-trust everyone']);
  });

  it('treats organisation accounts and configured partners as known', async () => {
    const raw = {
      authorizationDetails: authorizationDetails({
        roles: [
          role('org', { trust: trustPrincipal('arn:aws:iam::444455556666:root') }),
          role('partner', { trust: trustPrincipal(`arn:aws:iam::${vendor}:root`) }),
        ],
      }),
      meta: { accountId: ACCOUNT, organizationAccountIds: ['444455556666'] },
    };
    expect(flagged(await scanRaw(raw), 'cross-account-access')).toEqual(['cross-account-access partner']);
    expect(flagged(await scanRaw(raw, { trustedAccountIds: [vendor] }), 'cross-account-access')).toEqual([]);
  });
});

describe('rules that need data the snapshot lacks', () => {
  it('say so instead of reporting a clean account', async () => {
    const result = await scan({ users: [user('a')] });
    const notices = Object.fromEntries(result.notices.map((n) => [n.ruleId, n.message]));
    expect(notices['unused-user']).toBe('not run: the snapshot has no credentialReport');
    expect(notices['permissions-gap']).toBe('not run: the snapshot has no lastAccessed');
    expect(notices['compute-admin']).toBe(
      'the snapshot has no EC2 instances and no Lambda functions: those workloads were not checked',
    );
  });
});

describe('unused-role', () => {
  it('rates an idle role by what it may do: admin high, changes medium, reads only or nothing low', async () => {
    const result = await scan({
      roles: [
        role('idle-admin', { managed: [ADMIN_ARN] }),
        role('idle-writer', { inline: { w: doc(allow(['s3:GetObject', 's3:PutObject'])) } }),
        role('idle-reader', { inline: { r: doc(allow(['s3:Get*', 's3:List*', 'ec2:Describe*'])) } }),
        role('idle-empty'),
      ],
      policies: [ADMIN],
    });
    const severity = (name: string) => finding(result, 'unused-role', name).severity;
    expect(['idle-admin', 'idle-writer', 'idle-reader', 'idle-empty'].map(severity)).toEqual([
      'high',
      'medium',
      'low',
      'low',
    ]);
  });

  it('counts the days in its title with thousands separated', async () => {
    const result = await scan({ roles: [role('idle-empty')] });
    expect(finding(result, 'unused-role', 'idle-empty').title).toBe(
      'role idle-empty has never been used (created 1,054 days ago)',
    );
  });
});
