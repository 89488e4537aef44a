import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawSnapshot } from './build.js';
import { SNAPSHOT_FILES } from './types.js';

/** The files of a snapshot directory before normalisation: what `collect` writes and `loadSnapshot` reads. */
export type SnapshotFiles = Omit<RawSnapshot, 'fallbackCollectedAt'>;

const FILE_OF: Record<keyof SnapshotFiles, string> = {
  authorizationDetails: SNAPSHOT_FILES.authorizationDetails,
  credentialReportCsv: SNAPSHOT_FILES.credentialReport,
  instances: SNAPSHOT_FILES.instances,
  functions: SNAPSHOT_FILES.functions,
  lastAccessed: SNAPSHOT_FILES.lastAccessed,
  events: SNAPSHOT_FILES.events,
  lakeEvents: SNAPSHOT_FILES.lakeEvents,
  meta: SNAPSHOT_FILES.meta,
};

/**
 * Writes a snapshot directory (created if needed). Each file is written whole and renamed into place; a file
 * this snapshot lacks is removed, so data from an earlier collection in the same directory never passes as new.
 */
export async function writeSnapshotDir(dir: string, files: SnapshotFiles): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [key, file] of Object.entries(FILE_OF) as [keyof SnapshotFiles, string][]) {
    const content = files[key];
    const path = join(dir, file);
    if (content === undefined) {
      await rm(path, { force: true });
      continue;
    }
    const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
    await writeFile(`${path}.tmp`, text);
    await rename(`${path}.tmp`, path);
  }
}
