import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finding, scanInput, tempDir } from '../../test/support/findings.js';
import { StateError } from '../errors.js';
import { checkState } from './check.js';
import { StateStore } from './store.js';
import { emptyState, SCHEMA_VERSION } from './types.js';

const admin = finding('admin-access', 'deploy');
const trust = finding('open-trust', 'partner');
const by = { id: 'alice', via: 'cli' } as const;

async function stateFile(content?: string): Promise<string> {
  const file = join(await tempDir(), 'state.json');
  if (content !== undefined) await writeFile(file, content);
  return file;
}

async function openError(file: string): Promise<StateError> {
  const error = await StateStore.open(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StateError);
  return error as StateError;
}

describe('the state store', () => {
  it('starts empty, writes on the first recorded scan and reads it back', async () => {
    const file = await stateFile();
    const store = await StateStore.open(file);
    expect(store.scans()).toEqual([]);
    await store.recordScan(scanInput([admin], '2026-01-01T06:00:00Z'));
    const again = await StateStore.open(file);
    expect(again.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(again.finding(admin.id)).toMatchObject({ status: 'open', ruleId: 'admin-access' });
    expect(again.scans().map((s) => s.baseline)).toEqual([true]);
  });

  it('migrates a version-1 file: it gains an empty Jira outbox and keeps its Jira links', async () => {
    const v1 = { ...emptyState(), schemaVersion: 1 } as Record<string, unknown>;
    delete v1.jiraOutbox;
    const file = await stateFile(JSON.stringify(v1));
    const store = await StateStore.open(file);
    expect(store.migratedFrom).toBe(1);
    expect(store.data.jiraOutbox).toEqual([]);
    await store.recordScan(scanInput([admin], '2026-01-01T06:00:00Z'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ schemaVersion: SCHEMA_VERSION, jiraOutbox: [] });
  });

  it('migrates a version-3 file to 4: its fixes and approvals stay as they were, and new fix records fit', async () => {
    const actor = { id: 'U0DANA', via: 'slack' as const };
    const v3 = {
      ...emptyState(),
      schemaVersion: 3,
      approvals: [
        {
          id: 'apr-1',
          findingId: 'unused-role-1',
          requestedBy: actor,
          requestedAt: '2026-01-01T06:00:00.000Z',
          approver: 'U0ERIC',
          status: 'approved',
        },
      ],
      fixes: [
        {
          id: 'fix-1',
          findingId: 'unused-role-1',
          approvalId: 'apr-1',
          appliedBy: actor,
          appliedAt: '2026-01-01T07:00:00.000Z',
          summary: 'quarantine role old-ci',
          previous: { tags: {} },
          status: 'verified',
        },
      ],
    };
    const file = await stateFile(JSON.stringify(v3));
    const store = await StateStore.open(file);
    expect(store.migratedFrom).toBe(3);
    expect(store.data.fixes).toEqual(v3.fixes);
    expect(store.data.approvals).toEqual(v3.approvals);
    await store.update((data) => {
      data.fixes.push({ ...v3.fixes[0]!, id: 'fix-2', status: 'aborted', error: 'drift', calls: [] });
    });
    const written = JSON.parse(await readFile(file, 'utf8')) as { schemaVersion: number; fixes: unknown[] };
    expect(written.schemaVersion).toBe(SCHEMA_VERSION);
    expect(written.fixes).toHaveLength(2);
  });

  it('migrates a version-4 file to 5: it gains empty channel digests, and approval threads keep their messages', async () => {
    const v4 = {
      ...emptyState(),
      schemaVersion: 4,
      approvals: [
        {
          id: 'apr-1',
          findingId: 'unused-role-1',
          requestedBy: by,
          requestedAt: '2026-01-01T06:00:00.000Z',
          approver: 'U0ERIC',
          status: 'pending',
          threads: [{ channel: 'D0ERIC', ts: '1700000000.000001', role: 'approver' }],
        },
      ],
    } as Record<string, unknown>;
    delete v4.channelDigests;
    const file = await stateFile(JSON.stringify(v4));
    const store = await StateStore.open(file);
    expect(store.migratedFrom).toBe(4);
    expect(store.data.channelDigests).toEqual([]);
    expect(store.data.approvals).toEqual(v4.approvals);
    await store.update((data) => {
      data.channelDigests.push({
        channel: 'C0DIGEST',
        accountId: '123456789012',
        at: '2026-01-02T06:00:00.000Z',
        findingIds: [admin.id],
        ts: '1700000000.000009',
      });
    });
    const written = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({
      schemaVersion: 5,
      channelDigests: [{ channel: 'C0DIGEST', ts: '1700000000.000009' }],
    });
    expect(await checkState(file)).toMatchObject({ status: 'ok', problems: [] });
  });

  it('refuses a corrupt file with its path and a hint, and leaves it byte for byte as it was', async () => {
    const text = '{"schemaVersion":1,"scans":[{"id":';
    const file = await stateFile(text);
    const error = await openError(file);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/is not valid JSON/);
    expect(error.hint).toMatch(/rightsize state check/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('refuses a file written by a newer Rightsize and JSON that is not state', async () => {
    const newer = await stateFile(JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1 }));
    expect((await openError(newer)).message).toMatch(
      new RegExp(`written by a newer Rightsize \\(schema version ${SCHEMA_VERSION + 1}`),
    );
    expect((await openError(await stateFile('[1,2]'))).message).toMatch(/not a JSON object/);
    expect((await openError(await stateFile('{"findings": []}'))).message).toMatch(/"findings" is not a map/);
  });

  it('says why a path it cannot read is unusable', async () => {
    const dir = join(await tempDir(), 'a-directory');
    await mkdir(dir);
    expect((await openError(dir)).message).toMatch(/cannot be read: EISDIR/);
  });

  it('migrates a file without a schema version (e.g. `{}`) and writes it back current', async () => {
    const file = await stateFile('{}');
    const store = await StateStore.open(file);
    expect(store.migratedFrom).toBe(0);
    await store.recordScan(scanInput([admin], '2026-01-01T06:00:00Z'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ schemaVersion: SCHEMA_VERSION, mutes: {} });
  });

  it('serialises concurrent updates in one process: none is lost', async () => {
    const file = await stateFile();
    const store = await StateStore.open(file);
    await store.recordScan(scanInput([admin, trust], '2026-01-01T06:00:00Z'));
    const now = new Date('2026-01-01T07:00:00Z');
    const until = new Date('2026-02-01T00:00:00Z');
    await Promise.all([
      store.mute({ finding: admin.id, by, reason: 'one', until, now }),
      store.recordScan(scanInput([admin, trust], '2026-01-01T08:00:00Z')),
      store.mute({ finding: trust.id, by, reason: 'two', until, now }),
      store.recordScan(scanInput([admin], '2026-01-01T09:00:00Z')),
    ]);
    const onDisk = await StateStore.open(file);
    expect(Object.keys(onDisk.data.mutes).sort()).toEqual([admin.id, trust.id].sort());
    expect(onDisk.scans()).toHaveLength(3);
    expect(onDisk.finding(trust.id).status).toBe('resolved');
  });

  it('re-reads the file before an update when another process changed it (a mute while the scheduler runs)', async () => {
    const file = await stateFile();
    const scheduler = await StateStore.open(file);
    await scheduler.recordScan(scanInput([admin, trust], '2026-01-01T06:00:00Z'));
    const cli = await StateStore.open(file);
    await cli.mute({
      finding: trust.id,
      by,
      reason: 'accepted',
      until: new Date('2026-02-01T00:00:00Z'),
      now: new Date('2026-01-01T07:00:00Z'),
    });
    const diff = await scheduler.recordScan(scanInput([admin, trust], '2026-01-02T06:00:00Z'));
    expect(diff.muted.map((f) => f.id)).toEqual([trust.id]);
    expect((await StateStore.open(file)).data.mutes[trust.id]?.reason).toBe('accepted');
  });

  it('stops updating when the file became corrupt under it, without writing', async () => {
    const file = await stateFile();
    const store = await StateStore.open(file);
    await store.recordScan(scanInput([admin], '2026-01-01T06:00:00Z'));
    await writeFile(file, 'garbage');
    await expect(store.recordScan(scanInput([admin], '2026-01-02T06:00:00Z'))).rejects.toThrow(StateError);
    expect(await readFile(file, 'utf8')).toBe('garbage');
  });

  it('finds a finding by an unambiguous id prefix and explains unknown and ambiguous ones', async () => {
    const store = await StateStore.open(await stateFile());
    await store.recordScan(scanInput([admin, finding('admin-access', 'other')], '2026-01-01T06:00:00Z'));
    expect(store.finding(admin.id.slice(0, 18)).id).toBe(admin.id);
    expect(() => store.finding('admin-access-')).toThrow(/matches 2 findings/);
    expect(() => store.finding('nope-123')).toThrow(/no finding nope-123 in the state/);
  });
});
