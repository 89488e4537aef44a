/**
 * Measures one snapshot directory in a fresh process (so peak RSS is this size's alone) and prints
 * one JSON object. Run by bench/run.ts, built (bench/out/measure.mjs, plain Node); usable alone:
 * `npx tsx bench/measure.ts bench/out/org-10000` (tsx's source maps slow it, the parse floor is plain Node's anyway).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadActionCatalog } from '../src/iam/catalog-loader.js';
import { PolicyEngine, type ActionCatalog } from '../src/iam/index.js';
import { buildEscalationGraph } from '../src/risks/escalation/graph.js';
import { runRules } from '../src/risks/run.js';
import type { Rule } from '../src/risks/types.js';
import { AccountIndex, loadSnapshot, type AccountSnapshot } from '../src/snapshot/index.js';
import { median } from './whole-process.js';
import { suggestPolicy } from '../src/downsize/suggest.js';
import { DEFAULT_RULE_SETTINGS } from '../src/risks/settings.js';
import { buildUsageModel } from '../src/usage/build-usage.js';
import { highRiskActions } from '../src/usage/high-risk.js';
import { principalInsights } from '../src/usage/insights.js';

const execFileAsync = promisify(execFile);
const PARSE_FLOOR = fileURLToPath(new URL('parse-floor.mjs', import.meta.url));

export interface Measurement {
  dir: string;
  principals: number;
  distinctManagedPolicies: number;
  snapshotBytes: number;
  /** JSON.parse of every JSON file of the snapshot (text already in memory): the floor. */
  parseMs: number;
  /** Read, parse and normalise into an AccountSnapshot. */
  loadMs: number;
  catalogMs: number;
  /** Effective permissions of every principal (index build included), on a fresh engine. */
  effectiveMs: number;
  /** All rules over the snapshot, on a fresh engine. */
  scanMs: number;
  /** The part of the scan that builds the privilege-escalation graph (effective permissions already computed). */
  escalationGraphMs: number;
  distinctActionPatterns: number;
  /** Peak RSS of this timing process (it loads the snapshot several times over). */
  benchProcessPeakRssMiB: number;
  /** Peak RSS of a scan alone in its process: load + all rules, as `rightsize scan` runs. */
  scanPeakRssMiB?: number;
  /** Peak RSS of load + effective permissions of every principal, alone in its process. */
  effectivePeakRssMiB?: number;
  findings?: number;
  /** Usage model, then insights and the suggested policy for every principal, on a fresh engine. */
  insightsSuggestMs: number;
  /** Suggestions per verdict (downsize, unchanged, remove, insufficient-data). */
  suggestions: Record<string, number>;
  analysisToParse: number;
  scanToParse: number;
  /** At 10k: this ratio and those of fresh processes measuring it again (bench/run.ts), whose median is judged. */
  scanToParseRepeats?: number[];
}

const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
};

/** The best of a few runs: the figure least disturbed by the machine's other work. */
async function best(runs: number, fn: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, (await time(fn))[1]);
  return min;
}

/**
 * The floor: JSON.parse of every JSON file of the snapshot (the texts already in memory), as the best of `runs`, in a
 * plain Node process of its own (bench/parse-floor.mjs: this one runs under tsx, whose source maps slow JSON.parse),
 * with the snapshot's size on disk, its CSV included.
 */
async function parseFloor(dir: string, runs: number): Promise<{ parseMs: number; snapshotBytes: number }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout } = await execFileAsync(process.execPath, [PARSE_FLOOR, dir, String(runs)], { env });
  const floor = JSON.parse(stdout) as { parseMs: number; snapshotBytes: number; sourceMaps: boolean };
  if (floor.sourceMaps) throw new Error('the parse floor ran with source maps on: it would not be the floor');
  return floor;
}

/** The full scan (every rule and the escalation graph) on a fresh engine, as the best of `runs`. */
function scanTime(snapshot: AccountSnapshot, catalog: ActionCatalog, runs: number): Promise<number> {
  return best(runs, () => runRules(snapshot, new PolicyEngine(catalog), { now: new Date(snapshot.collectedAt) }));
}

export async function measure(dir: string, runs = 3): Promise<Measurement> {
  const { parseMs, snapshotBytes } = await parseFloor(dir, runs);

  const [catalog, catalogMs] = await time(loadActionCatalog);
  let snapshot = await loadSnapshot(dir);
  const loadMs = await best(runs, async () => (snapshot = await loadSnapshot(dir)));

  let patterns = 0;
  const effectiveMs = await best(runs, () => {
    const engine = new PolicyEngine(catalog);
    const index = new AccountIndex(snapshot);
    for (const principal of index.principals) engine.effectivePermissions(principal.policies);
    patterns = engine.patterns.distinctPatterns;
  });
  const scanMs = await scanTime(snapshot, catalog, runs);
  const escalationGraphMs = bestInner(runs, () => timeEscalationGraph(snapshot, catalog));
  let suggestions: Record<string, number> = {};
  const insightsSuggestMs = await best(runs, () => (suggestions = insightsAndSuggestions(snapshot, catalog)));
  const details = snapshot.authorizationDetails;
  const principals = details.users.length + details.roles.length + details.groups.length;
  return {
    dir,
    principals,
    distinctManagedPolicies: details.policies.length,
    snapshotBytes,
    parseMs: round(parseMs),
    loadMs: round(loadMs),
    catalogMs: round(catalogMs),
    effectiveMs: round(effectiveMs),
    scanMs: round(scanMs),
    escalationGraphMs: round(escalationGraphMs),
    distinctActionPatterns: patterns,
    insightsSuggestMs: round(insightsSuggestMs),
    suggestions,
    benchProcessPeakRssMiB: round(process.resourceUsage().maxRSS / 1024),
    analysisToParse: round(effectiveMs / parseMs, 2),
    scanToParse: round(scanMs / parseMs, 2),
  };
}

