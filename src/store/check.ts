import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { formatPath } from '../key-path.js';
import { StateError } from '../errors.js';
import { StateFile } from './state-file.js';
import { COLLECTIONS, RECORD_SCHEMAS, emptyState, type Actor, type CollectionName, type StateData } from './types.js';

export interface StateProblem {
  /** JSON path of the record, e.g. `findings["admin-access-0a1b"].severity`. */
  path: string;
  message: string;
}

export interface StateCheck {
  file: string;
  status: 'ok' | 'absent' | 'problems' | 'unusable';
  /** Why the file cannot be used at all (not JSON, newer schema, a collection of the wrong kind). */
  unusable?: string;
  problems: StateProblem[];
  /** Records per collection, when the file could be read. */
  counts?: Record<CollectionName, number>;
  schemaVersion?: number;
  /** A write that was interrupted left its temporary file; the state file itself is the last complete write. */
  leftoverTempFile?: string;
}

/** Reads a state file without changing it and lists everything wrong with it, record by record. */
export async function checkState(path: string): Promise<StateCheck> {
  const file = new StateFile(resolve(path));
  const leftoverTempFile = await leftoverTemp(file.path);
  const base = { file: file.path, ...(leftoverTempFile && { leftoverTempFile }) };
  const read = await file.read();
  if (read.kind === 'absent') return { ...base, status: 'absent', problems: [] };
  if (read.kind === 'corrupt') return { ...base, status: 'unusable', unusable: read.error.detail, problems: [] };
  const problems = recordProblems(read.data);
  return {
    ...base,
    status: problems.length > 0 ? 'problems' : 'ok',
    problems,
    counts: Object.fromEntries(
      Object.keys(COLLECTIONS).map((name) => [name, size(read.data[name as CollectionName])]),
    ) as Record<CollectionName, number>,
    schemaVersion: read.migratedFrom ?? read.data.schemaVersion,
  };
}

export interface StateRepair {
  check: StateCheck;
  /** What was done, one line each; empty when there was nothing to repair. */
  actions: string[];
  /** The copy of the file as it was before the repair. */
  backup?: string;
}

/**
 * Makes a state file usable again, never losing the original: the file is first copied (or, when it is not
 * state at all, moved) next to itself with a `.corrupt-<time>` suffix. Invalid records and dangling references
 * are dropped and listed; an unparsable file is replaced by an empty state. A newer schema is refused.
 */
export async function repairState(path: string, now: Date, actor: Actor): Promise<StateRepair> {
  const check = await checkState(path);
  const file = new StateFile(check.file);
  const actions: string[] = [];
  if (check.leftoverTempFile) {
    await rm(check.leftoverTempFile, { force: true });
    actions.push(`removed ${check.leftoverTempFile} left by an interrupted write`);
  }
  if (check.status === 'ok' || check.status === 'absent') return { check, actions };
  const backup = `${check.file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  const read = await file.read();
  let data: StateData;
  if (read.kind === 'ok') {
    await copyFile(check.file, backup);
    data = read.data;
    actions.push(...dropInvalidRecords(data));
  } else {
    if (check.unusable?.startsWith('written by a newer'))
      throw new StateError(check.file, check.unusable, { hint: 'upgrade Rightsize instead of repairing' });
    await rename(check.file, backup);
    data = emptyState();
    actions.push(`${check.unusable}: moved it to ${backup} and started an empty state`);
  }
  data.audit.push({ at: now.toISOString(), actor, action: 'repair', subject: check.file, detail: actions.join('; ') });
  await file.write(data);
  return { check, actions, backup };
}

function recordProblems(data: StateData): StateProblem[] {
  const problems: StateProblem[] = [];
  forEachRecord(data, (collection, key, record, schema) => {
    const path = typeof key === 'number' ? `${collection}[${key}]` : `${collection}[${JSON.stringify(key)}]`;
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({
          path: `${path}${issue.path.length ? '.' + formatPath(issue.path) : ''}`,
          message: issue.message,
        });
      return;
    }
    const problem = referenceProblem(data, collection, key, record as Record<string, unknown>);
    if (problem) problems.push({ path, message: problem });
  });
  return problems;
}

function dropInvalidRecords(data: StateData): string[] {
  const drop: { collection: CollectionName; key: string | number; why: string }[] = [];
  forEachRecord(data, (collection, key, record, schema) => {
    const parsed = schema.safeParse(record);
    const why = parsed.success
      ? referenceProblem(data, collection, key, record as Record<string, unknown>)
      : parsed.error.issues.map((i) => `${formatPath(i.path) || 'record'}: ${i.message}`).join(', ');
    if (why) drop.push({ collection, key, why });
  });
  // Lists: remove from the end so earlier indexes stay valid.
  for (const { collection, key } of [...drop].reverse()) {
    const target = data[collection] as unknown;
    if (Array.isArray(target)) target.splice(key as number, 1);
    else delete (target as Record<string, unknown>)[key as string];
  }
  return drop.map(({ collection, key, why }) => `dropped ${collection}[${JSON.stringify(key)}] (${why})`);
}

function forEachRecord(
  data: StateData,
  visit: (collection: CollectionName, key: string | number, record: unknown, schema: z.ZodType) => void,
): void {
  for (const collection of Object.keys(COLLECTIONS) as CollectionName[]) {
    const value = data[collection] as unknown;
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((record, i) => [i, record])
      : Object.entries(value as Record<string, unknown>);
    for (const [key, record] of entries) visit(collection, key, record, RECORD_SCHEMAS[collection]);
  }
}

/** Map entries must be filed under their own id, and mutes and Jira links must point at a known finding. */
function referenceProblem(
  data: StateData,
  collection: CollectionName,
  key: string | number,
  record: Record<string, unknown>,
): string | undefined {
  if (COLLECTIONS[collection] !== 'map') return undefined;
  const id = collection === 'findings' ? record.id : record.findingId;
  if (id !== key) return `filed under "${key}" but its id is "${String(id)}"`;
  if (collection !== 'findings' && !data.findings[key as string]) return `refers to unknown finding "${key}"`;
  return undefined;
}

function size(value: unknown): number {
  return Array.isArray(value) ? value.length : Object.keys(value as object).length;
}

/** lowdb's writer (steno) writes `.name.tmp` next to the file, then renames it over the file. */
async function leftoverTemp(path: string): Promise<string | undefined> {
  const temp = join(dirname(path), `.${basename(path)}.tmp`);
  return (await stat(temp).catch(() => undefined)) ? temp : undefined;
}
