import { main } from '../../src/cli.js';

/** Runs the CLI in-process with a fixed clock (a function, so a test can move time on); captures its output. */
export async function runCli(now: () => Date, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'rightsize', ...args], {
    stdout: (t) => (stdout += `${t}\n`),
    stderr: (t) => (stderr += `${t}\n`),
    now,
  });
  return { code, stdout, stderr };
}
