import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SnapshotError } from '../errors.js';
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

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SnapshotError(file, undefined, `cannot be read: ${(e as Error).message}`, { cause: e });
  }
}
