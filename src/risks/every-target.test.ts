import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  allow,
  authorizationDetails,
  deny,
  doc,
  managedPolicy,
  role,
  user,
  ADMINISTRATOR_ACCESS as ADMIN,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from '../../test/support/builders.js';
import { finding, flagged, scanRaw } from '../../test/support/scan.js';

/**
 * One notion of "on every resource": a Resource pattern that covers every resource of the kind an IAM
 * action acts on in the account (policy/*, role/*, user/*) counts as Resource "*" does, in the escalation
 * graph and in the rules that ask.
 */
const scan = (parts: Parameters<typeof authorizationDetails>[0]) =>
  scanRaw({ authorizationDetails: authorizationDetails(parts) });
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const VERSIONS = ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'];

/** A customer-managed policy "Editor" granting the policy-version actions on `resource`, attached to user ed. */
async function scanEditor(...statements: Record<string, unknown>[]) {
  return scan({
    users: [user('ed', { managed: [policyArn('Editor')] })],
    policies: [managedPolicy('Editor', doc(...statements)), managedPolicy('Other', doc(allow('s3:ListBucket')))],
  });
}

describe('risky-managed-policy and the escalation graph agree on what covers every policy', () => {
  it('reports a policy granting the policy-version actions on every customer-managed policy of the account', async () => {
    const result = await scanEditor(allow(VERSIONS, `arn:aws:iam::${ACCOUNT}:policy/*`));
    const f = finding(result, 'risky-managed-policy', 'Editor');
    expect(f.title).toBe(
      'customer-managed policy Editor grants privilege escalation (create-policy-version, set-default-policy-version) to 1 principal',
    );
    expect(f.severity).toBe('high');
    expect(f.evidence.map((e) => e.summary)).toContain(
      'escalation method create-policy-version: iam:CreatePolicyVersion on every resource of the account they act on',
    );
    // The statement that grants it is the evidence a person opens.
    expect(f.evidence.some((e) => e.summary.startsWith('managed policy Editor, statement #0: Allow Action'))).toBe(
      true,
    );
    // And the graph makes its holder escalate, through the same policy.
    expect(flagged(result, 'privilege-escalation')).toEqual(['privilege-escalation ed']);
  });

  it('counts an account wildcard and a NotResource that excludes no policy the same way', async () => {
    for (const statement of [
      allow(VERSIONS, 'arn:aws:iam::*:policy/*'),
      { Effect: 'Allow', Action: VERSIONS, NotResource: ['arn:aws:s3:::*'] },
    ]) {
      const result = await scanEditor(statement);
      expect(flagged(result, 'risky-managed-policy'), JSON.stringify(statement)).toEqual([
        'risky-managed-policy Editor',
      ]);
      expect(flagged(result, 'privilege-escalation')).toEqual(['privilege-escalation ed']);
    }
  });

  it('does not report the same actions on one named policy, a path prefix, or another account', async () => {
    for (const resource of [
      policyArn('Other'),
      `arn:aws:iam::${ACCOUNT}:policy/team/*`,
      'arn:aws:iam::999999999999:policy/*',
    ]) {
      const result = await scanEditor(allow(VERSIONS, resource));
      expect(flagged(result, 'risky-managed-policy'), resource).toEqual([]);
      expect(flagged(result, 'privilege-escalation'), resource).toEqual([]);
    }
  });

  it('does not report it when the policy denies part of the kind, as a Deny takes "*" away', async () => {
    const result = await scanEditor(
      allow(VERSIONS, `arn:aws:iam::${ACCOUNT}:policy/*`),
      deny(VERSIONS, policyArn('Other')),
    );
    expect(flagged(result, 'risky-managed-policy')).toEqual([]);
  });

  it('does not report a NotResource that excludes some policies', async () => {
    const result = await scanEditor({ Effect: 'Allow', Action: VERSIONS, NotResource: [policyArn('Other')] });
    expect(flagged(result, 'risky-managed-policy')).toEqual([]);
  });
});

describe('the escalation graph counts role/* and path prefixes by the roles they reach', () => {
  const admin = {
    ...role('prod-admin', { managed: [ADMIN_ARN] }),
    InstanceProfileList: [
      { InstanceProfileName: 'prod-admin', Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/prod-admin` },
    ],
  };
  const deployer = (resource: string) =>
    user('deployer', { inline: { ci: doc(allow('iam:PassRole', resource), allow('ec2:RunInstances')) } });

  it('reaches every role through role/*, and only the roles under a path through a path prefix', async () => {
    const all = await scan({
      users: [deployer(`arn:aws:iam::${ACCOUNT}:role/*`)],
      roles: [admin],
      policies: [ADMIN],
    });
    expect(flagged(all, 'privilege-escalation')).toEqual(['privilege-escalation deployer']);
    const partial = await scan({
      users: [deployer(`arn:aws:iam::${ACCOUNT}:role/service/*`)],
      roles: [admin],
      policies: [ADMIN],
    });
    expect(flagged(partial, 'privilege-escalation')).toEqual([]);
    const underPath = await scan({
      users: [deployer(`arn:aws:iam::${ACCOUNT}:role/service/*`)],
      roles: [{ ...admin, Arn: `arn:aws:iam::${ACCOUNT}:role/service/prod-admin`, Path: '/service/' }],
      policies: [ADMIN],
    });
    expect(flagged(underPath, 'privilege-escalation')).toEqual(['privilege-escalation deployer']);
  });
});

describe('a principal that can rewrite every role', () => {
  it('escalates through a role it reaches when iam:AttachRolePolicy is on role/*, not on a path', async () => {
    const ops = (resource: string) =>
      user('ops', {
        inline: {
          o: doc(
            allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/worker`),
            allow('iam:AttachRolePolicy', resource),
          ),
        },
      });
    const worker = role('worker', {
      trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ops` }, Action: 'sts:AssumeRole' }),
    });
    const all = await scan({ users: [ops(`arn:aws:iam::${ACCOUNT}:role/*`)], roles: [worker], policies: [ADMIN] });
    expect(finding(all, 'privilege-escalation', 'ops').title).toMatch(/^user ops can become administrator/);
    const path = await scan({ users: [ops(`arn:aws:iam::${ACCOUNT}:role/ci/*`)], roles: [worker], policies: [ADMIN] });
    expect(flagged(path, 'privilege-escalation')).toEqual([]);
  });
});

describe('credentials-exposure counts user/* as every user', () => {
  it('flags iam:CreateAccessKey on every user of the account, not on a path of them', async () => {
    const result = await scan({
      users: [
        user('keys-all', { inline: { k: doc(allow('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/*`)) } }),
        user('keys-ci', { inline: { k: doc(allow('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/ci/*`)) } }),
        user('keys-own', {
          inline: { k: doc(allow('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`)) },
        }),
      ],
    });
    expect(flagged(result, 'credentials-exposure')).toEqual(['credentials-exposure keys-all']);
    const f = finding(result, 'credentials-exposure', 'keys-all');
    expect(f.evidence[0]!.summary).toBe(
      'allowed without conditions on every resource of the account they act on: iam:CreateAccessKey',
    );
    expect(f.evidence[1]!.summary).toMatch(/^inline policy k, statement #0: Allow Action iam:CreateAccessKey on arn/);
  });
});
