import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { StateError } from '../errors.js';
import { migrateState } from './migrate.js';
import type { StateData } from './types.js';

/** Enough of a file's identity to notice that another process replaced it. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
  ino: number;
}

export type StateRead =
  | { kind: 'absent' }
  | { kind: 'ok'; data: StateData; stamp: FileStamp; migratedFrom?: number }
  | { kind: 'corrupt'; error: StateError; text: string };

/** Editors on Windows save JSON with a byte-order mark; JSON.parse refuses it, so it is dropped on reading. */
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * The state file on disk. A write goes to a temporary file of its own (`.<name>.<pid>-<random>.tmp`), is flushed to
 * disk, checked for its full length and renamed over the state file, so a crash or a full disk mid-write leaves the
 * previous state intact and two processes never write the same temporary file. Compact JSON: at 50k findings an
 * indented file is ~27% larger and slower to write, and `jq .` reads the compact one fine. Writers take the lock
 * first (src/store/state-lock.ts).
 */
export class StateFile {
  constructor(readonly path: string) {}

  async read(): Promise<StateRead> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
      throw new StateError(this.path, `cannot be read: ${(e as Error).message}`, {
        cause: e,
        hint: 'check the path and its permissions; the file is left as it is',
      });
    }
    const stamp = await this.stamp();
    const parsed = parseStateText(text);
    if (!parsed.ok)
      return {
        kind: 'corrupt',
        text,
        error: new StateError(this.path, parsed.problem, {
          cause: parsed.cause,
          hint: 'nothing was written to it; run `rightsize state check` for details and `rightsize state repair` to set it aside and start again',
        }),
      };
    const outcome = migrateState(parsed.value);
    if (outcome.kind === 'problem')
      return { kind: 'corrupt', text, error: new StateError(this.path, outcome.message, { hint: outcome.hint }) };
    return {
      kind: 'ok',
      data: outcome.data,
      stamp: stamp!,
      ...(outcome.migratedFrom !== undefined && { migratedFrom: outcome.migratedFrom }),
    };
  }

  async write(data: StateData): Promise<FileStamp> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = join(
      dirname(this.path),
      `.${basename(this.path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      await writeDurably(temp, Buffer.from(JSON.stringify(data)));
      await rename(temp, this.path);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    return (await this.stamp())!;
  }

  async stamp(): Promise<FileStamp | undefined> {
    const info = await stat(this.path).catch(() => undefined);
    return info && { mtimeMs: info.mtimeMs, size: info.size, ino: info.ino };
  }

  /**
   * Temporary files that interrupted writes left next to the state file (a process killed mid-write): this
   * version's `.<name>.<pid>-<random>.tmp`, and the `.<name>.tmp` of versions before it.
   */
  async leftoverTempFiles(): Promise<string[]> {
    const prefix = `.${basename(this.path)}.`;
    const entries = await readdir(dirname(this.path)).catch(() => [] as string[]);
    return entries
      .filter((entry) => entry.startsWith(prefix) && /^(\d+-[0-9a-f]+\.)?tmp$/.test(entry.slice(prefix.length)))
      .map((entry) => join(dirname(this.path), entry))
      .sort();
  }
}

/**
 * lowdb's adapter for the state file (StateStore holds a `Low<StateData>` over it). Ours rather than lowdb's
 * `JSONFile`: its writer (steno) writes every process's data to the same `.<name>.tmp`, so two processes renaming
 * it at once lose a write or fail with ENOENT, and it neither flushes nor checks the length of what it wrote. A
 * file that exists but is not usable state is an error here, never `null`: `null` tells lowdb "no file yet" and
 * would let the next write replace it with defaults. It remembers the stamp of what it last read or wrote, so the
 * store re-reads only when another process changed the file.
 */
export class StateFileAdapter implements Adapter<StateData> {
  #stamp: FileStamp | undefined;
  #stale = false;
  /** The schema version the file had on the last read, when it needed migrating. */
  migratedFrom: number | undefined;

  constructor(readonly file: StateFile) {}

  async read(): Promise<StateData | null> {
    const read = await this.file.read();
    if (read.kind === 'corrupt') throw read.error;
    this.#stale = false;
    if (read.kind === 'absent') {
      this.#stamp = undefined;
      return null;
    }
    this.#stamp = read.stamp;
    this.migratedFrom = read.migratedFrom;
    return read.data;
  }

  async write(data: StateData): Promise<void> {
    this.#stamp = await this.file.write(data);
  }

  /** Whether the file may hold something other than the last read or write (another process, a failed update). */
  async changed(): Promise<boolean> {
    return this.#stale || !sameStamp(this.#stamp, await this.file.stamp());
  }

  /** The copy in memory may differ from the file (an update failed half-way): the next `changed()` says so. */
  markStale(): void {
    this.#stale = true;
  }
}

/** The JSON of a state file's text, a byte-order mark allowed. */
export function parseStateText(
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: string; cause: unknown } {
  try {
    return { ok: true, value: JSON.parse(text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text) };
  } catch (e) {
    return { ok: false, problem: `is not valid JSON (${(e as Error).message})`, cause: e };
  }
}

/**
 * Writes all of `bytes` to a new file and flushes it to disk. A full disk shows first as a short write, not an error:
 * FileHandle.writeFile writes again until everything is written (and the next call fails with ENOSPC), and the length
 * is checked before the file may replace the state (write-file-atomic 8 does neither and renames a truncated file).
 */
async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
    const { size } = await handle.stat();
    if (size !== bytes.length) throw new Error(`wrote ${size} of ${bytes.length} bytes`);
  } finally {
    await handle.close();
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a?.mtimeMs === b?.mtimeMs && a?.size === b?.size && a?.ino === b?.ino;
}
