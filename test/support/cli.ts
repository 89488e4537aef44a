import { main } from '../../src/cli.js';

/** Runs the CLI in-process with captured output and a fixed clock. */
export function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliAt(() => new Date('2026-11-20T12:00:00Z'), ...args);
}

/** Runs the CLI in-process with a clock a test can move on; captures its output. */
export async function runCliAt(
  now: () => Date,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'rightsize', ...args], {
    stdout: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    now,
  });
  return { code, stdout, stderr };
}
