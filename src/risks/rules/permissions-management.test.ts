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

const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const scan = (parts: Parameters<typeof authorizationDetails>[0]) =>
  scanRaw({ authorizationDetails: authorizationDetails(parts) });
const reads = doc(allow(['s3:GetObject', 's3:ListBucket']));
const accessKeys = doc(allow('iam:CreateAccessKey'));

describe('permissions-management: principals that can empower others', () => {
  it('reports a role that may write any user policy, the administrators it can reach first, with the statement', async () => {
    const result = await scan({
      users: [user('bob'), user('alice', { managed: [ADMIN_ARN] })],
      roles: [role('user-helper', { inline: { w: doc(allow('iam:PutUserPolicy')) } })],
      policies: [ADMIN],
    });
    const f = finding(result, 'permissions-management', 'user-helper');
    expect(f.title).toBe(
      'role user-helper can grant any permission to 2 other principals, e.g. user alice (administrator)',
    );
    expect(f.severity).toBe('high');
    expect(f.evidence.map((e) => e.summary)).toEqual([
      'Write an inline policy granting anything to a user: 2 principals (on every user of the account): user alice (administrator), user bob',
      'iam:PutUserPolicy: inline policy w, statement #0: Allow Action iam:PutUserPolicy on *',
    ]);
    expect(f.evidence[0]!.target).toBe(arn('user', 'alice'));
    // The targets suffer the finding; they do not cause it (related ARNs name whose owners it goes to).
    expect(f.relatedArns).toBeUndefined();
    // It cannot write its own policy (it is a role): not an escalation.
    expect(flagged(result, 'privilege-escalation')).toEqual([]);
  });

  it('iam:AttachRolePolicy limited by iam:PolicyARN to harmless policies empowers no one; without the condition it does', async () => {
    const attach = (extra = {}) => doc(allow('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/*`, extra));
    const onlySsm = {
      Condition: { ArnEquals: { 'iam:PolicyARN': ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'] } },
    };
    // Users attaching to roles: neither can attach to itself, so neither escalates.
    const result = await scan({
      users: [user('ssm-setup', { inline: { a: attach(onlySsm) } }), user('any-attach', { inline: { a: attach() } })],
      roles: [role('app')],
      policies: [ADMIN],
    });
    expect(flagged(result, 'permissions-management')).toEqual(['permissions-management any-attach']);
  });

  it('a Deny on iam:Put* removes it', async () => {
    const writeUsers = doc(allow('iam:PutUserPolicy'));
    const result = await scan({
      users: [user('bob')],
      roles: [
        role('user-helper', { inline: { w: writeUsers } }),
        role('denied-helper', { inline: { w: writeUsers, d: doc(deny('iam:Put*')) } }),
      ],
    });
    expect(flagged(result, 'permissions-management')).toEqual(['permissions-management user-helper']);
  });

  it('iam:CreatePolicyVersion on every customer-managed policy (policy/*) empowers whoever has one; one policy attached to nobody does not', async () => {
    const result = await scan({
      users: [
        user('editor', { inline: { e: doc(allow('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/*`)) } }),
        user('narrow', { inline: { e: doc(allow('iam:CreatePolicyVersion', arn('policy', 'orphan'))) } }),
      ],
      roles: [role('app', { managed: [arn('policy', 'app-policy')] })],
      policies: [managedPolicy('app-policy', reads), managedPolicy('orphan', reads)],
    });
    expect(flagged(result, 'permissions-management')).toEqual(['permissions-management editor']);
    const f = finding(result, 'permissions-management', 'editor');
    expect(f.title).toBe('user editor can grant any permission to 1 other principal, e.g. role app');
    expect(f.evidence[0]!.summary).toMatch(
      /^Create a new default version .*: 1 principal \(on every customer-managed policy of the account\): role app$/,
    );
    // The editor has no customer-managed policy of its own: nothing to rewrite for itself today, only a latent path.
    expect(flagged(result, 'privilege-escalation')).toEqual(['privilege-escalation editor']);
    expect(finding(result, 'privilege-escalation', 'editor')).toMatchObject({
      severity: 'low',
      title: expect.stringMatching(/latent/),
    });
  });

  it('SetDefaultPolicyVersion counts where an older version is an administrator, not where it is less', async () => {
    const withOlder = (name: string, older: unknown) => {
      const p = managedPolicy(name, reads);
      return {
        ...p,
        DefaultVersionId: 'v2',
        PolicyVersionList: [
          { Document: older, VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2023-01-01T00:00:00Z' },
          { ...p.PolicyVersionList[0]!, VersionId: 'v2' },
        ],
      };
    };
    const rollback = (policy: string) => ({
      inline: { r: doc(allow('iam:SetDefaultPolicyVersion', arn('policy', policy))) },
    });
    const result = await scan({
      roles: [
        role('rollback-admin', rollback('was-admin')),
        role('rollback-reads', rollback('was-reads')),
        role('app', { managed: [arn('policy', 'was-admin'), arn('policy', 'was-reads')] }),
      ],
      policies: [withOlder('was-admin', doc(allow('*'))), withOlder('was-reads', doc(allow('s3:ListAllMyBuckets')))],
    });
    expect(flagged(result, 'permissions-management')).toEqual(['permissions-management rollback-admin']);
    expect(finding(result, 'permissions-management', 'rollback-admin').evidence[0]!.summary).toBe(
      'Make an older, administrator version of a policy attached to them the default: 1 principal: role app',
    );
  });

  it('a path prefix reaches only the principals under it', async () => {
    const result = await scan({
      roles: [
        role('team-writer', {
          inline: { w: doc(allow('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/team-a/*`)) },
        }),
        { ...role('worker'), Arn: `arn:aws:iam::${ACCOUNT}:role/team-a/worker`, Path: '/team-a/' },
        role('other'),
      ],
    });
    const f = finding(result, 'permissions-management', 'team-writer');
    expect(f.title).toBe('role team-writer can grant any permission to 1 other principal, e.g. role worker');
    expect(f.evidence[0]!.summary).not.toContain('on every');
  });

  it('AddUserToGroup hands over the group: high for an administrators group, medium for a lesser one, nothing for an empty one', async () => {
    const result = await scan({
      users: [user('ann'), user('root-ish', { groups: ['admins'] })],
      groups: [group('admins', { managed: [ADMIN_ARN] }), group('readers', { inline: { r: reads } }), group('nothing')],
      roles: [
        role('joiner', { inline: { j: doc(allow('iam:AddUserToGroup', arn('group', 'admins'))) } }),
        role('reader-joiner', { inline: { j: doc(allow('iam:AddUserToGroup', arn('group', 'readers'))) } }),
        role('empty-joiner', { inline: { j: doc(allow('iam:AddUserToGroup', arn('group', 'nothing'))) } }),
      ],
      policies: [ADMIN],
    });
    expect(flagged(result, 'permissions-management').sort()).toEqual([
      'permissions-management joiner',
      'permissions-management reader-joiner',
    ]);
    const admins = finding(result, 'permissions-management', 'joiner');
    expect(admins.title).toBe(
      'role joiner can give 1 other principal the permissions of group admins (administrator), e.g. user ann',
    );
    expect(admins.severity).toBe('high');
    const readers = finding(result, 'permissions-management', 'reader-joiner');
    expect(readers.title).toBe(
      'role reader-joiner can give 2 other principals the permissions of group readers, e.g. user root-ish',
    );
    expect(readers.severity).toBe('medium');
  });

  it('UpdateAssumeRolePolicy on a role hands the role to anyone; under conditions it is lower and says so', async () => {
    const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const result = await scan({
      roles: [
        role('trust-editor', { inline: { t: doc(allow('iam:UpdateAssumeRolePolicy', arn('role', 'app'))) } }),
        role('mfa-writer', { inline: { w: doc(allow('iam:PutRolePolicy', arn('role', 'app'), mfa)) } }),
        role('app', { inline: { r: reads } }),
      ],
    });
    const trust = finding(result, 'permissions-management', 'trust-editor');
    expect(trust.title).toBe('role trust-editor can give 1 other principal the permissions of role app, e.g. role app');
    expect(trust.severity).toBe('medium');
    const conditional = finding(result, 'permissions-management', 'mfa-writer');
    expect(conditional.title).toBe(
      'role mfa-writer can grant any permission to 1 other principal, e.g. role app (when conditions hold)',
    );
    expect(conditional.severity).toBe('medium');
  });

  it('is not said again of a principal that can become administrator itself', async () => {
    const result = await scan({
      users: [user('self-writer', { inline: { w: doc(allow('iam:PutUserPolicy')) } }), user('bob')],
      roles: [role('user-helper', { inline: { w: doc(allow('iam:PutUserPolicy')) } })],
    });
    expect(flagged(result, 'privilege-escalation')).toEqual(['privilege-escalation self-writer']);
    expect(flagged(result, 'permissions-management')).toEqual(['permissions-management user-helper']);
  });
});

describe('a group policy: the finding sits on the group', () => {
  it('permissions-management: on the group with its members; a member with its own grant is still reported', async () => {
    const writeRoles = doc(allow('iam:PutRolePolicy'));
    const result = await scan({
      users: [
        user('u1', { groups: ['role-admins'], inline: { mine: writeRoles } }),
        user('u2', { groups: ['role-admins'] }),
      ],
      groups: [group('role-admins', { inline: { w: writeRoles } })],
      roles: [role('app')],
    });
    expect(flagged(result, 'permissions-management').sort()).toEqual([
      'permissions-management role-admins',
      'permissions-management u1',
    ]);
    expect(finding(result, 'permissions-management', 'role-admins').title).toBe(
      'group role-admins can grant any permission to 1 other principal, e.g. role app — 2 members: u1, u2',
    );
  });

  it('privilege-escalation: on the group that gives its members the method, members with their own grant still reported', async () => {
    const result = await scan({
      users: [
        user('alice', { managed: [ADMIN_ARN] }),
        user('m1', { groups: ['support'] }),
        user('m2', { groups: ['support'], inline: { own: accessKeys } }),
      ],
      groups: [group('support', { inline: { keys: accessKeys } })],
      policies: [ADMIN],
    });
    expect(flagged(result, 'privilege-escalation').sort()).toEqual([
      'privilege-escalation m2',
      'privilege-escalation support',
    ]);
    const f = finding(result, 'privilege-escalation', 'support');
    expect(f.title).toBe('group support can become administrator via user alice in 1 step — 2 members: m1, m2');
    // Its members are users with long-lived credentials, as a member's own finding would be.
    expect(f.severity).toBe('critical');
  });

  it('privilege-escalation: a group whose members can each write their own policy is reported once, on the group', async () => {
    const result = await scan({
      users: [user('x', { groups: ['self-service'] }), user('y', { groups: ['self-service'] })],
      groups: [group('self-service', { inline: { w: doc(allow('iam:PutUserPolicy')) } })],
    });
    expect(flagged(result, 'privilege-escalation')).toEqual(['privilege-escalation self-service']);
    const f = finding(result, 'privilege-escalation', 'self-service');
    expect(f.title).toBe(
      'group self-service lets its members become administrator (it can grant itself any permission) in 1 step — 2 members: x, y',
    );
    expect(f.evidence[0]!.summary).toBe("each member's path, e.g. user x's:");
    // Reported as an escalation, so not again as empowering others.
    expect(flagged(result, 'permissions-management')).toEqual([]);
  });
});
