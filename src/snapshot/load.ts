import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SnapshotError } from '../errors.js';
import { formatPath, pathDeeperThan } from '../key-path.js';
import { buildSnapshot, type RawSnapshot } from './build.js';
import { parseJsonFile } from './shape.js';
import { SNAPSHOT_FILES, type AccountSnapshot } from './types.js';

/** Loads a snapshot directory (architecture.md, "Snapshot directory"). */
export async function loadSnapshot(dir: string): Promise<AccountSnapshot> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new SnapshotError(dir, undefined, 'no such snapshot directory', {
      hint: 'pass a directory holding authorization-details.json, or leave out --snapshot to use the demo account',
    });
  const path = (file: string) => join(dir, file);
  const authPath = path(SNAPSHOT_FILES.authorizationDetails);
  const authText = await readText(authPath);
  if (authText === undefined)
    throw new SnapshotError(authPath, undefined, 'the required file is missing', {
      hint: 'create it with `aws iam get-account-authorization-details > authorization-details.json` or `rightsize collect`',
    });

  const json = async (file: string) => {
    const text = await readText(path(file));
    return text === undefined ? undefined : parseJsonFile(text, path(file));
  };
  const raw: RawSnapshot = {
    authorizationDetails: parseJsonFile(authText, authPath),
    fallbackCollectedAt: (await stat(authPath)).mtime.toISOString(),
  };
  const optional = {
    credentialReportCsv: await readText(path(SNAPSHOT_FILES.credentialReport)),
    instances: await json(SNAPSHOT_FILES.instances),
    functions: await json(SNAPSHOT_FILES.functions),
    lastAccessed: await json(SNAPSHOT_FILES.lastAccessed),
    events: await json(SNAPSHOT_FILES.events),
    lakeEvents: await json(SNAPSHOT_FILES.lakeEvents),
    meta: await json(SNAPSHOT_FILES.meta),
  };
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) (raw as unknown as Record<string, unknown>)[key] = value;
  try {
    return buildSnapshot(raw);
  } catch (e) {
    if (e instanceof RangeError) throw tooDeep(e, dir, raw);
    // Normalisers name the file; make it the full path so the person can open it.
    if (e instanceof SnapshotError && !e.file.includes('/'))
      throw new SnapshotError(
        path(e.file),
        e.jsonPath,
        e.detail,
        e.hint ? { cause: e.cause, hint: e.hint } : { cause: e.cause },
      );
    throw e;
  }
}

/** AWS output nests a few levels; deeper than this a value is not AWS output, and reading it overflowed the stack. */
const MAX_NESTING = 64;

/** The file and JSON path of what nested too deeply, found only after the stack overflowed (it costs a walk). */
function tooDeep(error: RangeError, dir: string, raw: RawSnapshot): SnapshotError {
  const files: [string, unknown][] = [
    [SNAPSHOT_FILES.authorizationDetails, raw.authorizationDetails],
    [SNAPSHOT_FILES.instances, raw.instances],
    [SNAPSHOT_FILES.functions, raw.functions],
    [SNAPSHOT_FILES.lastAccessed, raw.lastAccessed],
    [SNAPSHOT_FILES.events, raw.events],
    [SNAPSHOT_FILES.lakeEvents, raw.lakeEvents],
    [SNAPSHOT_FILES.meta, raw.meta],
  ];
  const hint = 'save the AWS CLI output unchanged (--output json), or re-run `rightsize collect`';
  for (const [file, value] of files) {
    const path = pathDeeperThan(value, MAX_NESTING);
    // The first levels say where in the file; the rest is the same bracket again and again.
    if (path)
      return new SnapshotError(
        join(dir, file),
        `$${formatPath(path.slice(0, 8)).replace(/^(?!\[)/, '.')}…`,
        `nested more than ${MAX_NESTING} levels deep`,
        { cause: error, hint },
      );
  }
  return new SnapshotError(dir, undefined, `too deeply nested to read (${error.message})`, { cause: error, hint });
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SnapshotError(file, undefined, `cannot be read: ${(e as Error).message}`, { cause: e });
  }
}
