import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allow,
  authorizationDetails,
  doc,
  group,
  managedPolicy,
  role,
  snapshotDir,
  urlEncoded,
  user,
} from '../../test/support/builders.js';
import { SnapshotError } from '../errors.js';
import { loadSnapshot } from './load.js';
import { AccountIndex } from './principals.js';

const CSV_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

async function loadError(files: Record<string, unknown>): Promise<SnapshotError> {
  const dir = await snapshotDir(files);
  const error = await loadSnapshot(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

describe('loading a snapshot directory', () => {
  it('merges all pages of GetAccountAuthorizationDetails and de-duplicates by ARN', async () => {
    const page1 = {
      ...authorizationDetails({ users: [user('alice')], roles: [role('app')] }),
      IsTruncated: true,
      Marker: 'm1',
    };
    const page2 = { ...authorizationDetails({ users: [user('bob'), user('alice')] }), IsTruncated: false };
    const snapshot = await loadSnapshot(await snapshotDir({ 'authorization-details.json': [page1, page2] }));
    expect(snapshot.authorizationDetails.users.map((u) => u.name)).toEqual(['alice', 'bob']);
    expect(snapshot.authorizationDetails.roles).toHaveLength(1);
    expect(snapshot.gaps.filter((g) => g.reason === 'incomplete')).toEqual([]);
  });

  it('says pages are missing when the last page is still truncated', async () => {
    const page = { ...authorizationDetails({ users: [user('alice')] }), IsTruncated: true, Marker: 'm1' };
    const snapshot = await loadSnapshot(await snapshotDir({ 'authorization-details.json': page }));
    expect(snapshot.gaps).toContainEqual(
      expect.objectContaining({ reason: 'incomplete', api: 'iam:GetAccountAuthorizationDetails' }),
    );
  });

  it('normalises URL-encoded documents, single statements and string elements everywhere', async () => {
    const details = authorizationDetails({
      roles: [
        role('app', {
          inline: { encoded: urlEncoded(doc(allow('s3:GetObject', 'arn:aws:s3:::b/*'))) },
          trust: urlEncoded({
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          }),
          managed: ['arn:aws:iam::123456789012:policy/Single'],
        }),
      ],
      policies: [managedPolicy('Single', urlEncoded({ Version: '2012-10-17', Statement: allow('sqs:SendMessage') }))],
    });
    const snapshot = await loadSnapshot(await snapshotDir({ 'authorization-details.json': details }));
    const app = snapshot.authorizationDetails.roles[0]!;
    expect(app.inlinePolicies[0]!.document.Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] },
    ]);
    expect(app.trustPolicy.Statement[0]!.Principal).toEqual({ Service: ['lambda.amazonaws.com'] });
    expect(snapshot.authorizationDetails.policies[0]!.document.Statement[0]!.Action).toEqual(['sqs:SendMessage']);
    expect(snapshot.problems).toEqual([]);
  });

  it('turns each missing optional file into a gap, and derives account and time when snapshot.json is absent', async () => {
    const snapshot = await loadSnapshot(
      await snapshotDir({ 'authorization-details.json': authorizationDetails({ users: [user('alice')] }) }),
    );
    expect(snapshot.accountId).toBe('123456789012');
    expect(Date.parse(snapshot.collectedAt)).not.toBeNaN();
    expect(snapshot.gaps.map((g) => g.source).sort()).toEqual([
      'cloudtrail-events.json',
      'credential-report.csv',
      'ec2-instances.json',
      'lambda-functions.json',
      'service-last-accessed.json',
    ]);
    expect(snapshot.credentialReport).toBeUndefined();
  });

  it('reads the credential report, turning N/A and no_information into absent values', async () => {
    const csv = [
      CSV_HEADER,
      '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T10:00:00+00:00,not_supported,not_supported,false,true,2021-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'alice,arn:aws:iam::123456789012:user/alice,2024-01-01T00:00:00+00:00,true,no_information,2024-01-02T00:00:00+00:00,N/A,true,true,2024-01-01T00:00:00+00:00,2026-11-19T08:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    ].join('\n');
    const snapshot = await loadSnapshot(
      await snapshotDir({ 'authorization-details.json': authorizationDetails({}), 'credential-report.csv': csv }),
    );
    const [root, alice] = snapshot.credentialReport!;
    expect(root).toMatchObject({
      isRoot: true,
      mfaActive: false,
      passwordEnabled: false,
      passwordLastUsed: '2026-11-01T10:00:00.000Z',
    });
    expect(root!.accessKeys[0]).toEqual({ active: true, lastRotated: '2021-01-01T00:00:00.000Z' });
    expect(alice).toMatchObject({ isRoot: false, passwordEnabled: true, mfaActive: true });
    expect(alice!.passwordLastUsed).toBeUndefined();
    expect(alice!.accessKeys[0]).toEqual({
      active: true,
      lastRotated: '2024-01-01T00:00:00.000Z',
      lastUsedDate: '2026-11-19T08:00:00.000Z',
      lastUsedRegion: 'us-east-1',
      lastUsedService: 's3',
    });
  });

  it('maps assumed-role CloudTrail events to the role, and EC2 zones to regions', async () => {
    const event = {
      eventTime: '2026-11-10T10:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'ListObjects',
      awsRegion: 'eu-west-1',
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::123456789012:assumed-role/app/session',
        sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/app' } },
      },
    };
    const snapshot = await loadSnapshot(
      await snapshotDir({
        'authorization-details.json': authorizationDetails({ roles: [role('app')] }),
        'cloudtrail-events.json': {
          Events: [
            {
              EventId: '1',
              EventName: 'ListObjects',
              EventTime: '2026-11-10T10:00:00Z',
              EventSource: 's3.amazonaws.com',
              ReadOnly: 'true',
              Resources: [{ ResourceType: 'AWS::S3::Bucket', ResourceName: 'b' }],
              CloudTrailEvent: JSON.stringify(event),
            },
          ],
        },
        'ec2-instances.json': {
          Reservations: [
            {
              Instances: [
                {
                  InstanceId: 'i-1',
                  State: { Name: 'running' },
                  Placement: { AvailabilityZone: 'eu-west-1b' },
                  MetadataOptions: { HttpTokens: 'optional' },
                  IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/app', Id: 'AIPA' },
                },
              ],
            },
          ],
        },
        'lambda-functions.json': {
          Functions: [
            {
              FunctionName: 'f',
              FunctionArn: 'arn:aws:lambda:us-west-2:123456789012:function:f',
              Role: 'arn:aws:iam::123456789012:role/app',
              FunctionUrlConfig: { AuthType: 'NONE' },
            },
          ],
        },
      }),
    );
    expect(snapshot.events![0]).toMatchObject({
      principalArn: 'arn:aws:iam::123456789012:role/app',
      readOnly: true,
      region: 'eu-west-1',
      resources: ['b'],
    });
    expect(snapshot.instances![0]).toMatchObject({
      region: 'eu-west-1',
      httpTokens: 'optional',
      instanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/app',
    });
    expect(snapshot.functions![0]).toMatchObject({ region: 'us-west-2', url: { authType: 'NONE' } });
  });

  it('reports a policy with Effect "Maybe" with the file and the JSON path, and keeps the rest', async () => {
    const details = authorizationDetails({
      users: [
        user('alice', {
          inline: { bad: doc(allow('s3:GetObject'), { Effect: 'Maybe', Action: 'iam:*', Resource: '*' }) },
        }),
      ],
    });
    const snapshot = await loadSnapshot(await snapshotDir({ 'authorization-details.json': details }));
    expect(snapshot.problems).toEqual([
      {
        level: 'error',
        file: 'authorization-details.json',
        path: '$.UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[1].Effect',
        message: 'Effect must be "Allow" or "Deny", got "Maybe"',
        subject: 'arn:aws:iam::123456789012:user/alice inline policy bad',
      },
    ]);
    expect(snapshot.authorizationDetails.users[0]!.inlinePolicies[0]!.document.Statement).toHaveLength(1);
  });

  it('reports a referenced managed policy or group missing from the snapshot as unknown permissions', async () => {
    const details = authorizationDetails({
      users: [user('alice', { managed: ['arn:aws:iam::aws:policy/Gone'], groups: ['ghosts'] })],
    });
    const snapshot = await loadSnapshot(await snapshotDir({ 'authorization-details.json': details }));
    expect(snapshot.problems.map((p) => p.message)).toEqual([
      expect.stringContaining(
        'arn:aws:iam::aws:policy/Gone, which is not in the snapshot: its permissions are unknown',
      ),
      expect.stringContaining('group ghosts, which is not in the snapshot'),
    ]);
  });

  it('names a managed policy from its ARN when PolicyName is left out (as moto does)', async () => {
    const { PolicyName: _name, ...unnamed } = managedPolicy('Deployers', doc(allow('s3:*')), {
      arn: 'arn:aws:iam::123456789012:policy/team/Deployers',
    });
    const snapshot = await loadSnapshot(
      await snapshotDir({ 'authorization-details.json': authorizationDetails({ policies: [unnamed] }) }),
    );
    expect(snapshot.authorizationDetails.policies.map((p) => `${p.name} ${p.path}`)).toEqual(['Deployers /']);
  });

  it('names the file, line and column of malformed JSON', async () => {
    const error = await loadError({
      'authorization-details.json': '{\n  "UserDetailList": [\n    {"UserName": "a",}\n  ]\n}',
    });
    expect(error.file).toMatch(/authorization-details\.json$/);
    expect(error.message).toMatch(/not valid JSON \(line 3, column \d+\)/);
  });

  it('names the file and JSON path of a value that is not the shape AWS produces', async () => {
    const error = await loadError({ 'authorization-details.json': { RoleDetailList: [{ RoleName: 'x', Arn: 42 }] } });
    expect(error.message).toMatch(
      /authorization-details\.json at \$\.RoleDetailList\[0\]\.Arn: expected a non-empty string, got 42$/,
    );
    const notAuth = await loadError({ 'authorization-details.json': { Reservations: [] } });
    expect(notAuth.message).toMatch(/expected the output of get-account-authorization-details/);
  });

  it('fails clearly when the directory or the required file is missing', async () => {
    await expect(loadSnapshot('/nonexistent/snapshot')).rejects.toThrow(
      /\/nonexistent\/snapshot: no such snapshot directory/,
    );
    const error = await loadError({ 'credential-report.csv': CSV_HEADER });
    expect(error.message).toMatch(/authorization-details\.json: the required file is missing/);
    expect(error.hint).toMatch(/get-account-authorization-details/);
  });

  it('names the row and column of a bad credential report value', async () => {
    const csv = `${CSV_HEADER}\nalice,arn:aws:iam::123456789012:user/alice,N/A,maybe,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
    const error = await loadError({
      'authorization-details.json': authorizationDetails({}),
      'credential-report.csv': csv,
    });
    expect(error.message).toBe(
      `${join(error.file)} at row 2, column password_enabled: expected true or false, got "maybe"`,
    );
  });
});

describe('the account index', () => {
  it("resolves a user's policies: inline, managed, its groups' and its boundary", async () => {
    const details = authorizationDetails({
      users: [
        user('alice', {
          inline: { own: doc(allow('s3:GetObject')) },
          managed: ['arn:aws:iam::123456789012:policy/Ops'],
          groups: ['devs'],
          boundary: 'arn:aws:iam::123456789012:policy/Cap',
        }),
      ],
      groups: [
        group('devs', { inline: { g: doc(allow('sqs:*')) }, managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
      ],
      policies: [
        managedPolicy('Ops', doc(allow('ec2:*'))),
        managedPolicy('Cap', doc(allow('*'))),
        managedPolicy('ReadOnlyAccess', doc(allow('s3:Get*')), { aws: true }),
      ],
    });
    const index = new AccountIndex(await loadSnapshot(await snapshotDir({ 'authorization-details.json': details })));
    const alice = index.find('alice');
    expect(alice.policies.identity.map((p) => `${p.kind}:${p.name}${p.viaGroup ? `@${p.viaGroup}` : ''}`)).toEqual([
      'inline:own',
      'managed:Ops',
      'inline:g@devs',
      'managed:ReadOnlyAccess@devs',
    ]);
    expect(alice.policies.boundary?.arn).toBe('arn:aws:iam::123456789012:policy/Cap');
    expect(index.find('group/devs').kind).toBe('group');
    expect(index.find('arn:aws:iam::123456789012:user/alice')).toBe(alice);
  });

  it('says which names exist when a principal is not found, and which match when ambiguous', async () => {
    const details = authorizationDetails({ users: [user('deploy')], roles: [role('deploy'), role('deployer')] });
    const index = new AccountIndex(await loadSnapshot(await snapshotDir({ 'authorization-details.json': details })));
    expect(() => index.find('deploy')).toThrow(/"deploy" names 2 principals: user\/deploy, role\/deploy/);
    expect(index.find('role/deploy').kind).toBe('role');
    expect(() => index.find('deplo')).toThrow(/no user, role or group "deplo"/);
  });
});
