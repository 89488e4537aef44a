import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  allow,
  authorizationDetails,
  deny,
  doc,
  group,
  role,
  user,
  ADMINISTRATOR_ACCESS,
} from '../../test/support/builders.js';
import { advisorReport, lookupEvent, usageFixture, verifyEveryPrincipal } from '../../test/support/usage.js';
import type { Statement } from '../iam/index.js';
import { suggestionDiff } from './diff.js';
import { packStatements } from './split.js';
import { policySize } from './policy-json.js';
import { verifySuggestion } from './verify.js';

const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const USER = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const RECENT = '2026-11-10T10:00:00Z';

function events(principalArn: string, calls: [source: string, name: string][], extra: { role?: boolean } = {}) {
  return { Events: calls.map(([source, name]) => lookupEvent({ time: RECENT, source, name, principalArn, ...extra })) };
}

const allowedActions = (statements: readonly Statement[]) =>
  statements.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action ?? []);

describe('the suggested policy', () => {
  it('keeps every used action, drops the rest, and keeps explicit Denies', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        roles: [
          role('app', {
            inline: {
              broad: doc(allow(['s3:*', 'iam:*', 'ec2:Describe*'])),
              guard: doc(deny('s3:DeleteBucket')),
            },
          }),
          role('other'),
        ],
      }),
      events: {
        Events: [
          ...events(
            ROLE('app'),
            [
              ['s3.amazonaws.com', 'ListObjectsV2'],
              ['ec2.amazonaws.com', 'DescribeInstances'],
            ],
            { role: true },
          ).Events,
          // The trail records S3 data events: app's unused GetObject is known to be unused.
          lookupEvent({
            time: RECENT,
            source: 's3.amazonaws.com',
            name: 'GetObject',
            principalArn: ROLE('other'),
            role: true,
          }),
        ],
      },
    });
    const s = f.suggest('app');
    expect(s.verdict).toBe('downsize');
    const statements = s.policies.flatMap((p) => p.document.Statement);
    expect(allowedActions(statements)).toEqual(['ec2:DescribeInstances', 's3:ListBucket']);
    expect(statements).toContainEqual({ Effect: 'Deny', Action: ['s3:DeleteBucket'], Resource: ['*'] });
    expect(s.kept.denyStatements).toBe(1);
    expect(s.removed.services).toEqual(['iam']);
    expect(s.removed.highRisk.map((r) => r.action)).toContain('iam:PassRole');
    expect(verifySuggestion(f.engine, f.principal('app'), s, f.model)).toMatchObject({ ok: true, checked: 2 });
  });

  it('verification fails when a used action would be denied', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({ roles: [role('app', { inline: { p: doc(allow('ec2:*')) } })] }),
      events: events(
        ROLE('app'),
        [
          ['ec2.amazonaws.com', 'DescribeVpcs'],
          ['ec2.amazonaws.com', 'DescribeInstances'],
        ],
        { role: true },
      ),
    });
    const s = f.suggest('app');
    const document = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow' as const, Action: ['ec2:DescribeVpcs'], Resource: ['*'] }],
    };
    const tampered = { ...s, policies: [{ ...s.policies[0]!, document }] };
    expect(verifySuggestion(f.engine, f.principal('app'), tampered, f.model)).toEqual({
      ok: false,
      checked: 2,
      failures: [
        { action: 'ec2:DescribeInstances', resource: 'any', today: 'allow', suggested: 'not allowed on any resource' },
      ],
    });
  });

  it('keeps the conditions and NotResource of the statements it came from', async () => {
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } };
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        users: [
          user('ops', {
            inline: {
              p: doc(allow(['ec2:StopInstances', 'ec2:TerminateInstances'], '*', { Condition: mfa }), {
                Effect: 'Allow',
                Action: ['sns:Publish', 'sns:CreateTopic'],
                NotResource: 'arn:aws:sns:*:*:billing-*',
              }),
            },
          }),
        ],
      }),
      events: events(USER('ops'), [
        ['ec2.amazonaws.com', 'StopInstances'],
        ['sns.amazonaws.com', 'Publish'],
      ]),
    });
    const s = f.suggest('ops');
    const statements = s.policies.flatMap((p) => p.document.Statement);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['ec2:StopInstances'], Resource: ['*'], Condition: mfa },
      { Effect: 'Allow', Action: ['sns:Publish'], NotResource: ['arn:aws:sns:*:*:billing-*'] },
    ]);
    expect(s.kept.conditionalStatements).toBe(1);
  });

  it('keeps the data-plane actions of a used service when the events cannot show them', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        roles: [role('worker', { inline: { p: doc(allow(['logs:*'])) } })],
      }),
      events: events(ROLE('worker'), [['logs.amazonaws.com', 'CreateLogStream']], { role: true }),
    });
    const s = f.suggest('worker');
    expect(allowedActions(s.policies.flatMap((p) => p.document.Statement))).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(s.notes.find((n) => n.kind === 'data-events-unrecorded')?.actions).toEqual(['logs:PutLogEvents']);
  });

  it('handles service-level-only data conservatively: the whole provisioned service stays', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        roles: [role('etl', { inline: { p: doc(allow(['glue:GetTable', 'glue:CreateTable', 'athena:*'])) } })],
      }),
      // Access advisor saw glue used but tracks no glue actions; nothing says which ones.
      lastAccessed: { [ROLE('etl')]: advisorReport([{ namespace: 'glue', last: RECENT }, { namespace: 'athena' }]) },
    });
    const insights = (await import('../usage/insights.js')).principalInsights(
      f.engine,
      f.principal('etl'),
      f.model,
      f.highRisk,
    );
    expect(insights.services.find((x) => x.service === 'glue')).toMatchObject({
      detail: 'service-only',
      usedActions: 0,
    });
    const s = f.suggest('etl');
    expect(s.verdict).toBe('downsize');
    expect(allowedActions(s.policies.flatMap((p) => p.document.Statement))).toEqual([
      'glue:CreateTable',
      'glue:GetTable',
    ]);
    expect(s.removed.services).toEqual(['athena']);
    expect(s.confidence).toBe('low');
    expect(s.notes.map((n) => n.kind)).toContain('service-level-only');
    expect(verifySuggestion(f.engine, f.principal('etl'), s, f.model)).toMatchObject({ ok: true, checked: 2 });
  });

  it('writes a service wildcard only when nearly all of it is used and it adds no high-risk action', async () => {
    const catalog = (await usageFixture({ authorizationDetails: authorizationDetails({}) })).engine.catalog;
    const service = catalog.service('cloudshell')!;
    const all = catalog.actionsOf(service).map((a) => a.name);
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        roles: [role('shell', { inline: { p: doc(allow(['cloudshell:*', 's3:*'])) } })],
      }),
      events: {
        Events: [
          ...all.map((name) =>
            lookupEvent({
              time: RECENT,
              source: 'cloudshell.amazonaws.com',
              name,
              principalArn: ROLE('shell'),
              role: true,
            }),
          ),
          // All of S3 but GetObject (data exfiltration): the wildcard would add it.
          ...catalog
            .actionsOf(catalog.service('s3')!)
            .filter((a) => a.name !== 'GetObject')
            .map((a) =>
              lookupEvent({
                time: RECENT,
                source: 's3.amazonaws.com',
                name: a.name,
                principalArn: ROLE('shell'),
                role: true,
              }),
            ),
        ],
      },
    });
    const s = f.suggest('shell');
    const actions = allowedActions(s.policies.flatMap((p) => p.document.Statement));
    expect(actions).toContain('cloudshell:*');
    expect(actions).not.toContain('s3:*');
    expect(actions).not.toContain('s3:GetObject');
    expect(s.kept.serviceWildcards).toEqual(['cloudshell']);
  });

  it('scopes Resource "*" to the resources usage shows', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        roles: [role('reader', { inline: { p: doc(allow(['s3:GetObject', 's3:ListBucket'])) } })],
      }),
      events: {
        Events: [
          lookupEvent({
            time: RECENT,
            source: 's3.amazonaws.com',
            name: 'GetObject',
            principalArn: ROLE('reader'),
            role: true,
            resources: [{ type: 'AWS::S3::Bucket', name: 'reports' }],
          }),
          lookupEvent({
            time: RECENT,
            source: 's3.amazonaws.com',
            name: 'ListObjects',
            principalArn: ROLE('reader'),
            role: true,
            resources: [{ type: 'AWS::S3::Bucket', name: 'reports' }],
          }),
        ],
      },
    });
    const s = f.suggest('reader');
    expect(s.policies[0]!.document.Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::reports/*'] },
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::reports'] },
    ]);
    expect(s.kept.scopedActions).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(verifySuggestion(f.engine, f.principal('reader'), s, f.model).ok).toBe(true);
  });

  it('splits into several managed policies when one would pass the 6,144-character limit', async () => {
    const f0 = await usageFixture({ authorizationDetails: authorizationDetails({}) });
    const ec2 = f0.engine.catalog.service('ec2')!;
    const used = f0.engine.catalog
      .actionsOf(ec2)
      .slice(0, 400)
      .map((a) => a.name);
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({ users: [user('builder', { inline: { p: doc(allow('ec2:*')) } })] }),
      events: {
        Events: used.map((name) =>
          lookupEvent({ time: RECENT, source: 'ec2.amazonaws.com', name, principalArn: USER('builder') }),
        ),
      },
    });
    const s = f.suggest('builder');
    expect(s.policies.length).toBeGreaterThan(1);
    for (const p of s.policies) {
      expect(p.size).toBeLessThanOrEqual(6144);
      expect(JSON.stringify(p.document).replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
    }
    expect(s.policies.map((p) => p.name)).toEqual(s.policies.map((_, i) => `rightsize-user-builder-${i + 1}`));
    expect(allowedActions(s.policies.flatMap((p) => p.document.Statement))).toHaveLength(400);
    expect(verifySuggestion(f.engine, f.principal('builder'), s, f.model)).toMatchObject({ ok: true, checked: 400 });
  });

  it('packs statements first-fit and cuts one that is too big on its own', () => {
    const statement: Statement = {
      Effect: 'Allow',
      Action: Array.from({ length: 50 }, (_, i) => `ec2:Action${i}`),
      Resource: ['*'],
      Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
    };
    const documents = packStatements([statement, { Effect: 'Deny', Action: ['iam:*'], Resource: ['*'] }], 400);
    expect(documents.length).toBeGreaterThan(2);
    for (const d of documents) expect(policySize(d)).toBeLessThanOrEqual(400);
    const parts = documents.flatMap((d) => d.Statement).filter((s) => s.Effect === 'Allow');
    expect(parts.flatMap((s) => s.Action)).toEqual(statement.Action);
    for (const part of parts) expect(part.Condition).toEqual(statement.Condition);
  });

  it('suggests remove / quarantine, with the reason, when nothing was used — never an empty Allow', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        roles: [role('forgotten', { inline: { p: doc(allow('s3:*')) }, lastUsed: '2026-03-01T00:00:00Z' })],
      }),
      lastAccessed: { [ROLE('forgotten')]: advisorReport([{ namespace: 's3', last: '2026-03-01T00:00:00Z' }]) },
      events: { Events: [] },
    });
    const s = f.suggest('forgotten');
    expect(s.verdict).toBe('remove');
    expect(s.explanation).toMatch(/nothing used in the last 90 days \(last used 2026-03-01/);
    expect(s.explanation).toMatch(/Quarantine/);
    expect(s.policies).toHaveLength(1);
    expect(s.policies[0]!.document.Statement).toEqual([
      { Sid: 'RightsizeQuarantine', Effect: 'Deny', Action: ['*'], Resource: ['*'] },
    ]);
    expect(s.removed.services).toEqual(['s3']);
    expect(suggestionDiff(s)).toContain('+        "Effect": "Deny",');
  });

  it('makes no suggestion when no source says what the principal uses', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({ users: [user('unknown', { inline: { p: doc(allow('s3:*')) } })] }),
    });
    const s = f.suggest('unknown');
    expect(s.verdict).toBe('insufficient-data');
    expect(s.policies).toEqual([]);
    expect(s.explanation).toMatch(/what it uses is unknown/);
    expect(suggestionDiff(s)).toBe('');
  });

  it('leaves group policies to the group, and downsizes a group from its members’ use', async () => {
    const admin = ADMINISTRATOR_ACCESS;
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        users: [user('ann', { groups: ['admins'] }), user('ben', { groups: ['admins'] })],
        groups: [group('admins', { managed: [admin.Arn] })],
        policies: [admin],
      }),
      events: {
        Events: [
          lookupEvent({ time: RECENT, source: 'iam.amazonaws.com', name: 'ListUsers', principalArn: USER('ann') }),
          lookupEvent({ time: RECENT, source: 'ec2.amazonaws.com', name: 'DescribeVpcs', principalArn: USER('ben') }),
        ],
      },
    });
    const ann = f.suggest('ann');
    expect(ann.verdict).toBe('unchanged');
    expect(ann.fromGroups?.groups).toEqual(['admins']);
    const admins = f.suggest('group/admins');
    expect(admins.verdict).toBe('downsize');
    expect(allowedActions(admins.policies.flatMap((p) => p.document.Statement))).toEqual([
      'ec2:DescribeVpcs',
      'iam:ListUsers',
    ]);
    expect(verifyEveryPrincipal(f).filter((v) => !v.verification.ok)).toEqual([]);
  });

  it('renders the diff as pretty JSON in AWS key order', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        roles: [role('app', { inline: { p: doc({ Resource: '*', Action: ['ec2:*'], Effect: 'Allow' }) } })],
      }),
      events: events(ROLE('app'), [['ec2.amazonaws.com', 'DescribeVpcs']], { role: true }),
    });
    const diff = suggestionDiff(f.suggest('app'));
    expect(diff).toContain('--- role/app today');
    expect(diff).toContain('+++ role/app suggested');
    expect(diff).toContain('-  "inline policy p": {');
    expect(diff).toContain('+  "managed policy rightsize-role-app": {');
    expect(diff).toContain('-        "Action": "ec2:*",');
    expect(diff).toContain('+        "Action": "ec2:DescribeVpcs",');
    expect(diff.indexOf('"Effect"')).toBeLessThan(diff.indexOf('"Action"'));
  });
});
