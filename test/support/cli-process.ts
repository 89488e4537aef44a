import { spawn, type ChildProcess } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr as they arrived, interleaved. */
  output: () => string;
  exited: Promise<{ code: number | null; output: string }>;
}

/** `node bin/rightsize.js …` as a separate process, as a person or a cron job runs it. */
export function rightsizeProcess(args: string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const child = spawn(process.execPath, ['bin/rightsize.js', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
  return { child, output: () => output, exited };
}
