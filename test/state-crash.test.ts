import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkState, StateStore } from '../src/store/index.js';
import { tempDir } from './support/findings.js';

const root = new URL('..', import.meta.url).pathname;

function start(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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
  });
});
