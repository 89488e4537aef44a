import { resolve } from 'node:path';
import { AmbiguousNameError, NotFoundError, StateError } from '../errors.js';
import { applyMute, applyScan, applyUnmute, type MuteInput, type RecordScanInput, type ScanDiff } from './lifecycle.js';
import { StateFile, sameStamp, type FileStamp } from './state-file.js';
import { DEFAULT_LOCK_TIMING, withStateLock, type HeldLock, type LockTiming } from './state-lock.js';
import { emptyState, type Actor, type FindingRecord, type Mute, type ScanRecord, type StateData } from './types.js';

/**
 * Rightsize's memory: one JSON state file, read once and kept in memory. Updates run one at a time in this
 * process (a queue) and, across processes, under the state file's lock: each one re-reads the file under the lock
 * when another process changed it (e.g. `rightsize mute` while `serve` runs), applies its change to what the file
 * holds now, and replaces the file atomically before the lock is released. An update resolves only once its write
 * has landed; otherwise it rejects with a StateError. A file that cannot be read or parsed is never written.
 */
export class StateStore {
  #data: StateData;
  #stamp: FileStamp | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Set when an update failed half-way: the in-memory copy may differ from the file, so re-read it. */
  #stale = false;

  private constructor(
    private readonly file: StateFile,
    private readonly lockTiming: LockTiming,
    data: StateData,
    stamp: FileStamp | undefined,
    /** The schema version the file had when it needed migrating (written back on the next update). */
    readonly migratedFrom?: number,
  ) {
    this.#data = data;
    this.#stamp = stamp;
  }

  /** Opens (or starts) a state file. Throws StateError when it exists but cannot be used. */
  static async open(path: string, options: { lockTiming?: LockTiming } = {}): Promise<StateStore> {
    const file = new StateFile(resolve(path));
    const timing = options.lockTiming ?? DEFAULT_LOCK_TIMING;
    const read = await file.read();
    if (read.kind === 'corrupt') throw read.error;
    if (read.kind === 'absent') return new StateStore(file, timing, emptyState(), undefined);
    return new StateStore(file, timing, read.data, read.stamp, read.migratedFrom);
  }

  get path(): string {
    return this.file.path;
  }

  /** The state as of the last read or update. Read-only by contract: change it through `update`. */
  get data(): Readonly<StateData> {
    return this.#data;
  }

  /** Runs `change` on the current state and writes the result; callers in one process never interleave. */
  update<T>(change: (data: StateData) => T): Promise<T> {
    const run = this.#queue.then(() =>
      withStateLock(
        this.path,
        async (held) => {
          await this.#refresh();
          let result: T;
          try {
            result = change(this.#data);
          } catch (e) {
            this.#stale = true;
            throw e;
          }
          await this.#write(held);
          return result;
        },
        this.lockTiming,
      ),
    );
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Writes the changed state while the lock is ours; any doubt that it landed (or stays) is an error. */
  async #write(held: HeldLock): Promise<void> {
    const failed = (detail: string, cause?: unknown, hint = 'the previous state is intact; try again') => {
      this.#stale = true;
      return new StateError(this.path, detail, { cause, hint });
    };
    if (held.lost())
      throw failed(
        `lost its lock to another process (${held.lost()!.message}); this change was not saved`,
        held.lost(),
      );
    try {
      this.#stamp = await this.file.write(this.#data);
    } catch (e) {
      throw failed(
        `could not be written: ${(e as Error).message}; this change was not saved`,
        e,
        'check free space and permissions; the previous state is intact',
      );
    }
    // Another process took the lock over as stale while this one was writing: its write may replace this one.
    if (held.lost())
      throw failed(
        `lost its lock to another process while writing (${held.lost()!.message}); this change may have been overwritten`,
        held.lost(),
        'run `rightsize history` to see whether the change is there, and try again',
      );
  }

  /** The state as the file has it now: re-read when another process changed it (e.g. a reader beside the scheduler). */
  reload(): Promise<Readonly<StateData>> {
    const run = this.#queue.then(async () => {
      await this.#refresh();
      return this.#data;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for every queued update to be written. */
  async flush(): Promise<void> {
    await this.#queue;
  }

  recordScan(input: RecordScanInput): Promise<ScanDiff> {
    return this.update((data) => applyScan(data, input));
  }

  mute(input: Omit<MuteInput, 'findingId'> & { finding: string }): Promise<{ mute: Mute; finding: FindingRecord }> {
    return this.update((data) => {
      const finding = findFinding(data, input.finding);
      return { mute: applyMute(data, { ...input, findingId: finding.id }), finding: { ...finding } };
    });
  }

  unmute(ref: string, by: Actor, now: Date): Promise<{ finding: FindingRecord; wasMuted: boolean }> {
    return this.update((data) => {
      const finding = findFinding(data, ref);
      return { wasMuted: applyUnmute(data, finding.id, by, now), finding: { ...finding } };
    });
  }

  /** A finding by full id or an unambiguous prefix of it (as `git` takes commit ids). */
  finding(ref: string): FindingRecord {
    return findFinding(this.#data, ref);
  }

  /** Recorded scans, newest first. */
  scans(accountId?: string): ScanRecord[] {
    return this.#data.scans.filter((s) => !accountId || s.accountId === accountId).reverse();
  }

  async #refresh(): Promise<void> {
    if (!this.#stale && sameStamp(this.#stamp, await this.file.stamp())) return;
    const read = await this.file.read();
    if (read.kind === 'corrupt') throw read.error;
    if (read.kind === 'absent') {
      // Deleted under us: keep what we have rather than silently starting over; the next write recreates it.
      this.#stamp = undefined;
    } else {
      this.#data = read.data;
      this.#stamp = read.stamp;
    }
    this.#stale = false;
  }
}

function findFinding(data: StateData, ref: string): FindingRecord {
  return findByIdOrPrefix(
    Object.values(data.findings),
    ref,
    () =>
      new NotFoundError(`no finding ${ref} in the state`, {
        hint: 'finding ids are printed by `rightsize scan` (a scan must be recorded before its findings can be muted)',
      }),
  );
}

/** The finding with this id, or the only one whose id starts with `ref` (at least 4 characters). */
export function findByIdOrPrefix<T extends { id: string }>(
  findings: readonly T[],
  ref: string,
  notFound: () => Error,
): T {
  const exact = findings.find((f) => f.id === ref);
  if (exact) return exact;
  const matches = ref.length >= 4 ? findings.filter((f) => f.id.startsWith(ref)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new AmbiguousNameError(
      `${ref} matches ${matches.length} findings: ${matches
        .slice(0, 5)
        .map((f) => f.id)
        .join(', ')}${matches.length > 5 ? ', …' : ''}`,
      { hint: 'give more of the id' },
    );
  throw notFound();
}
