/**
 * `tsx bench/rule-times.ts DIR [runs]`: CPU time of each rule over one snapshot, in rule order (a rule's shared
 * work, such as the escalation graph, counts for the first rule that asks for it), the median of `runs`.
 * For finding where a scan's time goes; `npm run bench` measures the scan as a whole.
 */
import { loadActionCatalog } from '../src/iam/catalog-loader.js';
import { PolicyEngine } from '../src/iam/index.js';
import { createRuleContext } from '../src/risks/run.js';
import { RULES } from '../src/risks/rules/index.js';
import { loadSnapshot } from '../src/snapshot/index.js';

const [dir, runsArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: tsx bench/rule-times.ts SNAPSHOT_DIR [runs]');
const snapshot = await loadSnapshot(dir);
const catalog = await loadActionCatalog();
const times = new Map<string, number[]>(RULES.map((r) => [r.id, []]));
for (let run = 0; run < Number(runsArg ?? 3); run++) {
  const ctx = createRuleContext(snapshot, new PolicyEngine(catalog), { now: new Date('2026-12-01T00:00:00Z') });
  for (const rule of RULES) {
    const start = process.cpuUsage();
    rule.detect(ctx);
    const used = process.cpuUsage(start);
    times.get(rule.id)!.push((used.user + used.system) / 1000);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
let total = 0;
for (const [id, values] of times) {
  total += median(values);
  process.stdout.write(`${id.padEnd(32)} ${median(values).toFixed(0).padStart(7)} ms\n`);
}
process.stdout.write(`${'total'.padEnd(32)} ${total.toFixed(0).padStart(7)} ms\n`);
