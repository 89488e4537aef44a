import { open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test files that reset and count moto's state run in parallel (vitest forks): each holds the emulator for
 * its whole file through a lock file, so one file's reset never lands in the middle of another's test.
 */
export async function holdMoto(url: string, timeoutMs = 110_000): Promise<() => Promise<void>> {
  const path = join(tmpdir(), `rightsize-moto-${new URL(url).port || 'default'}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (await holderGone(path)) await rm(path, { force: true });
      else if (Date.now() > deadline)
        throw new Error(`moto at ${url} is held by another test file (${path})`, { cause: e });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A lock left by a process that died (a killed test run) is stale. */
async function holderGone(path: string): Promise<boolean> {
  const pid = Number(await readFile(path, 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