function bestInner(runs: number, fn: () => number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, fn());
  return min;
}

/** The escalation graph alone, as the scan builds it: on a fresh engine, after every effective permission. */
function timeEscalationGraph(
  snapshot: Awaited<ReturnType<typeof loadSnapshot>>,
  catalog: Awaited<ReturnType<typeof loadActionCatalog>>,
): number {
  let ms = 0;
  const probe: Rule = {
    id: 'bench-escalation-graph',
    title: '',
    severity: 'low',
    resourceTypes: [],
    rationale: '',
    remediation: '',
    detect(ctx) {
      for (const principal of ctx.index.principals) ctx.effective(principal);
      const start = performance.now();
      buildEscalationGraph(ctx);
      ms = performance.now() - start;
      return [];
    },
  };
  runRules(snapshot, new PolicyEngine(catalog), { now: new Date(snapshot.collectedAt), rules: [probe] });
  return ms;
}

/** What `rightsize insights` and `rightsize suggest` compute, for every principal of the snapshot. */
function insightsAndSuggestions(
  snapshot: Awaited<ReturnType<typeof loadSnapshot>>,
  catalog: Awaited<ReturnType<typeof loadActionCatalog>>,
): Record<string, number> {
  const engine = new PolicyEngine(catalog);
  const index = new AccountIndex(snapshot);
  const model = buildUsageModel(snapshot, index, catalog, { windowDays: DEFAULT_RULE_SETTINGS.trackingPeriodDays });
  const highRisk = highRiskActions(catalog);
  const verdicts: Record<string, number> = {};
  for (const principal of index.principals) {
    principalInsights(engine, principal, model, highRisk);
    const verdict = suggestPolicy(engine, principal, model, highRisk).verdict;
    verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
  }
  return verdicts;
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Issue 17's in-process target (full scan ≤ 8× `JSON.parse` at 10k), judged on the median of the ratios measured in
 * fresh processes, never on one of them.
 */
export function scanToParseTarget(ratios: readonly number[]): { value: number; target: number; ok: boolean } {
  const value = round(median([...ratios]), 2);
  return { value, target: 8, ok: value <= 8 };
}

/**
 * The scan ÷ parse ratio alone, measured as `measure` does (the parse floor first, then the scan): bench/run.ts repeats it
 * in fresh processes, since one process's figure moves by a quarter or more on a shared machine.
 */
export async function measureScanToParse(
  dir: string,
  runs: number,
): Promise<{ parseMs: number; scanMs: number; scanToParse: number }> {
  const { parseMs } = await parseFloor(dir, runs);
  const scanMs = await scanTime(await loadSnapshot(dir), await loadActionCatalog(), runs);
  return { parseMs: round(parseMs), scanMs: round(scanMs), scanToParse: round(scanMs / parseMs, 2) };
}

/**
 * Peak memory of what `rightsize scan` does (load, then every rule), alone in its process: the timing
 * run above loads the snapshot several times over, which the tool itself never does.
 */
export async function measureScanPeakRss(dir: string): Promise<{ peakRssMiB: number; findings: number }> {
  const engine = new PolicyEngine(await loadActionCatalog());
  const result = runRules(await loadSnapshot(dir), engine, { now: new Date() });
  return { peakRssMiB: round(process.resourceUsage().maxRSS / 1024), findings: result.findings.length };
}

/** Peak memory of loading the snapshot and computing every principal's effective permissions. */
export async function measureEffectivePeakRss(dir: string): Promise<{ peakRssMiB: number; principals: number }> {
  const engine = new PolicyEngine(await loadActionCatalog());
  const index = new AccountIndex(await loadSnapshot(dir));
  const kept = index.principals.map((p) => engine.effectivePermissions(p.policies));
  return { peakRssMiB: round(process.resourceUsage().maxRSS / 1024), principals: kept.length };
}

if (/measure\.(?:[jt]s|mjs)$/.test(process.argv[1] ?? '')) {
  const [dir, mode = '3', ratioRuns = '3'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: tsx bench/measure.ts <snapshot dir> [runs | rss | rss-effective | ratio [runs]]');
    process.exit(2);
  }
  const measured =
    mode === 'rss'
      ? await measureScanPeakRss(dir)
      : mode === 'rss-effective'
        ? await measureEffectivePeakRss(dir)
        : mode === 'ratio'
          ? await measureScanToParse(dir, Number(ratioRuns))
          : await measure(dir, Number(mode));
  console.log(JSON.stringify(measured));
}
