import { COLLECTIONS, SCHEMA_VERSION, emptyState, type StateData } from './types.js';

type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] turns a version-n file into version n+1. */
const MIGRATIONS: Record<number, Migration> = {
  // Version 0: a file without schemaVersion (created by hand, or `{}`): every absent collection starts empty.
  0: (data) => ({ ...emptyState(), ...data, schemaVersion: 1 }),
  // Version 2 adds the Jira outbox (requests waiting for Jira).
  1: (data) => ({ jiraOutbox: [], ...data, schemaVersion: 2 }),
  // Version 3 adds the workflow collections (runs, and which workflow fired for which event).
  2: (data) => ({ workflowRuns: [], workflowFired: [], ...data, schemaVersion: 3 }),
  // Version 4 records fixes in full (plan, calls, verification, rollback; statuses failed, aborted,
  // rollback-failed) and approvals with their plan, approvers, expiry and Slack threads. Older records stay valid
  // as they are; the version keeps an older Rightsize from reading fix records it does not know.
  3: (data) => ({ ...data, schemaVersion: 4 }),
  // Version 5 remembers what each Slack channel's last digest showed (channel digests are deltas since it), and
  // where a fix's result was posted in each approval thread (so a rollback updates every copy).
  4: (data) => ({ channelDigests: [], ...data, schemaVersion: 5 }),
};

export type MigrationOutcome =
  { kind: 'ok'; data: StateData; migratedFrom?: number } | { kind: 'problem'; message: string; hint: string };

/** Brings parsed state up to SCHEMA_VERSION and checks its outline (record-level checks are `state check`'s). */
export function migrateState(raw: unknown): MigrationOutcome {
  const upgraded = upgradeState(raw);
  if (upgraded.kind === 'problem') return upgraded;
  const problem = outlineProblem(upgraded.data);
  if (problem)
    return {
      kind: 'problem',
      message: problem,
      hint: 'run `rightsize state check` to see what is wrong and `rightsize state repair` to fix it',
    };
  return {
    kind: 'ok',
    data: upgraded.data as unknown as StateData,
    ...(upgraded.migratedFrom !== undefined && { migratedFrom: upgraded.migratedFrom }),
  };
}

export type UpgradeOutcome =
  | { kind: 'ok'; data: Record<string, unknown>; migratedFrom?: number }
  | { kind: 'problem'; message: string; hint: string; newer?: boolean };

/** Runs the migrations from the file's schema version up to SCHEMA_VERSION; the collections are not looked at. */
export function upgradeState(raw: unknown): UpgradeOutcome {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { kind: 'problem', message: 'not a JSON object', hint: 'run `rightsize state check`' };
  let data = raw as Record<string, unknown>;
  const version = data.schemaVersion ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    return {
      kind: 'problem',
      message: `schemaVersion ${JSON.stringify(version)} is not a version`,
      hint: 'run `rightsize state check`',
    };
  if (version > SCHEMA_VERSION)
    return {
      kind: 'problem',
      newer: true,
      message: `written by a newer Rightsize (schema version ${version}; this one reads up to ${SCHEMA_VERSION})`,
      hint: 'upgrade Rightsize; the file is left as it is',
    };
  for (let v = version; v < SCHEMA_VERSION; v++) data = MIGRATIONS[v]!(data);
  return { kind: 'ok', data, ...(version < SCHEMA_VERSION && { migratedFrom: version }) };
}

/** The first collection that is missing or of the wrong kind (a list where a map belongs, or the reverse). */
export function outlineProblem(data: Record<string, unknown>): string | undefined {
  for (const [name, kind] of Object.entries(COLLECTIONS)) {
    const value = data[name];
    if (!isCollection(value, kind))
      return `"${name}" is ${value === undefined ? 'missing' : 'not a ' + (kind === 'list' ? 'list' : 'map')}`;
  }
  return undefined;
}

export function isCollection(value: unknown, kind: 'list' | 'map'): boolean {
  return kind === 'list' ? Array.isArray(value) : value !== null && typeof value === 'object' && !Array.isArray(value);
}
