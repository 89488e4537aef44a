import { copyFile, readFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { formatPath } from '../key-path.js';
import { StateError } from '../errors.js';
import { isCollection, upgradeState } from './migrate.js';
import { parseStateText, StateFile } from './state-file.js';
import { withStateLock, type LockTiming } from './state-lock.js';
import {
  COLLECTIONS,
  RECORD_SCHEMAS,
  SCHEMA_VERSION,
  emptyState,
  type Actor,
  type CollectionName,
  type StateData,
} from './types.js';

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
  /** Writes that were interrupted left these temporary files; the state file itself is the last complete write. */
  leftoverTempFiles?: string[];
}

/** Reads a state file without changing it and lists everything wrong with it, record by record. */
export async function checkState(path: string): Promise<StateCheck> {
  const file = new StateFile(resolve(path));
  const leftoverTempFiles = await file.leftoverTempFiles();
  const base = { file: file.path, ...(leftoverTempFiles.length > 0 && { leftoverTempFiles }) };
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
 * Makes a state file usable again in one run, never losing the original: the file is first copied (or, when it is
 * not state at all, moved) next to itself with a `.corrupt-<time>` suffix. A collection of the wrong kind is
 * rebuilt from its records (or started empty), then invalid records and the references left dangling by them are
 * dropped and listed; an unparsable file is replaced by an empty state. A newer schema is refused. The repair holds
 * the state file's lock, so no other process writes in between.
 */
export async function repairState(
  path: string,
  now: Date,
  actor: Actor,
  lockTiming?: LockTiming,
): Promise<StateRepair> {
  const file = new StateFile(resolve(path));
  if (!(await file.stamp()) && (await file.leftoverTempFiles()).length === 0)
    return { check: await checkState(file.path), actions: [] };
  return withStateLock(file.path, () => repairLocked(file, now, actor), lockTiming);
}

async function repairLocked(file: StateFile, now: Date, actor: Actor): Promise<StateRepair> {
  const check = await checkState(file.path);
  const actions: string[] = [];
  // Under the lock no write is under way, so every temporary file is a leftover.
  for (const temp of check.leftoverTempFiles ?? []) {
    await rm(temp, { force: true });
    actions.push(`removed ${temp} left by an interrupted write`);
  }
  if (check.status === 'ok' || check.status === 'absent') return { check, actions };
  const backup = `${check.file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  const salvaged = salvage(await readFile(check.file, 'utf8'));
  if (salvaged.kind === 'newer')
    throw new StateError(check.file, salvaged.message, { hint: 'upgrade Rightsize instead of repairing' });
  let data: StateData;
  if (salvaged.kind === 'lost') {
    await rename(check.file, backup);
    data = emptyState();
    actions.push(`${check.unusable}: moved it to ${backup} and started an empty state`);
  } else {
    await copyFile(check.file, backup);
    data = salvaged.data;
    actions.push(...salvaged.actions, ...dropInvalidRecords(data));
  }
  data.audit.push({ at: now.toISOString(), actor, action: 'repair', subject: check.file, detail: actions.join('; ') });
  await file.write(data);
  return { check, actions, backup };
}

type Salvage =
  { kind: 'state'; data: StateData; actions: string[] } | { kind: 'lost' } | { kind: 'newer'; message: string };

/** What of a file's text can still be state: every collection that holds records keeps them. */
function salvage(text: string): Salvage {
  const parsed = parseStateText(text);
  if (!parsed.ok) return { kind: 'lost' };
  const actions: string[] = [];
  let upgraded = upgradeState(parsed.value);
  if (upgraded.kind === 'problem' && !upgraded.newer && isCollection(parsed.value, 'map')) {
    // An unreadable schemaVersion on an object: read it as this version; every record is checked below anyway.
    actions.push(`${upgraded.message}: read as version ${SCHEMA_VERSION}`);
    upgraded = upgradeState({ ...(parsed.value as object), schemaVersion: SCHEMA_VERSION });
  }
  if (upgraded.kind === 'problem')
    return upgraded.newer ? { kind: 'newer', message: upgraded.message } : { kind: 'lost' };
  const data = upgraded.data;
  for (const [name, kind] of Object.entries(COLLECTIONS) as [CollectionName, 'list' | 'map'][]) {
    const value = data[name];
    if (isCollection(value, kind)) continue;
    const rebuilt = rebuildCollection(name, kind, value);
    data[name] = rebuilt.value;
    actions.push(
      value === undefined
        ? `"${name}" was missing: ${rebuilt.note}`
        : `"${name}" was ${describeValue(value)}, not a ${kind}: ${rebuilt.note}`,
    );
  }
  return { kind: 'state', data: data as unknown as StateData, actions };
}

/** A list where a map belongs is filed by each record's id; a map where a list belongs keeps its values. */
function rebuildCollection(
  name: CollectionName,
  kind: 'list' | 'map',
  value: unknown,
): { value: unknown; note: string } {
  const records = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object'
      ? Object.values(value)
      : [];
  if (records.length === 0) return { value: kind === 'list' ? [] : {}, note: `started an empty ${kind}` };
  if (kind === 'list') return { value: records, note: `kept its ${records.length} record(s) as a list` };
  const idKey = name === 'findings' ? 'id' : 'findingId';
  const map: Record<string, unknown> = {};
  for (const record of records) {
    const id = (record as Record<string, unknown> | null)?.[idKey];
    if (typeof id === 'string' && id !== '' && !(id in map)) map[id] = record;
  }
  const dropped = records.length - Object.keys(map).length;
  return {
    value: map,
    note: `filed ${Object.keys(map).length} record(s) by ${idKey}${dropped ? `, dropped ${dropped} without one (or repeated)` : ''}`,
  };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a map' : `a ${typeof value}`;
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

/** Drops invalid records, then the references that pointed at them (a mute of a dropped finding), until none is left. */
function dropInvalidRecords(data: StateData): string[] {
  const actions: string[] = [];
  for (let round = dropInvalidOnce(data); round.length > 0; round = dropInvalidOnce(data)) actions.push(...round);
  return actions;
}

function dropInvalidOnce(data: StateData): string[] {
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
