import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { SNAPSHOT_FILES } from '../snapshot/index.js';
import type { CloudTrailCursor, TrailEvent } from './collectors/cloudtrail-events.js';

/** Kept next to the snapshot files; `scan` ignores it. */
export const CLOUDTRAIL_CURSOR_FILE = 'cloudtrail-cursor.json';

/**
 * The cursor and events an earlier collection left in `dir`, or undefined when there are none (or only one of
 * the two: events without a cursor cannot be continued, a cursor without its events would lose them).
 */
export async function readCloudTrailState(
  dir: string,
): Promise<{ cursor: CloudTrailCursor; events: TrailEvent[] } | undefined> {
  const cursorPath = join(dir, CLOUDTRAIL_CURSOR_FILE);
  const [cursorText, eventsText] = await Promise.all([
    readIfPresent(cursorPath),
    readIfPresent(join(dir, SNAPSHOT_FILES.events)),
  ]);
  if (cursorText === undefined || eventsText === undefined) return undefined;
  const fail = (file: string, detail: string): never => {
    throw new ConfigError(file, [{ path: '', message: detail }], {
      hint: `delete ${CLOUDTRAIL_CURSOR_FILE} to read CloudTrail from the start of the lookback window again`,
    });
  };
  let cursor: unknown;
  let events: unknown;
  try {
    cursor = JSON.parse(cursorText);
  } catch (e) {
    return fail(cursorPath, `not valid JSON: ${(e as Error).message}`);
  }
  try {
    events = JSON.parse(eventsText);
  } catch (e) {
    return fail(join(dir, SNAPSHOT_FILES.events), `not valid JSON: ${(e as Error).message}`);
  }
  const readUntil = (cursor as CloudTrailCursor | null)?.readUntil;
  if ((cursor as CloudTrailCursor | null)?.version !== 1 || typeof readUntil !== 'object' || readUntil === null)
    return fail(cursorPath, 'expected { "version": 1, "readUntil": { "<region>": "<ISO time>" } }');
  for (const [source, time] of Object.entries(readUntil as Record<string, unknown>))
    if (typeof time !== 'string' || Number.isNaN(Date.parse(time)))
      fail(cursorPath, `readUntil.${source}: not an ISO time`);
  const list = (events as { Events?: unknown } | null)?.Events;
  if (!Array.isArray(list)) fail(join(dir, SNAPSHOT_FILES.events), 'expected { "Events": [...] }');
  return { cursor: cursor as CloudTrailCursor, events: list as TrailEvent[] };
}

/** Writes the cursor, or removes a stale one when this collection read no CloudTrail events. */
export async function writeCloudTrailCursor(dir: string, cursor: CloudTrailCursor | undefined): Promise<void> {
  const path = join(dir, CLOUDTRAIL_CURSOR_FILE);
  if (cursor === undefined) await rm(path, { force: true });
  else await writeFile(path, `${JSON.stringify(cursor, null, 2)}\n`);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
