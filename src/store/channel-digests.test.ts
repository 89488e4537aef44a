import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/findings.js';
import { checkState } from './check.js';
import { applyChannelDigest, findChannelDigest } from './channel-digests.js';
import { emptyState, type ChannelDigest } from './types.js';

const ACCOUNT = '123456789012';
const digest = (over: Partial<ChannelDigest>): ChannelDigest => ({
  channel: 'C0DIGEST',
  accountId: ACCOUNT,
  at: '2026-01-01T06:00:00.000Z',
  findingIds: ['a'],
  ...over,
});

describe('channel digests in the state', () => {
  it('keeps one record per channel and account, found by the channel id or a name it was posted to as', () => {
    const data = emptyState();
    applyChannelDigest(data, digest({ aliases: ['#security'] }));
    applyChannelDigest(data, digest({ accountId: '210987654321' }));
    expect(findChannelDigest(data, '#security', ACCOUNT)?.channel).toBe('C0DIGEST');
    expect(findChannelDigest(data, 'C0DIGEST', ACCOUNT)?.findingIds).toEqual(['a']);
    expect(findChannelDigest(data, '#security', '210987654321')).toBeUndefined();
    expect(findChannelDigest(data, 'C0OTHER', ACCOUNT)).toBeUndefined();
  });

  it('replaces what the channel was shown, keeping the names it goes by', () => {
    const data = emptyState();
    applyChannelDigest(data, digest({ aliases: ['#security'] }));
    applyChannelDigest(data, digest({ at: '2026-01-02T06:00:00.000Z', findingIds: ['b'] }));
    expect(data.channelDigests).toHaveLength(1);
    expect(findChannelDigest(data, '#security', ACCOUNT)).toMatchObject({ findingIds: ['b'], aliases: ['#security'] });
  });
});

describe('state check of channel digests', () => {
  it('names a bad channel digest record by its JSON path', async () => {
    const file = join(await tempDir(), 'state.json');
    const state = { ...emptyState(), channelDigests: [digest({}), { ...digest({}), findingIds: 'all' }] };
    await writeFile(file, JSON.stringify(state));
    const check = await checkState(file);
    expect(check.status).toBe('problems');
    expect(check.problems.map((p) => p.path)).toEqual(['channelDigests[1].findingIds']);
  });
});
