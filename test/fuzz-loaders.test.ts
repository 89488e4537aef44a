/**
 * Seeded, bounded fuzzing of everything Rightsize reads from disk: snapshot directories, config files and state
 * files, each a valid one with one part broken by fast-check (a value of the wrong type, a date that is not one, a
 * key removed, text cut short). Whatever is broken, reading never crashes: it succeeds, or it fails with a typed
 * error (what `rightsize` prints as `rightsize: <message>` plus a hint) that names the file and where in it. A
 * failure prints the seed and the shrunk case; `FUZZ_RUNS=500 npm test -- fuzz` searches longer.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { RightsizeError } from '../src/errors.js';
import type { PolicyEngine } from '../src/iam/index.js';
import { runRules } from '../src/risks/run.js';
import { demoSnapshotDir } from '../src/snapshot/demo.js';
import { loadSnapshot } from '../src/snapshot/index.js';
import { checkState, repairState, StateStore } from '../src/store/index.js';
import { realEngine } from './support/catalog.js';
import { finding, scanInput, tempDir } from './support/findings.js';

const SEED = Number(process.env.FUZZ_SEED ?? 18);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every place in a JSON value, the root first; capped so that a big file costs the same as a small one. */
function pathsOf(value: Json, limit = 20_000): Path[] {
  const paths: Path[] = [];
  const pending: { node: Json; path: Path }[] = [{ node: value, path: [] }];
  while (pending.length > 0 && paths.length < limit) {
    const { node, path } = pending.shift()!;
    paths.push(path);
    if (node !== null && typeof node === 'object')
      for (const [key, child] of Object.entries(node))
        pending.push({ node: child, path: [...path, Array.isArray(node) ? Number(key) : key] });
  }
  return paths;
}

/** A copy of `value` with the value at `path` replaced (or removed when `replacement` is undefined). */
function mutate(value: Json, path: Path, replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const copy = structuredClone(value) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (replacement !== undefined) parent[last] = replacement;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

/** What a careless edit, a bad export or a hostile file puts where a value belongs. */
const hostile: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<Json>(null, true, 0, -1, 1e308, '', 'garbage', '2026-13-45T99:99:99Z', 'N/A', [], {}, [null], {
    '': null,
  }),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);

/** A broken copy of a JSON file's text: one value changed or removed, or the text cut short. */
const brokenJson = (text: string) => {
  const value = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  const paths = pathsOf(value);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.nat(paths.length - 1), hostile)
        .map(([i, r]) => JSON.stringify(mutate(value, paths[i]!, r))),
    },
    // An empty file (a failed export, `> file` by mistake) is worth a case of its own.
    { weight: 1, arbitrary: fc.oneof(fc.constant(0), fc.nat(text.length - 1)).map((n) => text.slice(0, n)) },
  );
};

/** The message names the file, and a place in it when the file could be parsed at all. */
function expectNamesFileAndPlace(error: unknown, file: string): void {
  if (!(error instanceof RightsizeError)) throw error;
  expect(error.message).toContain(file);
}

