import { resolve } from 'node:path';
import { AmbiguousNameError, NotFoundError, StateError } from '../errors.js';
import { applyMute, applyScan, applyUnmute, type MuteInput, type RecordScanInput, type ScanDiff } from './lifecycle.js';
import { StateFile, sameStamp, type FileStamp } from './state-file.js';
import { emptyState, type Actor, type FindingRecord, type Mute, type ScanRecord, type StateData } from './types.js';

/**
 * Rightsize's memory: one JSON state file, read once and kept in memory. Updates run one at a time in this
 * process (a queue), re-read the file first when another process changed it (e.g. `rightsize mute` while the
 * scheduler runs), and replace it atomically. A file that cannot be read or parsed is never written.
 */
export class StateStore {
  #data: StateData;
  #stamp: FileStamp | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Set when an update failed half-way: the in-memory copy may differ from the file, so re-read it. */
  #stale = false;

  private constructor(
    private readonly file: StateFile,
    data: StateData,
    stamp: FileStamp | undefined,
    /** The schema version the file had when it needed migrating (written back on the next update). */
    readonly migratedFrom?: number,
  ) {
    this.#data = data;
    this.#stamp = stamp;
  }

  /** Opens (or starts) a state file. Throws StateError when it exists but cannot be used. */
  static async open(path: string): Promise<StateStore> {
    const file = new StateFile(resolve(path));
    const read = await file.read();
    if (read.kind === 'corrupt') throw read.error;
    if (read.kind === 'absent') return new StateStore(file, emptyState(), undefined);
    return new StateStore(file, read.data, read.stamp, read.migratedFrom);
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
    const run = this.#queue.then(async () => {
      await this.#refresh();
      let result: T;
      try {
        result = change(this.#data);
      } catch (e) {
        this.#stale = true;
        throw e;
      }
      try {
        this.#stamp = await this.file.write(this.#data);
      } catch (e) {
        this.#stale = true;
        throw new StateError(this.path, `could not be written: ${(e as Error).message}`, {
          cause: e,
          hint: 'check free space and permissions; the previous state is intact',
        });
      }
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
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
