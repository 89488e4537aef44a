import { resolve } from 'node:path';
import { Low } from 'lowdb';
import { AmbiguousNameError, NotFoundError, StateError } from '../errors.js';
import { applyMute, applyScan, applyUnmute, type MuteInput, type RecordScanInput, type ScanDiff } from './lifecycle.js';
import { StateFile, StateFileAdapter } from './state-file.js';
import { DEFAULT_LOCK_TIMING, withStateLock, type HeldLock, type LockTiming } from './state-lock.js';
import { emptyState, type Actor, type FindingRecord, type Mute, type ScanRecord, type StateData } from './types.js';

/**
 * Rightsize's memory: one JSON state file in a lowdb `Low`, read once and kept in memory. Updates run one at a time
 * in this process (a queue) and, across processes, under the state file's lock: each one re-reads the file under
 * the lock (`db.read()`) when another process changed it (e.g. `rightsize mute` while `serve` runs), applies its
 * change to what the file holds now, and writes it (`db.write()`, atomically: see StateFileAdapter) before the lock
 * is released. An update resolves only once its write has landed; otherwise it rejects with a StateError. A file
 * that cannot be read or parsed is never written.
 */
export class StateStore {
  readonly #db: Low<StateData>;
  readonly #adapter: StateFileAdapter;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    adapter: StateFileAdapter,
    db: Low<StateData>,
    private readonly lockTiming: LockTiming,
    /** The schema version the file had when it needed migrating (written back on the next update). */
    readonly migratedFrom?: number,
  ) {
    this.#adapter = adapter;
    this.#db = db;
  }

  /** Opens (or starts) a state file. Throws StateError when it exists but cannot be used. */
  static async open(path: string, options: { lockTiming?: LockTiming } = {}): Promise<StateStore> {
    const adapter = new StateFileAdapter(new StateFile(resolve(path)));
    const db = new Low<StateData>(adapter, emptyState());
    await db.read();
    return new StateStore(adapter, db, options.lockTiming ?? DEFAULT_LOCK_TIMING, adapter.migratedFrom);
  }

  get path(): string {
    return this.#adapter.file.path;
  }

  /** The state as of the last read or update. Read-only by contract: change it through `update`. */
  get data(): Readonly<StateData> {
    return this.#db.data;
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
            result = change(this.#db.data);
          } catch (e) {
            this.#adapter.markStale();
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
      this.#adapter.markStale();
      return new StateError(this.path, detail, { cause, hint });
    };
    if (held.lost())
      throw failed(
        `lost its lock to another process (${held.lost()!.message}); this change was not saved`,
        held.lost(),
      );
    try {
      await this.#db.write();
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
      return this.#db.data;
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
    return findFinding(this.#db.data, ref);
  }

  /** Recorded scans, newest first. */
  scans(accountId?: string): ScanRecord[] {
    return this.#db.data.scans.filter((s) => !accountId || s.accountId === accountId).reverse();
  }

  /**
   * Re-reads the file when it may differ from memory. A file deleted under us reads as `null`, and lowdb keeps what
   * we have rather than silently starting over; the next write recreates it.
   */
  async #refresh(): Promise<void> {
    if (await this.#adapter.changed()) await this.#db.read();
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
