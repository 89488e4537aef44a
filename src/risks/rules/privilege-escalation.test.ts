import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  allow,
  authorizationDetails,
  deny,
  doc,
  managedPolicy,
  role,
  snapshotDir,
  user,
  ADMINISTRATOR_ACCESS as ADMIN,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from '../../../test/support/builders.js';
import { runCli } from '../../../test/support/cli.js';
import { finding, flagged, scanRaw } from '../../../test/support/scan.js';

const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const trustUser = (name: string) =>
  doc({ Effect: 'Allow', Principal: { AWS: userArn(name) }, Action: 'sts:AssumeRole' });
const when = (Condition: Record<string, Record<string, string | string[]>>) => ({ Condition });
const withProfile = (r: ReturnType<typeof role>) => ({
  ...r,
  InstanceProfileList: [
    { InstanceProfileName: r.RoleName, Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${r.RoleName}` },
  ],
});
const scan = (parts: Parameters<typeof authorizationDetails>[0], extra: Record<string, unknown> = {}) =>
  scanRaw({ authorizationDetails: authorizationDetails(parts), ...extra });

describe('privilege-escalation: taking over an EC2 instance needs an instance profile', () => {
  const takeovers = [
    ['ec2-user-data', ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances']],
    ['ec2-instance-connect', ['ec2-instance-connect:SendSSHPublicKey', 'ec2:DescribeInstances']],
    ['ssm-start-session', ['ssm:StartSession']],
    ['ssm-send-command', ['ssm:SendCommand']],
    [
      'codedeploy-deployment',
      ['codedeploy:CreateDeployment', 'codedeploy:GetDeploymentConfig', 'codedeploy:RegisterApplicationRevision'],
    ],
  ] as const;

  for (const [method, actions] of takeovers) {
    it(`${method}: an administrator role that trusts EC2 but has no instance profile is no target`, async () => {
      const result = await scan({
        users: [user('operator', { inline: { ops: doc(allow([...actions])) } })],
        roles: [role('admin', { managed: [ADMIN_ARN] })],
        policies: [ADMIN],
      });
      expect(flagged(result, 'privilege-escalation')).toEqual([]);
    });

    it(`${method}: with an instance profile the role is a target, on the assumption an instance runs with it`, async () => {
      const result = await scan({
        users: [user('operator', { inline: { ops: doc(allow([...actions])) } })],
        roles: [withProfile(role('admin', { managed: [ADMIN_ARN] }))],
        policies: [ADMIN],
      });
      const f = finding(result, 'privilege-escalation', 'operator');
      expect(f.title).toBe(
        'user operator can become administrator via role admin in 1 step (if an existing EC2 instance runs with an instance profile of role admin)',
      );
      expect(f.evidence[0]!.summary).toMatch(/^step 1: user operator → role admin: /);
    });
  }
});

describe('privilege-escalation: a method counts only where its conditions can be met', () => {
  const SSM_CORE = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

  it('iam:PolicyARN: attaching only named harmless policies is no escalation; naming AdministratorAccess is', async () => {
    const attach = (arns: string[]) =>
      scan({
        roles: [
          role('patcher', {
            inline: {
              p: doc(allow('iam:AttachRolePolicy', roleArn('*'), when({ ArnEquals: { 'iam:PolicyARN': arns } }))),
            },
          }),
        ],
      });
    expect(
      flagged(await attach([SSM_CORE, 'arn:aws:iam::aws:policy/AmazonSSMPatchAssociation']), 'privilege-escalation'),
    ).toEqual([]);
    const f = finding(await attach([SSM_CORE, ADMIN_ARN]), 'privilege-escalation', 'patcher');
    // The condition is met by the policy the method attaches: the step is certain, not "when conditions hold".
    expect(f.title).toBe('role patcher can become administrator (it can grant itself any permission) in 1 step');
  });

  it("iam:PolicyARN: an account's own administrator policy on the allow-list counts", async () => {
    const result = await scan({
      roles: [
        role('patcher', {
          inline: {
            p: doc(
              allow(
                'iam:AttachRolePolicy',
                roleArn('*'),
                when({ ArnEquals: { 'iam:PolicyARN': [policyArn('break-glass')] } }),
              ),
            ),
          },
        }),
      ],
      policies: [managedPolicy('break-glass', doc(allow('*')))],
    });
    expect(finding(result, 'privilege-escalation', 'patcher').title).toBe(
      'role patcher can become administrator (it can grant itself any permission) in 1 step',
    );
  });

  it('iam:PassedToService: a role passed only to Lambda cannot launch an EC2 instance', async () => {
    const passTo = (service: string) =>
      scan({
        users: [
          user('deployer', {
            inline: {
              ci: doc(
                allow('iam:PassRole', '*', when({ StringEquals: { 'iam:PassedToService': service } })),
                allow('ec2:RunInstances'),
              ),
            },
          }),
        ],
        roles: [withProfile(role('admin', { managed: [ADMIN_ARN] }))],
        policies: [ADMIN],
      });
    expect(flagged(await passTo('lambda.amazonaws.com'), 'privilege-escalation')).toEqual([]);
    expect(finding(await passTo('ec2.amazonaws.com'), 'privilege-escalation', 'deployer').title).toBe(
      'user deployer can become administrator via role admin in 1 step',
    );
  });

  it('a Deny the method always meets (PassRole to anything but Lambda) blocks it', async () => {
    const result = await scan({
      users: [
        user('deployer', {
          inline: {
            ci: doc(
              allow(['iam:PassRole', 'ec2:RunInstances']),
              deny('iam:PassRole', '*', when({ StringNotEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } })),
            ),
          },
        }),
      ],
      roles: [withProfile(role('admin', { managed: [ADMIN_ARN] }))],
      policies: [ADMIN],
    });
    expect(flagged(result, 'privilege-escalation')).toEqual([]);
  });

  it('aws:CalledVia: what only CloudFormation may do on its behalf is no direct step; an MFA condition stays, named', async () => {
    const putOwn = (condition: Record<string, Record<string, string>>) =>
      scan({
        users: [user('dev', { inline: { p: doc(allow('iam:PutUserPolicy', userArn('dev'), when(condition))) } })],
      });
    const viaStacks = await putOwn({ 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } });
    expect(flagged(viaStacks, 'privilege-escalation')).toEqual([]);
    const withMfa = await putOwn({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(finding(withMfa, 'privilege-escalation', 'dev').title).toBe(
      'user dev can become administrator (it can grant itself any permission) in 1 step (when conditions hold: aws:MultiFactorAuthPresent)',
    );
  });

  it('iam:PermissionsBoundary: writing policies only to roles under a narrow boundary is delegation, not escalation', async () => {
    const boundaryArn = policyArn('app-boundary');
    const delegate = (boundaryDocument: unknown) =>
      scan({
        users: [
          user('lead', {
            inline: {
              d: doc(
                allow(
                  'iam:PutRolePolicy',
                  roleArn('*'),
                  when({ StringEquals: { 'iam:PermissionsBoundary': boundaryArn } }),
                ),
              ),
            },
          }),
        ],
        roles: [
          role('app', { trust: trustUser('lead'), boundary: boundaryArn }),
          role('unbounded', { trust: trustUser('lead') }),
        ],
        policies: [managedPolicy('app-boundary', boundaryDocument)],
      });
    // app is capped by its boundary; unbounded lacks the boundary the condition asks for.
    expect(flagged(await delegate(doc(allow(['s3:*', 'sqs:*']))), 'privilege-escalation')).toEqual([]);
    // A boundary that is itself administrator caps nothing.
    expect(flagged(await delegate(doc(allow('*'))), 'privilege-escalation')).toEqual(['privilege-escalation lead']);
  });

  it('resource tags: iam:PassRole only on roles tagged team=payments reaches only those', async () => {
    const tagged = (team: string) =>
      scan({
        users: [
          user('deployer', {
            inline: {
              ci: doc(
                allow('iam:PassRole', '*', when({ StringEquals: { 'iam:ResourceTag/team': 'payments' } })),
                allow('ec2:RunInstances'),
              ),
            },
          }),
        ],
        roles: [withProfile(role('admin', { managed: [ADMIN_ARN], tags: { team } }))],
        policies: [ADMIN],
      });
    expect(flagged(await tagged('platform'), 'privilege-escalation')).toEqual([]);
    expect(finding(await tagged('payments'), 'privilege-escalation', 'deployer').title).toBe(
      'user deployer can become administrator via role admin in 1 step',
    );
  });

  it('keeps conditions the holder may meet, and says which: aws:SourceIp, aws:RequestTag', async () => {
    const result = await scan({
      users: [
        user('deployer', {
          inline: {
            ci: doc(
              allow('iam:PassRole', '*', when({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })),
              allow('ec2:RunInstances', '*', when({ StringEquals: { 'aws:RequestTag/team': 'ops' } })),
            ),
          },
        }),
      ],
      roles: [withProfile(role('admin', { managed: [ADMIN_ARN] }))],
      policies: [ADMIN],
    });
    const f = finding(result, 'privilege-escalation', 'deployer');
    expect(f.title).toBe(
      'user deployer can become administrator via role admin in 1 step (when conditions hold: aws:SourceIp, aws:RequestTag/team)',
    );
    expect(f.severity).toBe('high');
  });
});

describe('privilege-escalation: latent paths', () => {
  const stacks = doc(allow(['iam:PassRole', 'cloudformation:CreateStack']));

  it('reports PassRole + CreateStack on * while no role trusts CloudFormation, at low severity, saying what is missing', async () => {
    const result = await scan({ roles: [role('ci', { inline: { stacks } })] });
    const f = finding(result, 'privilege-escalation', 'ci');
    expect(f.title).toBe(
      'role ci has a latent escalation path: Create a CloudFormation stack that runs as the role, but no role trusts cloudformation.amazonaws.com yet',
    );
    expect(f.severity).toBe('low');
    expect(f.evidence[0]!.summary).toBe(
      'latent: Create a CloudFormation stack that runs as the role (pass-role-cloudformation-stack): no role trusts cloudformation.amazonaws.com yet; a path the day it exists',
    );
    expect(f.evidence.some((e) => e.summary.startsWith('iam:PassRole: inline policy stacks, statement #0'))).toBe(true);
    // Near misses: a role trusts CloudFormation (the method has a target, a harmless one); PassRole on named roles only.
    const harmlessTarget = await scan({
      roles: [
        role('ci', { inline: { stacks } }),
        role('stack-runner', {
          trust: doc({
            Effect: 'Allow',
            Principal: { Service: 'cloudformation.amazonaws.com' },
            Action: 'sts:AssumeRole',
          }),
          inline: { r: doc(allow('s3:ListAllMyBuckets')) },
        }),
      ],
    });
    expect(flagged(harmlessTarget, 'privilege-escalation')).toEqual([]);
    const named = await scan({
      roles: [
        role('ci', {
          inline: { s: doc(allow('iam:PassRole', roleArn('app-*')), allow('cloudformation:CreateStack')) },
        }),
      ],
    });
    expect(flagged(named, 'privilege-escalation')).toEqual([]);
  });

  it('reports the real path, not the latent one, once an administrator role trusts CloudFormation', async () => {
    const before = await scan({ roles: [role('ci', { inline: { stacks } })] });
    expect(finding(before, 'privilege-escalation', 'ci').severity).toBe('low');
    const result = await scan({
      roles: [
        role('ci', { inline: { stacks } }),
        role('stack-admin', {
          managed: [ADMIN_ARN],
          trust: doc({
            Effect: 'Allow',
            Principal: { Service: 'cloudformation.amazonaws.com' },
            Action: 'sts:AssumeRole',
          }),
        }),
      ],
      policies: [ADMIN],
    });
    const f = finding(result, 'privilege-escalation', 'ci');
    expect(f.title).toBe('role ci can become administrator via role stack-admin in 1 step');
    expect(f.severity).toBe('high');
  });

  it('EC2: a role trusting EC2 without an instance profile leaves RunInstances + PassRole latent', async () => {
    const result = await scan({
      users: [user('launcher', { inline: { l: doc(allow(['iam:PassRole', 'ec2:RunInstances'])) } })],
      roles: [role('admin', { managed: [ADMIN_ARN] })],
      policies: [ADMIN],
    });
    expect(finding(result, 'privilege-escalation', 'launcher').title).toBe(
      'user launcher has a latent escalation path: Launch an EC2 instance with an instance profile of the role, but no role that trusts ec2.amazonaws.com has an instance profile yet',
    );
  });

  it('CreatePolicyVersion on every policy with no customer-managed policy attached is latent; with one it is a path', async () => {
    const rewrite = { p: doc(allow('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/*`)) };
    const latent = await scan({ users: [user('dev', { inline: rewrite })] });
    const f = finding(latent, 'privilege-escalation', 'dev');
    expect(f.title).toBe(
      'user dev has a latent escalation path: Create a new default version of a customer-managed policy attached to the principal, but no customer-managed policy is attached to user dev yet',
    );
    expect(f.severity).toBe('low');
    const real = await scan({
      users: [user('dev', { inline: rewrite, managed: [policyArn('app')] })],
      policies: [managedPolicy('app', doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/*')))],
    });
    expect(finding(real, 'privilege-escalation', 'dev').title).toBe(
      'user dev can become administrator (it can grant itself any permission) in 1 step',
    );
  });

  it('is latent only where the conditions allow the method: PassRole to CloudFormation, not only to Lambda, and not under a Deny', async () => {
    const onlyLambda = await scan({
      roles: [
        role('ci', {
          inline: {
            s: doc(
              allow('iam:PassRole', '*', when({ StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } })),
              allow('cloudformation:CreateStack'),
            ),
          },
        }),
      ],
    });
    expect(flagged(onlyLambda, 'privilege-escalation')).toEqual([]);
    const denied = await scan({ roles: [role('ci', { inline: { stacks, d: doc(deny('iam:PassRole')) } })] });
    expect(flagged(denied, 'privilege-escalation')).toEqual([]);
    const toStacks = await scan({
      roles: [
        role('ci', {
          inline: {
            s: doc(
              allow(
                'iam:PassRole',
                '*',
                when({ StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }),
              ),
              allow('cloudformation:CreateStack'),
            ),
          },
        }),
      ],
    });
    expect(flagged(toStacks, 'privilege-escalation')).toEqual(['privilege-escalation ci']);
  });

  it('leaves latent paths out of `scan --severity medium`', async () => {
    const dir = await snapshotDir({
      'authorization-details.json': authorizationDetails({ roles: [role('ci', { inline: { stacks } })] }),
    });
    const all = JSON.parse((await runCli('scan', '-s', dir, '-f', 'json')).stdout);
    expect(all.findings.map((x: { ruleId: string }) => x.ruleId)).toContain('privilege-escalation');
    const medium = JSON.parse((await runCli('scan', '-s', dir, '-f', 'json', '--severity', 'medium')).stdout);
    expect(medium.findings.map((x: { ruleId: string }) => x.ruleId)).not.toContain('privilege-escalation');
  });
});
