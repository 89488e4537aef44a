import { mkdir, readdir, readFile, rmdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finding, scanInput, tempDir } from '../../test/support/findings.js';
import { StateError } from '../errors.js';
import { StateStore } from './store.js';

const admin = finding('admin-access', 'deploy');
const trust = finding('open-trust', 'partner');
const by = { id: 'alice', via: 'cli' } as const;
const now = new Date('2026-01-02T00:00:00Z');
const until = new Date('2026-02-01T00:00:00Z');

async function recorded(): Promise<string> {
  const file = join(await tempDir(), 'state.json');
  await (await StateStore.open(file)).recordScan(scanInput([admin, trust], '2026-01-01T06:00:00Z'));
  return file;
}

describe('writing the state file under its lock', () => {
  it('applies each change to what the file holds at the time, so two stores opened together lose nothing', async () => {
    const file = await recorded();
    const first = await StateStore.open(file);
    const second = await StateStore.open(file);
    await Promise.all([
      first.mute({ finding: admin.id, by, reason: 'accepted', until, now }),
      second.mute({ finding: trust.id, by, reason: 'partner', until, now }),
    ]);
    const after = await StateStore.open(file);
    expect(Object.keys(after.data.mutes).sort()).toEqual([admin.id, trust.id].sort());
    expect(after.data.audit.filter((a) => a.action === 'mute')).toHaveLength(2);
    expect(await readdir(join(file, '..'))).toEqual(['state.json']);
  });

  it('takes over a lock that a stopped process left behind', async () => {
    const file = await recorded();
    await mkdir(`${file}.lock`);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, longAgo, longAgo);
    const store = await StateStore.open(file);
    await store.mute({ finding: admin.id, by, reason: 'accepted', until, now });
    expect((await StateStore.open(file)).data.mutes[admin.id]?.reason).toBe('accepted');
    await expect(stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('waits for a live lock, then fails saying so and changes nothing', async () => {
    const file = await recorded();
    const before = await readFile(file, 'utf8');
    await mkdir(`${file}.lock`);
    const store = await StateStore.open(file, { lockTiming: { waitMs: 300, staleMs: 10_000 } });
    const error = await store.mute({ finding: admin.id, by, reason: 'accepted', until, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).message).toMatch(
      /state\.json: is being written by another process \(lock .*state\.json\.lock held for more than 0.3 s\); nothing was changed/,
    );
    expect((error as StateError).hint).toMatch(/taken over after 10 s/);
    expect(await readFile(file, 'utf8')).toBe(before);
    // The next update, once the lock is free, works from the file, not from the failed attempt.
    await rmdir(`${file}.lock`);
    await store.mute({ finding: trust.id, by, reason: 'partner', until, now });
    expect(Object.keys((await StateStore.open(file)).data.mutes)).toEqual([trust.id]);
  });
});
