import { Option } from 'commander';
import { AccessIndex } from '../queries/index.js';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { loadAccountSnapshot } from '../organization/load.js';
import type { CommandContext } from './context.js';

/** What `who-can`, `can` and `path` share: the snapshot's access index, timed, and the --context option. */

export interface LoadedIndex {
  index: AccessIndex;
  /** Building the index: every principal's effective permissions, and the escalation graph when the query needs it. */
  permissionsMs: number;
  graphMs?: number;
}

export async function loadAccessIndex(
  ctx: CommandContext,
  dir: string | undefined,
  options: { escalation: boolean },
): Promise<LoadedIndex> {
  const [snapshot, engine] = await Promise.all([loadAccountSnapshot(dir ?? demoSnapshotDir()), ctx.engine()]);
  let start = performance.now();
  const index = new AccessIndex(snapshot, engine, ctx.now());
  const loaded: LoadedIndex = { index, permissionsMs: performance.now() - start };
  if (options.escalation) {
    start = performance.now();
    index.escalation();
    loaded.graphMs = performance.now() - start;
  }
  return loaded;
}

/** Printed to stderr after the answer, so that JSON on stdout stays clean. */
export function indexNote(loaded: LoadedIndex, answerMs: number): string {
  const graph = loaded.graphMs === undefined ? '' : ` + escalation graph ${Math.round(loaded.graphMs)} ms`;
  return `(index of ${loaded.index.principalCount} principals in account ${loaded.index.snapshot.accountId} built in ${Math.round(loaded.permissionsMs)} ms${graph}; answered in ${Math.round(answerMs)} ms)`;
}

/** Times one query against the index. */
export function timed<T>(query: () => T): { answer: T; ms: number } {
  const start = performance.now();
  const answer = query();
  return { answer, ms: performance.now() - start };
}

export function contextOption(): Option {
  return new Option(
    '--context <key=value>',
    'a condition key the request carries (repeatable): aws:MultiFactorAuthPresent=true, aws:SourceIp=203.0.113.7, aws:PrincipalTag/team=payments',
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

export function formatOption(): Option {
  return new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text');
}
