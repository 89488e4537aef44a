import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { lock } from 'proper-lockfile';
import { StateError } from '../errors.js';

export interface LockTiming {
  /** How long to wait for another process to finish its write before giving up. */
  waitMs: number;
  /**
   * A lock not refreshed for this long belongs to a process that stopped (killed, crashed, machine asleep) and is
   * taken over. The holder refreshes it every half of this.
   */
  staleMs: number;
}

/** A write holds the lock for the time of one read-modify-write: milliseconds, a second at 50k findings. */
export const DEFAULT_LOCK_TIMING: LockTiming = { waitMs: 60_000, staleMs: 10_000 };

/** What the holder of a lock can ask while it works. */
export interface HeldLock {
  /** Why the lock is no longer ours (another process took it over as stale), or undefined while it is. */
  lost(): Error | undefined;
}

/**
 * Runs `work` while this process alone may write the state file, across processes: proper-lockfile's lock
 * directory `<file>.lock` (mkdir is atomic on local and network file systems), refreshed while held, taken over
 * when stale, removed on exit. Throws a StateError when the lock cannot be had in time.
 */
export async function withStateLock<T>(
  file: string,
  work: (held: HeldLock) => Promise<T>,
  timing: LockTiming = DEFAULT_LOCK_TIMING,
): Promise<T> {
  await mkdir(dirname(file), { recursive: true });
  let lostWith: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(file, {
      realpath: false,
      stale: timing.staleMs,
      retries: {
        // `retry` lays out every wait up front: enough of them to span waitMs at the shortest wait; maxRetryTime ends it.
        retries: Math.ceil(timing.waitMs / 10),
        maxRetryTime: timing.waitMs,
        minTimeout: 10,
        maxTimeout: 200,
        factor: 1.5,
        randomize: true,
      },
      onCompromised: (error) => (lostWith = error),
    });
  } catch (e) {
    const locked = (e as NodeJS.ErrnoException).code === 'ELOCKED';
    throw new StateError(
      file,
      locked
        ? `is being written by another process (lock ${file}.lock held for more than ${timing.waitMs / 1000} s); nothing was changed`
        : `cannot be locked for writing: ${(e as Error).message}; nothing was changed`,
      {
        cause: e,
        hint: locked
          ? `try again when the other rightsize command has finished; a lock left by a process that stopped is taken over after ${timing.staleMs / 1000} s`
          : 'check that the directory of the state file is writable',
      },
    );
  }
  try {
    return await work({ lost: () => lostWith });
  } finally {
    if (!lostWith) await release().catch(() => undefined);
  }
}
