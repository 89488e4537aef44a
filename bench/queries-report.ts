/** The access-query figures (bench/queries.ts) and how bench/run.ts prints them. */

export interface QueryTiming {
  query: string;
  /** Principals in the answer (direct + conditional + escalation). */
  answered: number;
  medianMs: number;
  minMs: number;
}

export interface QueriesMeasurement {
  dir: string;
  principals: number;
  /** AccessIndex: every principal's effective permissions, grouped by policy set. */
  indexMs: number;
  /** The escalation graph, built by the first query that follows escalation. */
  escalationGraphMs: number;
  /** The first who-can, index and graph already built (what a person waits for after the index). */
  firstQueryMs: number;
  whoCan: QueryTiming[];
  /** The median of the who-can medians: the figure against the 100 ms target. */
  whoCanMedianMs: number;
  canMedianMs: number;
  pathMedianMs: number;
}

/** Lines for the bench report; the target is per who-can query once the index is built. */
export function formatQueries(q: QueriesMeasurement): string {
  const lines = [
    `access queries at ${q.principals} principals (CPU time): index ${q.indexMs} ms + escalation graph ${q.escalationGraphMs} ms, first who-can ${q.firstQueryMs} ms`,
  ];
  const width = Math.max(...q.whoCan.map((t) => t.query.length));
  for (const t of q.whoCan)
    lines.push(
      `  who-can ${t.query.padEnd(width)}  median ${String(t.medianMs).padStart(6)} ms  min ${String(t.minMs).padStart(6)} ms  (${t.answered} principals)`,
    );
  lines.push(
    `  can (20 principals, s3:Get* on a wildcard resource): median ${q.canMedianMs} ms; path to administrator: median ${q.pathMedianMs} ms`,
  );
  const ok = q.whoCanMedianMs <= 100;
  lines.push(`${ok ? 'ok  ' : 'MISS'} whoCanMedianMsAt10k: ${q.whoCanMedianMs} (target ≤ 100)`);
  return lines.join('\n');
}
