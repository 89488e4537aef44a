import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  allow,
  authorizationDetails,
  doc,
  role,
  snapshotDir,
  user,
  ADMINISTRATOR_ACCESS as admin,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import { tempDir } from '../../test/support/findings.js';
import { SnapshotError } from '../errors.js';
import { RULES } from '../risks/rules/index.js';
import { DEFAULT_RULE_SETTINGS } from '../risks/settings.js';
import { StateStore } from '../store/index.js';
import { buildDigest } from './digest.js';
import { renderDigestText } from './digest-text.js';
import { ScanService } from './scan-service.js';
import { DirectorySnapshotSource } from './snapshot-source.js';

const actor = { id: 'tester', via: 'cli' } as const;
const ruleTitles = new Map(RULES.map((r) => [r.id, r.title]));

async function snapshot(parts: Parameters<typeof authorizationDetails>[0], meta?: unknown) {
  return new DirectorySnapshotSource(
    await snapshotDir({
      'authorization-details.json': authorizationDetails({ policies: [admin], ...parts }),
      ...(meta !== undefined && { 'snapshot.json': meta }),
    }),
  );
}

async function service() {
  const store = await StateStore.open(join(await tempDir(), 'state.json'));
  let clock = Date.parse('2026-11-20T06:00:00Z');
  const scans = new ScanService({
    store,
    engine: realEngine,
    settings: DEFAULT_RULE_SETTINGS,
    now: () => new Date((clock += 1000)),
  });
  return { store, scans };
}

const names = (records: { ruleId: string; resourceName: string }[]) =>
  records.map((r) => `${r.ruleId} ${r.resourceName}`).sort();

describe('the scan service', () => {
  it('records a baseline, then reports what is new, still open and resolved', async () => {
    const { store, scans } = await service();
    const first = await scans.scan({
      source: await snapshot({ users: [user('root-like', { managed: [ADMIN_ARN] })] }),
      actor,
    });
    expect(first.diff.baseline).toBe(true);
    expect(first.diff.scan).toMatchObject({ accountId: ACCOUNT, baseline: true, counts: { new: 0 } });
    const baseline = buildDigest(first, { groupBy: 'risk', minSeverity: 'low', ruleTitles });
    expect(renderDigestText(baseline)).toMatch(/baseline: first recorded scan, 2 open findings/);
    expect(renderDigestText(baseline)).toMatch(
      /Top open findings — 2\n {2}\[CRITICAL\] user root-like is a full admin/,
    );
    expect(renderDigestText(baseline)).not.toMatch(/^New/m);

    const second = await scans.scan({
      source: await snapshot({
        users: [user('root-like', { managed: [ADMIN_ARN] })],
        roles: [role('iam-admin', { inline: { iam: doc(allow('iam:*')) } })],
      }),
      actor,
    });
    expect(second.diff.baseline).toBe(false);
    expect(names(second.diff.new)).toContain('admin-access iam-admin');
    expect(second.diff.resolved).toEqual([]);

    const third = await scans.scan({
      source: await snapshot({ roles: [role('iam-admin', { inline: { iam: doc(allow('iam:*')) } })] }),
      actor,
    });
    expect(names(third.diff.resolved)).toEqual(['admin-access root-like', 'inline-or-direct-user-policy root-like']);
    const digest = buildDigest(third, { groupBy: 'risk', minSeverity: 'high', ruleTitles });
    expect(digest.counts).toMatchObject({ new: 0, resolved: 1, bySeverity: { critical: 0, medium: 0, low: 0 } });
    expect(digest.counts.open).toBe(digest.counts.bySeverity.high);
    expect(digest.groups[0]).toEqual({
      key: 'admin-access',
      label: 'Effective administrator access (admin-access)',
      open: 1,
      new: 0,
    });
    const text = renderDigestText(digest);
    expect(text).toMatch(/0 new · 0 reopened · 1 resolved · \d+ open · 0 muted \(high and worse\)/);
    expect(text).toMatch(/Resolved — 1\n {2}\[CRITICAL\] user root-like is a full administrator/);
    expect(store.scans().map((s) => s.baseline)).toEqual([false, false, true]);
  });

  it('keeps findings open when the snapshot says it could not read everything', async () => {
    const { scans } = await service();
    await scans.scan({ source: await snapshot({ users: [user('root-like', { managed: [ADMIN_ARN] })] }), actor });
    const partial = await scans.scan({
      source: await snapshot(
        { users: [] },
        {
          accountId: ACCOUNT,
          gaps: [{ source: 'authorization-details.json', reason: 'throttled', message: 'page 3 was throttled' }],
        },
      ),
      actor,
    });
    expect(partial.diff.resolved).toEqual([]);
    expect(names(partial.diff.unverified)).toEqual([
      'admin-access root-like',
      'inline-or-direct-user-policy root-like',
    ]);
    expect(partial.diff.scan.gaps).toContainEqual(
      expect.objectContaining({ source: 'authorization-details.json', reason: 'throttled' }),
    );
    const text = renderDigestText(buildDigest(partial, { groupBy: 'none', minSeverity: 'low', ruleTitles }));
    expect(text).toMatch(/2 findings not re-checked/);
    expect(text).toMatch(
      /Gaps \(data the scan could not read\)\n {2}- authorization-details\.json: page 3 was throttled/,
    );
  });

  it('refuses to record a snapshot of another account than the one configured', async () => {
    const { store, scans } = await service();
    const source = await snapshot({ users: [user('u')] });
    await expect(scans.scan({ source, expectedAccountId: '999999999999', actor })).rejects.toThrow(SnapshotError);
    await expect(scans.scan({ source, expectedAccountId: '999999999999', actor })).rejects.toThrow(
      /holds account 123456789012, not 999999999999/,
    );
    expect(store.scans()).toEqual([]);
  });

  it('refuses to record a snapshot whose account it cannot tell', async () => {
    const { scans } = await service();
    await expect(scans.scan({ source: await snapshot({}), actor })).rejects.toThrow(/cannot tell which account/);
  });
});
