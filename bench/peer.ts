/**
 * Rightsize against Cloudsplaining (Salesforce, BSD-3: the open-source scanner of a GetAccountAuthorizationDetails
 * file) on the same generated account, whole processes back to back: `rightsize scan --snapshot <dir>`
 * against `cloudsplaining scan --input-file <file>`, alternating, the ratio of wall times taken within each round.
 *
 * Cloudsplaining is not a dependency: build it from its public repository and pass the command that runs it
 * (`--cloudsplaining`, called as `<command> GAAD.json OUTDIR`), with a GAAD file (`--peer-gaad`) such as a generator
 * of synthetic accounts writes. Both are started through `sh`, whose `times` reports the CPU time of what it ran, so
 * the two are measured alike whatever their language.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './whole-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface PeerRun {
  wallMs: number;
  cpuMs: number;
}

export interface PeerComparison {
  gaad: string;
  runs: number;
  loadBefore: number[];
  loadAfter: number[];
  rightsize: { wallMs: number[]; cpuMs: number[] };
  cloudsplaining: { wallMs: number[]; cpuMs: number[] };
  /** Cloudsplaining's time over Rightsize's, per round, then the median (and the smallest). */
  wallRatio: { median: number; min: number };
  cpuRatio: { median: number; min: number };
}

/** Runs `command args…` through sh with its output discarded; wall time, and user + system CPU from `times`. */
export async function timeThroughShell(command: string, args: string[], cwd = ROOT): Promise<PeerRun> {
  const start = performance.now();
  const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn('sh', ['-c', '"$0" "$@" >/dev/null 2>&1; status=$?; times; exit $status', command, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
  const wallMs = performance.now() - start;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
  // `times` prints the shell's user and system time, then its children's: the second line is what it ran.
  const children = out.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, m, s]) => Number(m) * 60 + Number(s));
  return { wallMs, cpuMs: (seconds[0] ?? 0) * 1000 + (seconds[1] ?? 0) * 1000 };
}

export async function comparePeer(
  gaad: string,
  cloudsplaining: string,
  runs: number,
  progress: (line: string) => void = () => undefined,
): Promise<PeerComparison> {
  const work = await mkdtemp(join(tmpdir(), 'rightsize-peer-'));
  try {
    // A GAAD file is a snapshot when it is the snapshot directory's authorization-details.json.
    const snapshot = join(work, 'snapshot');
    await mkdir(snapshot);
    await copyFile(gaad, join(snapshot, 'authorization-details.json'));
    const loadBefore = loadavg();
    const rightsize: PeerRun[] = [];
    const peer: PeerRun[] = [];
    const scan = [join(ROOT, 'bin', 'rightsize.js'), 'scan', '--snapshot', snapshot];
    // One uncounted run each: the compile cache, Python's bytecode cache and the file cache fill.
    for (let round = 0; round <= runs; round++) {
      progress(round === 0 ? 'peer: warm-up round' : `peer: round ${round} of ${runs}`);
      const ours = await timeThroughShell(process.execPath, scan);
      const theirs = await timeThroughShell(cloudsplaining, [gaad, join(work, `cloudsplaining-${round}`)]);
      if (round > 0) {
        rightsize.push(ours);
        peer.push(theirs);
      }
    }
    const ratios = (field: keyof PeerRun) => peer.map((p, i) => p[field] / rightsize[i]![field]);
    const spread = (values: number[]) => ({ median: round(median(values)), min: round(Math.min(...values)) });
    return {
      gaad: basename(gaad),
      runs,
      loadBefore: loadBefore.map((l) => round(l, 2)),
      loadAfter: loadavg().map((l) => round(l, 2)),
      rightsize: { wallMs: rightsize.map((r) => round(r.wallMs)), cpuMs: rightsize.map((r) => round(r.cpuMs)) },
      cloudsplaining: { wallMs: peer.map((r) => round(r.wallMs)), cpuMs: peer.map((r) => round(r.cpuMs)) },
      wallRatio: spread(ratios('wallMs')),
      cpuRatio: spread(ratios('cpuMs')),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
