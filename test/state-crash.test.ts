import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkState, StateStore } from '../src/store/index.js';
import { manyFindings, scanInput, tempDir } from './support/findings.js';

const root = new URL('..', import.meta.url).pathname;

function start(
  args: string[],
  command = process.execPath,
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Resolves when the child has printed text matching `pattern` (or fails when it exits first). */
async function waitForOutput(run: ReturnType<typeof start>, pattern: RegExp): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (pattern.test(run.output())) {
        run.child.stdout!.off('data', check);
        run.child.stderr!.off('data', check);
        resolve();
      }
    };
    run.child.stdout!.on('data', check);
    run.child.stderr!.on('data', check);
    void run.exited.then(() => reject(new Error(`exited before printing ${pattern}:\n${run.output()}`)));
    check();
  });
}

describe('the state file survives the process being stopped', () => {
  it('SIGTERM during a scheduled scan: the scan finishes, the state is written and valid, exit 0', async () => {
    const dir = await tempDir();
    const state = join(dir, 'state.json');
    const config = join(dir, 'rightsize.yaml');
    await writeFile(
      config,
      `stateFile: state.json\naccounts:\n  - { id: '111122223333', name: demo, snapshot: ${join(root, 'examples/demo-account')} }\nschedules:\n  - { name: hourly, cron: '0 * * * *' }\n`,
    );
    const run = start(['bin/rightsize.js', 'schedule', '--config', config, '--run-now']);
    await waitForOutput(run, /hourly: scanning demo/);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(run.output()).toMatch(/SIGTERM: stopping/);
    expect(run.output()).toMatch(/stopped/);
    expect(code).toBe(0);
    expect((await checkState(state)).status).toBe('ok');
    const store = await StateStore.open(state);
    expect(store.scans().map((s) => s.baseline)).toEqual([true]);
  });

  it('SIGKILL in the middle of writes: the file is the last complete write, never a torn one', async () => {
    const state = join(await tempDir(), 'state.json');
    const run = start(['--import', 'tsx', 'test/support/state-writer.ts', state, '20000']);
    await waitForOutput(run, /wrote 3\n/);
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const check = await checkState(state);
    expect(check.status).toBe('ok');
    expect(check.counts!.findings).toBe(20000);
    const scans = JSON.parse(await readFile(state, 'utf8')).scans.length;
    expect(scans).toBeGreaterThanOrEqual(3);
    // The killed writer may have held the lock: the next writer takes it over once it is stale, and writes.
    const next = await StateStore.open(state, { lockTiming: { waitMs: 20_000, staleMs: 2_000 } });
    await next.recordScan(scanInput(manyFindings(10), '2027-01-01T00:00:00Z'));
    expect((await checkState(state)).status).toBe('ok');
    expect(await readdir(dirname(state))).toEqual(['state.json']);
  });

  it('a disk that is full: the command exits 1 and says so, the file stays as it was, no temporary file is left', async () => {
    const dir = await tempDir();
    const state = join(dir, 'state.json');
    const findings = manyFindings(3000);
    await (await StateStore.open(state)).recordScan(scanInput(findings, '2026-01-01T00:00:00Z'));
    const before = await readFile(state, 'utf8');
    // A private mount namespace with a tmpfs that holds the state file once, not twice: the write hits ENOSPC.
    const disk = join(dir, 'disk');
    await mkdir(disk);
    const kib = Math.ceil((Buffer.byteLength(before) * 1.5) / 1024);
    const script = [
      `mount -t tmpfs -o size=${kib}k tmpfs ${disk}`,
      `cp ${state} ${disk}/state.json`,
      `node bin/rightsize.js mute ${findings[0]!.id} --days 7 --reason accepted --state ${disk}/state.json`,
      'code=$?',
      `ls -A ${disk} > ${dir}/listing; cp ${disk}/state.json ${dir}/after.json`,
      'exit $code',
    ].join('\n');
    const run = start(['-rm', 'sh', '-c', script], 'unshare');
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toMatch(
      /rightsize: state file .*state\.json: could not be written: ENOSPC: no space left on device.*; this change was not saved\n {2}hint: check free space and permissions; the previous state is intact/,
    );
    expect(run.output()).not.toMatch(/^muted/m);
    expect(await readFile(join(dir, 'after.json'), 'utf8')).toBe(before);
    expect((await readFile(join(dir, 'listing'), 'utf8')).trim()).toBe('state.json');
  });
});
