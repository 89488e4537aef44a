/**
 * What a user waits for: `rightsize` started as its own process, as `npx rightsize` starts it (`node
 * bin/rightsize.js`, the build), timed from spawn to exit. Wall time, and CPU time (user + system, the figure the
 * machine's other work disturbs least) with peak RSS as the process itself reports them at exit
 * (bench/process-usage.mjs, preloaded into every timed process, `node -e 0` included).
 *
 * Runs go round robin over every command and Node, after one round that is not counted (it fills the compile cache
 * and the file cache), so a burst of load hits all of them alike; each ratio is taken within a round (paired) and
 * the median of those is reported.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRELOAD = fileURLToPath(new URL('process-usage.mjs', import.meta.url));
const BIN = join(ROOT, 'bin', 'rightsize.js');
const DEMO_ACCOUNT = join(ROOT, 'examples', 'demo-account');

/** A timed command: `node <args>`. */
export interface ProcessCase {
  name: string;
  args: string[];
}

/** A Node to run every case on. */
export interface NodeRuntime {
  label: string;
  node: string;
  env?: Record<string, string>;
}

export interface Usage {
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
}

export interface Spread {
  median: number;
  min: number;
}

export interface CaseFigures {
  case: string;
  runtime: string;
  wallMs: Spread;
  cpuMs: Spread;
  peakRssMiB: number;
  /** Paired per round against `node -e 0` on the same Node. */
  toFloor: { wall: number; cpu: number };
}

export interface WholeProcessFigures {
  runs: number;
  /** The 1, 5 and 15 minute load averages before and after (2 cores shared here: above 2, runs wait for a core). */
  loadBefore: number[];
  loadAfter: number[];
  nodes: { label: string; version: string }[];
  figures: CaseFigures[];
  /** Paired per round: the case on `runtimes[0]` against the same case on each other Node (CPU and wall). */
  comparisons: { case: string; against: string; cpu: number; wall: number }[];
  /** What a process printed on stderr (a warning reaches every user), per runtime and case. */
  stderr: { case: string; runtime: string; text: string }[];
}

export const FLOOR: ProcessCase = { name: 'node -e 0', args: ['-e', '0'] };

/**
 * The commands of issue 17: `--version`, a scan of the demo account, scans of the generated organisations; and
 * `rightsize scan` as typed, which since issue 21 scans the demo organisation (two accounts and the join).
 */
export function rightsizeCases(snapshots: { label: string; dir: string }[]): ProcessCase[] {
  return [
    { name: 'rightsize --version', args: [BIN, '--version'] },
    { name: 'rightsize scan (demo account)', args: [BIN, 'scan', '--snapshot', DEMO_ACCOUNT] },
    { name: 'rightsize scan (demo organisation)', args: [BIN, 'scan'] },
    ...snapshots.map((s) => ({
      name: `rightsize scan --snapshot (${s.label})`,
      args: [BIN, 'scan', '--snapshot', s.dir],
    })),
  ];
}