describe('fuzzing the loaders (seeded, bounded)', () => {
  let engine: PolicyEngine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('snapshot directories: a broken file is refused with its file and JSON path (or line, or row), or scanned', async () => {
    const base = await tempDir();
    const demo = demoSnapshotDir();
    const files = (await readdir(demo)).filter((f) => f.endsWith('.json') || f.endsWith('.csv'));
    const texts = Object.fromEntries(
      await Promise.all(files.map(async (f) => [f, await readFile(join(demo, f), 'utf8')])),
    );
    const csvCell = fc
      .tuple(fc.nat(), fc.nat(), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('garbage', 'maybe', '"', ',')))
      .map(([row, column, value]) => {
        const lines = (texts['credential-report.csv'] as string).trimEnd().split('\n');
        const r = 1 + (row % (lines.length - 1));
        const cells = lines[r]!.split(',');
        cells[column % cells.length] = value;
        lines[r] = cells.join(',');
        return lines.join('\n');
      });
    const broken = fc
      .constantFrom(...files)
      .chain((file) =>
        (file.endsWith('.csv') ? csvCell : brokenJson(texts[file] as string)).map((text) => ({ file, text })),
      );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(broken, async ({ file, text }) => {
        const dir = join(base, `run-${run++}`);
        await cp(demo, dir, { recursive: true });
        await writeFile(join(dir, file), text);
        let snapshot;
        try {
          snapshot = await loadSnapshot(dir);
        } catch (error) {
          expectNamesFileAndPlace(error, join(dir, file));
          expect((error as Error).message).toMatch(
            / at (\$|row |header)|line \d+, column \d+|: the file is empty|: the required file|has no rows|: not a valid CSV/,
          );
          return;
        }
        // Accepted: the rules run on it without throwing.
        runRules(snapshot, engine, { now: new Date('2026-11-20T12:00:00Z') });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);

  it('config files: a broken value is a ConfigError naming the file and the key, never a crash', async () => {
    const dir = await tempDir();
    const valid = {
      stateFile: 'state.json',
      accounts: [{ id: '111122223333', name: 'demo', snapshot: demoSnapshotDir() }],
      schedules: [
        { name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Berlin', channel: 'C0SEC', minSeverity: 'high' },
      ],
      rules: { unusedRoleDays: 90, permissionsGapShare: 0.5, trustedAccountIds: ['444455556666'] },
      ownership: { tagKeys: ['owner'], teams: { platform: { slack: 'U0PLAT', jiraProject: 'PLAT' } } },
      access: { approvers: ['U0SEC'], muters: ['U0OPS'] },
      fixes: { approvalExpiryHours: 24, roleName: 'rightsize-remediation' },
      workflows: [
        {
          name: 'critical',
          when: 'finding.new',
          if: { minSeverity: 'critical' },
          then: [{ action: 'post-to-channel', channel: 'C0SEC' }],
        },
      ],
    };
    const text = JSON.stringify(valid);
    const configs = fc.oneof(
      { weight: 4, arbitrary: brokenJson(text).map((t) => ({ name: 'rightsize.json', text: t })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((t) => ({ name: 'rightsize.yaml', text: t })) },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(configs, async ({ name, text: content }) => {
        const file = join(dir, `${run++}-${name}`);
        await writeFile(file, content);
        try {
          await loadConfig(file, {});
        } catch (error) {
          expectNamesFileAndPlace(error, file);
          // After the file: `key.path: problem`, or a syntax error with its line and column.
          expect((error as Error).message).toMatch(/: (\w|\[|not valid (YAML|JSON)|not usable)/);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 60_000);

  it('state files: check never crashes and names each bad record by its path; one repair makes check pass', async () => {
    const dir = await tempDir();
    const seedFile = join(dir, 'seed.json');
    const store = await StateStore.open(seedFile);
    const admin = finding('admin-access', 'deploy');
    const trust = finding('open-trust', 'partner');
    await store.recordScan(scanInput([admin, trust], '2026-11-01T06:00:00Z'));
    const now = new Date('2026-11-02T00:00:00Z');
    await store.mute({
      finding: admin.id,
      by: { id: 'alice', via: 'cli' },
      reason: 'accepted',
      until: new Date('2026-12-01T00:00:00Z'),
      now,
    });
    const text = await readFile(seedFile, 'utf8');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(brokenJson(text), async (content) => {
        const file = join(dir, `state-${run++}.json`);
        await writeFile(file, content);
        const check = await checkState(file);
        for (const problem of check.problems) expect(problem.path).toMatch(/^\w+(\[("[^"]*"|\d+)\])?/);
        if (check.status === 'unusable') expect(check.unusable).toBeTruthy();
        try {
          await repairState(file, now, { id: 'fuzz', via: 'cli' });
        } catch (error) {
          // Only a file from a newer Rightsize is refused; it is left as it was.
          expectNamesFileAndPlace(error, file);
          expect((error as Error).message).toMatch(/written by a newer Rightsize/);
          return;
        }
        expect(await checkState(file)).toMatchObject({ status: 'ok', problems: [] });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 60_000);
});
