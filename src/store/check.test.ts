import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finding, scanInput, tempDir } from '../../test/support/findings.js';
import { checkState, repairState } from './check.js';
import { applyScan } from './lifecycle.js';
import { StateStore } from './store.js';
import { emptyState, SCHEMA_VERSION } from './types.js';

const now = new Date('2026-03-01T00:00:00Z');
const actor = { id: 'ops', via: 'cli' } as const;
const admin = finding('admin-access', 'deploy');
const trust = finding('open-trust', 'partner');

async function stateWithProblems(): Promise<string> {
  const state = emptyState();
  applyScan(state, scanInput([admin, trust], '2026-01-01T06:00:00Z'));
  (state.findings[admin.id] as { severity: string }).severity = 'severe';
  state.mutes['gone-123'] = {
    findingId: 'gone-123',
    by: actor,
    reason: 'r',
    at: now.toISOString(),
    until: now.toISOString(),
  };
  const file = join(await tempDir(), 'state.json');
  await writeFile(file, JSON.stringify(state));
  return file;
}

describe('state check', () => {
  it('says a valid file is ok and counts its records', async () => {
    const file = join(await tempDir(), 'state.json');
    await (await StateStore.open(file)).recordScan(scanInput([admin], '2026-01-01T06:00:00Z'));
    const check = await checkState(file);
    expect(check).toMatchObject({ status: 'ok', problems: [], schemaVersion: SCHEMA_VERSION });
    expect(check.counts).toMatchObject({ findings: 1, scans: 1, audit: 1, mutes: 0 });
  });

  it('lists each bad record with its path and what is wrong, without changing the file', async () => {
    const file = await stateWithProblems();
    const before = await readFile(file, 'utf8');
    const check = await checkState(file);
    expect(check.status).toBe('problems');
    expect(check.problems).toEqual([
      { path: `findings["${admin.id}"].severity`, message: expect.stringMatching(/expected one of "critical"/) },
      { path: 'mutes["gone-123"]', message: 'refers to unknown finding "gone-123"' },
    ]);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('calls a file that is not JSON unusable and notices a write that was interrupted', async () => {
    const file = join(await tempDir(), 'state.json');
    await writeFile(file, '{"scans": [');
    await writeFile(join(dirname(file), `.${basename(file)}.tmp`), '{"half');
    const check = await checkState(file);
    expect(check.status).toBe('unusable');
    expect(check.unusable).toMatch(/is not valid JSON/);
    expect(check.leftoverTempFiles).toEqual([expect.stringMatching(/\.state\.json\.tmp$/)]);
  });
});

describe('state repair', () => {
  it('drops the bad records, keeps a copy of the original and audits the repair', async () => {
    const file = await stateWithProblems();
    const before = await readFile(file, 'utf8');
    const repair = await repairState(file, now, actor);
    expect(repair.actions).toEqual([
      expect.stringMatching(new RegExp(`^dropped findings\\["${admin.id}"\\] \\(severity: `)),
      'dropped mutes["gone-123"] (refers to unknown finding "gone-123")',
    ]);
    expect(await readFile(repair.backup!, 'utf8')).toBe(before);
    expect((await checkState(file)).status).toBe('ok');
    const store = await StateStore.open(file);
    expect(Object.keys(store.data.findings)).toEqual([trust.id]);
    expect(store.data.audit.at(-1)).toMatchObject({ action: 'repair', actor });
  });

  it('sets an unparsable file aside and starts an empty state', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    await writeFile(file, 'not json');
    const repair = await repairState(file, now, actor);
    expect(repair.actions[0]).toMatch(/is not valid JSON.*moved it to .*state\.json\.corrupt-2026-03-01T00-00-00-000Z/);
    expect(await readFile(repair.backup!, 'utf8')).toBe('not json');
    expect((await StateStore.open(file)).data.findings).toEqual({});
    expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.json.corrupt-2026-03-01T00-00-00-000Z']);
  });

  it('has nothing to do for a valid file', async () => {
    const file = join(await tempDir(), 'state.json');
    await (await StateStore.open(file)).recordScan(scanInput([admin], '2026-01-01T06:00:00Z'));
    expect((await repairState(file, now, actor)).actions).toEqual([]);
  });
});
