/**
 * Measures the state store in a fresh process and prints one JSON object: recording a scan (diff + atomic
 * write), opening the state (read + parse), `state check` (every record validated) and the file size, for
 * 10k and 50k findings. Run by bench/run.ts; usable alone: `npx tsx bench/store.ts`. Target (issue 6):
 * recording a 10k-finding scan < 1 s.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkState, StateStore } from '../src/store/index.js';
import { manyFindings, scanInput } from '../test/support/findings.js';

export interface StoreMeasurement {
  findings: number;
  /** First scan of the account into an empty state. */
  baselineMs: number;
  /** A later scan against a state that holds the same findings: 5% resolved, 5% new. */
  recordMs: number;
  /** StateStore.open: read + JSON.parse + outline check. */
  openMs: number;
  /** `rightsize state check`: every record validated. */
  checkMs: number;
  fileBytes: number;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return Math.round(performance.now() - start);
}

async function measureStore(count: number, runs: number): Promise<StoreMeasurement> {
  const all = manyFindings(Math.round(count * 1.05));
  const before = all.slice(0, count);
  // The next scan: the first 5% fixed, 5% new ones appeared.
  const after = all.slice(Math.round(count * 0.05));
  const best = { baselineMs: Infinity, recordMs: Infinity, openMs: Infinity, checkMs: Infinity, fileBytes: 0 };
  for (let run = 0; run < runs; run++) {
    const dir = await mkdtemp(join(tmpdir(), 'rightsize-bench-'));
    const file = join(dir, 'state.json');
    const store = await StateStore.open(file);
    best.baselineMs = Math.min(
      best.baselineMs,
      await time(() => store.recordScan(scanInput(before, '2026-01-01T06:00:00Z'))),
    );
    best.recordMs = Math.min(
      best.recordMs,
      await time(() => store.recordScan(scanInput(after, '2026-01-02T06:00:00Z'))),
    );
    best.openMs = Math.min(best.openMs, await time(() => StateStore.open(file)));
    best.checkMs = Math.min(best.checkMs, await time(() => checkState(file)));
    best.fileBytes = (await stat(file)).size;
    await rm(dir, { recursive: true });
  }
  return { findings: count, ...best };
}

const results: StoreMeasurement[] = [];
const runs = Number(process.argv[2] ?? 3);
for (const count of [10_000, 50_000]) results.push(await measureStore(count, runs));
console.log(JSON.stringify(results));