/** One run of `node <args>`: wall time from spawn to exit, CPU and peak RSS as the process reported them. */
export async function timeProcess(
  node: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Usage & { stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'rightsize-bench-'));
  const file = join(dir, 'usage.json');
  try {
    const start = performance.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(node, ['--import', PRELOAD, ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, ...env, PROCESS_USAGE_FILE: file },
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    const wallMs = performance.now() - start;
    if (code !== 0) throw new Error(`${node} ${args.join(' ')} exited with ${code}: ${stderr}`);
    const usage = JSON.parse(await readFile(file, 'utf8')) as { cpuMs: number; peakRssMiB: number };
    return { wallMs, ...usage, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function measureWholeProcess(
  cases: ProcessCase[],
  runtimes: NodeRuntime[],
  runs: number,
  progress: (line: string) => void = () => undefined,
): Promise<WholeProcessFigures> {
  const all = [FLOOR, ...cases];
  const loadBefore = loadavg();
  const samples = new Map<string, Usage[]>();
  const stderr = new Map<string, string>();
  const key = (c: ProcessCase, r: NodeRuntime) => `${r.label}\u0000${c.name}`;
  for (let round = 0; round <= runs; round++) {
    progress(round === 0 ? 'warm-up round' : `round ${round} of ${runs}`);
    for (const runtime of runtimes)
      for (const c of all) {
        const { stderr: text, ...usage } = await timeProcess(runtime.node, c.args, runtime.env);
        if (text.trim()) stderr.set(key(c, runtime), text.trim());
        if (round > 0) samples.set(key(c, runtime), [...(samples.get(key(c, runtime)) ?? []), usage]);
      }
  }
  const of = (c: ProcessCase, r: NodeRuntime) => samples.get(key(c, r)) ?? [];
  const paired = (a: Usage[], b: Usage[], field: 'wallMs' | 'cpuMs') =>
    median(a.map((u, i) => u[field] / b[i]![field]));
  const figures = runtimes.flatMap((runtime) =>
    all.map((c): CaseFigures => {
      const own = of(c, runtime);
      const floor = of(FLOOR, runtime);
      return {
        case: c.name,
        runtime: runtime.label,
        wallMs: spread(own.map((u) => u.wallMs)),
        cpuMs: spread(own.map((u) => u.cpuMs)),
        peakRssMiB: round(median(own.map((u) => u.peakRssMiB))),
        toFloor: { wall: round(paired(own, floor, 'wallMs'), 2), cpu: round(paired(own, floor, 'cpuMs'), 2) },
      };
    }),
  );
  const [first, ...others] = runtimes;
  const comparisons = others.flatMap((other) =>
    all.map((c) => ({
      case: c.name,
      against: other.label,
      cpu: round(paired(of(c, other), of(c, first!), 'cpuMs'), 2),
      wall: round(paired(of(c, other), of(c, first!), 'wallMs'), 2),
    })),
  );
  return {
    runs,
    loadBefore: loadBefore.map((l) => round(l, 2)),
    loadAfter: loadavg().map((l) => round(l, 2)),
    nodes: await Promise.all(runtimes.map(async (r) => ({ label: r.label, version: await nodeVersion(r.node) }))),
    figures,
    comparisons,
    stderr: [...stderr].map(([k, text]) => {
      const [runtime, name] = k.split('\u0000') as [string, string];
      return { case: name, runtime, text };
    }),
  };
}

async function nodeVersion(node: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(values: number[]): Spread {
  return { median: round(median(values)), min: round(Math.min(...values)) };
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export interface Target {
  value: number;
  target: number;
  /** `≤`: at most the target; `≥`: at least. */
  sense: '≤' | '≥';
  ok: boolean;
}

/**
 * Issue 17's whole-process targets on the first Node: `rightsize --version` ≤ 3× `node -e 0` (wall and CPU, paired),
 * a demo-account scan ≤ 400 ms wall (meant for a quiet machine: read it with the load), and, with the peer run,
 * Cloudsplaining ≥ 100× Rightsize's wall time.
 */
export function wholeProcessTargets(w: WholeProcessFigures, peerWallRatio?: number): Record<string, Target> {
  const first = w.nodes[0]?.label;
  const figure = (name: string) => w.figures.find((f) => f.runtime === first && f.case === name);
  const at = (value: number, target: number, sense: Target['sense']): Target => ({
    value,
    target,
    sense,
    ok: sense === '≤' ? value <= target : value >= target,
  });
  const version = figure('rightsize --version');
  const demo = figure('rightsize scan (demo account)');
  return {
    ...(version && {
      versionToNodeWall: at(version.toFloor.wall, 3, '≤'),
      versionToNodeCpu: at(version.toFloor.cpu, 3, '≤'),
    }),
    ...(demo && { demoScanWallMs: at(demo.wallMs.median, 400, '≤') }),
    ...(peerWallRatio !== undefined && { cloudsplainingToRightsizeWall: at(peerWallRatio, 100, '≥') }),
  };
}
