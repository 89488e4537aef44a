/**
 * `npm run bench [-- --json] [-- --sizes 1000,10000]`: generates synthetic organisations (once, cached
 * under bench/out/) and measures each in its own process. Targets (issue 2): analysis ≤ 2× JSON.parse
 * at 10k principals, 1k→10k cost growth ≤ 12×, peak RSS < 1 GiB at 50k. Then the state store (bench/store.ts;
 * issue 6: recording a 10k-finding scan < 1 s; `--store-only` skips the organisations) and bench/collect.ts (live
 * collection: API calls per principal; time against the emulator when MOTO_URL is set; `--skip-collect` leaves it out).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import type { Measurement } from './measure.js';
import type { StoreMeasurement } from './store.js';
import { formatQueries, type QueriesMeasurement } from './queries-report.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '1000,10000,50000' },
    runs: { type: 'string', default: '5' },
    'store-only': { type: 'boolean', default: false },
    'skip-collect': { type: 'boolean', default: false },
  },
});
const sizes = values['store-only'] ? [] : values.sizes.split(',').map(Number);
const tsx = join('node_modules', '.bin', 'tsx');
const options = { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=4096' } };

const results: Measurement[] = [];
for (const principals of sizes) {
  const dir = join('bench', 'out', `org-${principals}`);
  if (!existsSync(join(dir, 'authorization-details.json'))) {
    if (!values.json) process.stderr.write(`generating ${dir} …\n`);
    await run(tsx, ['bench/generate-org.ts', '--principals', String(principals), '--out', dir], options);
  }
  if (!values.json) process.stderr.write(`measuring ${dir} …\n`);
  const { stdout } = await run(tsx, ['bench/measure.ts', dir, values.runs], options);
  const measurement = JSON.parse(stdout) as Measurement;
  const rss = JSON.parse((await run(tsx, ['bench/measure.ts', dir, 'rss'], options)).stdout) as {
    peakRssMiB: number;
    findings: number;
  };
  measurement.scanPeakRssMiB = rss.peakRssMiB;
  measurement.findings = rss.findings;
  const effectiveRss = await run(tsx, ['bench/measure.ts', dir, 'rss-effective'], options);
  measurement.effectivePeakRssMiB = (JSON.parse(effectiveRss.stdout) as { peakRssMiB: number }).peakRssMiB;
  results.push(measurement);
}

if (!values.json) process.stderr.write('measuring the state store …\n');
const store = JSON.parse((await run(tsx, ['bench/store.ts', values.runs], options)).stdout) as StoreMeasurement[];
const store10k = store.find((s) => s.findings === 10_000);

const at = (n: number) => results.find((r) => r.principals >= n * 0.9 && r.principals <= n * 1.1);
const small = at(1000);
const medium = at(10000);
const large = at(50000);
const summary = {
  node: process.version,
  results,
  store,
  targets: {
    // Issue 6: recording a scan (diff against the state + atomic write) of 10k findings.
    recordScan10kMs: store10k ? { value: store10k.recordMs, target: 1000, ok: store10k.recordMs < 1000 } : undefined,
    analysisToParseAt10k: medium
      ? { value: medium.analysisToParse, target: 2, ok: medium.analysisToParse <= 2 }
      : undefined,
    growth1kTo10k:
      small && medium
        ? {
            value: Math.round((medium.effectiveMs / small.effectiveMs) * 10) / 10,
            target: 12,
            ok: medium.effectiveMs / small.effectiveMs <= 12,
          }
        : undefined,
    // Issue 2's memory target is the analysis (load + effective permissions of every principal).
    effectivePeakRssMiBAt50k:
      large?.effectivePeakRssMiB !== undefined
        ? { value: large.effectivePeakRssMiB, target: 1024, ok: large.effectivePeakRssMiB < 1024 }
        : undefined,
    // Issue 3: the full scan (every rule and the escalation graph).
    scanToParseAt10k: medium ? { value: medium.scanToParse, target: 3, ok: medium.scanToParse <= 3 } : undefined,
    scanGrowth10kTo50k:
      medium && large
        ? {
            value: Math.round((large.scanMs / medium.scanMs) * 10) / 10,
            target: 7.5,
            ok: large.scanMs / medium.scanMs <= 7.5,
          }
        : undefined,
  },
};

// Access queries (issue 20): who-can latency at 10k principals, in its own process (bench/queries.ts).
const queriesDir = join('bench', 'out', 'org-10000');
const queries = existsSync(join(queriesDir, 'authorization-details.json'))
  ? (JSON.parse((await run(tsx, ['bench/queries.ts', queriesDir, values.runs], options)).stdout) as QueriesMeasurement)
  : undefined;

// Live collection (issue 5): API calls per principal, and collection time against the emulator when MOTO_URL is set.
const collection = values['skip-collect']
  ? undefined
  : (await run(tsx, ['bench/collect.ts', ...(values.json ? ['--json'] : [])], options)).stdout;

if (values.json) {
  console.log(JSON.stringify({ ...summary, queries, collection: collection && JSON.parse(collection) }, null, 2));
} else {
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  const header = [
    'principals',
    'snapshot',
    'JSON.parse',
    'load+normalise',
    'effective perms',
    'full scan',
    'of it: escalation graph',
    'insights+suggest',
    'analysis/parse',
    'scan/parse',
    'findings',
    'RSS: effective',
    'RSS: scan',
  ];
  const rows = results.map((r) => [
    String(r.principals),
    mib(r.snapshotBytes),
    `${r.parseMs} ms`,
    `${r.loadMs} ms`,
    `${r.effectiveMs} ms`,
    `${r.scanMs} ms`,
    `${r.escalationGraphMs} ms`,
    `${r.insightsSuggestMs} ms`,
    `${r.analysisToParse}×`,
    `${r.scanToParse}×`,
    String(r.findings),
    `${r.effectivePeakRssMiB} MiB`,
    `${r.scanPeakRssMiB} MiB`,
  ]);
  if (rows.length > 0) {
    printTable(header, rows);
    console.log(`\naction catalog: ${results[0]?.catalogMs} ms to load (once per process)`);
    for (const r of results)
      console.log(
        `suggestions at ${r.principals}: ${Object.entries(r.suggestions)
          .map(([verdict, n]) => `${n} ${verdict}`)
          .join(', ')}`,
      );
    console.log('');
  }
  const storeHeader = ['findings', 'state file', 'baseline scan', 'record scan', 'open', 'state check'];
  const storeRows = store.map((s) => [
    String(s.findings),
    mib(s.fileBytes),
    `${s.baselineMs} ms`,
    `${s.recordMs} ms`,
    `${s.openMs} ms`,
    `${s.checkMs} ms`,
  ]);
  printTable(storeHeader, storeRows);
  console.log('');
  for (const [name, t] of Object.entries(summary.targets))
    if (t)
      console.log(
        `${t.ok ? 'ok  ' : 'MISS'} ${name}: ${t.value} (target ${name.includes('Rss') || name.startsWith('record') ? '<' : '≤'} ${t.target})`,
      );
  if (queries) console.log(`\n${formatQueries(queries)}`);
  if (collection) console.log(`\n${collection.trimEnd()}`);
}

/** Right-aligned columns, two spaces apart. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
