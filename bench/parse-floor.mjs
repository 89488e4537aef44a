// `node bench/parse-floor.mjs DIR [runs]`: the floor of the in-process figures, JSON.parse of every JSON file of a
// snapshot (the texts already in memory), the best of `runs`, in a process that has loaded nothing else. Plain
// JavaScript run by plain Node on purpose: under tsx (which turns on source maps) JSON.parse of the 10k snapshot took
// 2.3× as long on Node 24 (174–182 ms against 73–78), which made every ratio to it look that much better.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [dir, runs = '3'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/parse-floor.mjs <snapshot dir> [runs]');
  process.exit(2);
}
const files = readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.csv'));
let snapshotBytes = 0;
const texts = [];
for (const f of files) {
  snapshotBytes += statSync(join(dir, f)).size;
  // Read whole, not in chunks (fs/promises): a text pieced together from chunks parsed ~1.7× slower here.
  if (f.endsWith('.json')) texts.push(readFileSync(join(dir, f), 'utf8'));
}
let parseMs = Infinity;
for (let i = 0; i < Number(runs); i++) {
  const start = performance.now();
  texts.map((t) => JSON.parse(t));
  parseMs = Math.min(parseMs, performance.now() - start);
}
console.log(JSON.stringify({ parseMs, snapshotBytes, sourceMaps: process.sourceMapsEnabled }));
