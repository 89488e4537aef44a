import { describe, expect, it } from 'vitest';
import { ACCOUNT, allow, authorizationDetails, doc, role, snapshotDir, user } from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import { advisorReport, lookupEvent, usageFixture, usageFixtureOf } from '../../test/support/usage.js';
import { SnapshotError } from '../errors.js';
import { loadSnapshot } from '../snapshot/index.js';
import { principalInsights } from './insights.js';

const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const USER = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

const lakeRow = (columns: Record<string, string>) => Object.entries(columns).map(([k, v]) => ({ [k]: v }));

describe('the usage model', () => {
  it('merges access advisor, CloudTrail and RoleLastUsed, and judges use inside the window only', async () => {
    const f = await usageFixture({
      authorizationDetails: authorizationDetails({
        roles: [
          role('app', { inline: { p: doc(allow(['s3:*', 'ec2:*', 'backup:*'])) }, lastUsed: '2026-11-19T08:00:00Z' }),
        ],
      }),
      lastAccessed: {
        [ROLE('app')]: advisorReport([
          {
            namespace: 's3',
            last: '2026-11-01T10:00:00Z',
            tracked: { ListAllMyBuckets: '2026-11-01T10:00:00Z', CreateBucket: undefined },
          },
          { namespace: 'backup', last: '2026-05-01T10:00:00Z' },
          { namespace: 'ec2', last: '2026-11-19T08:00:00Z' },
        ]),
      },
      events: {
        Events: [
          lookupEvent({
            time: '2026-11-19T08:00:00Z',
            source: 'ec2.amazonaws.com',
            name: 'DescribeVpcs',
            principalArn: ROLE('app'),
            role: true,
          }),
          lookupEvent({
            time: '2026-11-18T08:00:00Z',
            source: 'ec2.amazonaws.com',
            name: 'TerminateInstances',
            principalArn: ROLE('app'),
            role: true,
            errorCode: 'Client.UnauthorizedOperation',
          }),
        ],
      },
    });
    const usage = f.model.usageOf(ROLE('app'));
    expect(usage.actions.map((a) => [a.action, a.sources])).toEqual([
      ['ec2:DescribeVpcs', ['cloudtrail']],
      ['s3:ListAllMyBuckets', ['access-advisor']],
    ]);
    expect(usage.services.map((s) => [s.service, s.lastUsed?.slice(0, 10), s.actionLevel])).toEqual([
      ['backup', undefined, false],
      ['ec2', '2026-11-19', true],
      ['s3', '2026-11-01', true],
    ]);
    expect(usage.deniedEvents).toBe(1);
    expect(usage.lastActivity).toEqual({ date: '2026-11-19T08:00:00.000Z', source: 'access-advisor' });
    const insights = principalInsights(f.engine, f.principal('app'), f.model, f.highRisk);
    expect(insights.services.find((s) => s.service === 'backup')).toMatchObject({
      detail: 'unused',
      lastSeen: '2026-05-01T10:00:00.000Z',
    });
    expect(insights.used).toEqual({ actions: 2, services: 2 });
    expect(insights.shareUsed.services).toBeCloseTo(2 / 3, 3);
    expect(insights.unusedHighRisk.map((r) => r.action)).toContain('ec2:GetPasswordData');
    expect(insights.unusedHighRisk.map((r) => r.action)).toContain('s3:GetObject');
    expect(insights.window).toEqual({ days: 90, start: '2026-08-22T12:00:00.000Z', end: '2026-11-20T12:00:00.000Z' });
  });

  it('reads CloudTrail Lake rows, mapping session ARNs to their role', async () => {
    const dir = await snapshotDir({
      'authorization-details.json': authorizationDetails({
        roles: [role('etl', { inline: { p: doc(allow('s3:*')) } })],
        users: [user('ann', { inline: { p: doc(allow('s3:*')) } })],
      }),
      'snapshot.json': { accountId: ACCOUNT, collectedAt: '2026-11-20T12:00:00Z' },
      'cloudtrail-lake.json': {
        QueryStatus: 'FINISHED',
        QueryResultRows: [
          lakeRow({
            eventTime: '2026-11-02 10:00:00.000',
            eventSource: 's3.amazonaws.com',
            eventName: 'ListObjects',
            principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/etl/job-42`,
            resources: `[{accountId=${ACCOUNT}, type=AWS::S3::Bucket, arn=arn:aws:s3:::raw-data}]`,
          }),
          lakeRow({
            eventTime: '2026-11-03T10:00:00Z',
            eventSource: 's3.amazonaws.com',
            eventName: 'HeadObject',
            'userIdentity.arn': USER('ann'),
          }),
        ],
      },
    });
    const snapshot = await loadSnapshot(dir);
    expect(snapshot.lakeEvents).toHaveLength(2);
    const f = usageFixtureOf(snapshot, await realEngine());
    expect(f.model.usageOf(ROLE('etl')).actions).toMatchObject([
      {
        action: 's3:ListBucket',
        sources: ['cloudtrail-lake'],
        resourceArns: ['arn:aws:s3:::raw-data'],
        resourcesComplete: true,
      },
    ]);
    expect(f.model.usageOf(USER('ann')).actions.map((a) => a.action)).toEqual(['s3:GetObject']);
    expect(f.model.sources.map((s) => s.source)).toContain('cloudtrail-lake');
  });

  it('refuses Lake results of a query that did not finish, and rows without the needed columns', async () => {
    const load = async (lake: unknown) =>
      loadSnapshot(
        await snapshotDir({ 'authorization-details.json': authorizationDetails({}), 'cloudtrail-lake.json': lake }),
      ).catch((e: unknown) => e);
    const running = await load({ QueryStatus: 'RUNNING', QueryResultRows: [] });
    expect(running).toBeInstanceOf(SnapshotError);
    expect((running as SnapshotError).message).toMatch(
      /cloudtrail-lake\.json at \$\.QueryStatus: the query is RUNNING/,
    );
    const partial = await load({ QueryResultRows: [lakeRow({ eventName: 'GetObject' })] });
    expect((partial as SnapshotError).message).toMatch(/\$\.QueryResultRows\[0\]: a row needs the columns eventTime/);
  });
});
