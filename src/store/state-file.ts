import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataFile } from 'lowdb/node';
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

/**
 * The state file through lowdb's adapter: writes go to a temporary file that is renamed over the old one
 * (steno), so a crash mid-write leaves the previous state intact. Compact JSON: at 50k findings an indented
 * file is ~27% larger and slower to write, and `jq .` reads the compact one fine.
 */
export class StateFile {
  readonly #adapter: DataFile<string>;

  constructor(readonly path: string) {
    // The adapter moves text; parsing stays here so a bad file becomes a StateError with its path.
    this.#adapter = new DataFile<string>(path, { parse: (text) => text, stringify: (text) => text });
  }

  async read(): Promise<StateRead> {
    let text: string | null;
    try {
      text = await this.#adapter.read();
    } catch (e) {
      throw new StateError(this.path, `cannot be read: ${(e as Error).message}`, {
        cause: e,
        hint: 'check the path and its permissions; the file is left as it is',
      });
    }
    if (text === null) return { kind: 'absent' };
    const stamp = await this.stamp();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return {
        kind: 'corrupt',
        text,
        error: new StateError(this.path, `is not valid JSON (${(e as Error).message})`, {
          cause: e,
          hint: 'nothing was written to it; run `rightsize state check` for details and `rightsize state repair` to set it aside and start again',
        }),
      };
    }
    const outcome = migrateState(raw);
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
    await this.#adapter.write(JSON.stringify(data));
    return (await this.stamp())!;
  }

  async stamp(): Promise<FileStamp | undefined> {
    const info = await stat(this.path).catch(() => undefined);
    return info && { mtimeMs: info.mtimeMs, size: info.size, ino: info.ino };
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a?.mtimeMs === b?.mtimeMs && a?.size === b?.size && a?.ino === b?.ino;
}
