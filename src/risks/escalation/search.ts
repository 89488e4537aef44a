import type { AdminLevel } from '../admin.js';
import { ANY_PERMISSION, collapse, type Edge, type EscalationStep } from './edges.js';
import type { GraphEdges } from './graph-edges.js';

/** The searches over the escalation graph: shortest paths to administrator, and the two searches for control edges. */

export interface EscalationPath {
  steps: EscalationStep[];
  /** The administrator reached, or ANY_PERMISSION. */
  reaches: string;
  reachesLevel?: AdminLevel;
  conditional: boolean;
  /** The condition keys its conditional steps depend on (the holder's to meet), each once. */
  conditionKeys: string[];
  assumptions: string[];
}

export type Distances = Map<string, { distance: number; next?: Edge }>;

/** Shortest weighted distance from each node to administrator, with the edge to take. */
export function shortestToAdministrator(graph: GraphEdges): Distances {
  const reverse = graph.reverseEdges();
  const result: Distances = new Map();
  const start = [ANY_PERMISSION, ...graph.adminLevels.keys()];
  for (const node of start) result.set(node, { distance: 0 });
  // Dijkstra over a few distinct weights (0, 1, UNCERTAIN and their sums): a bucket per distance.
  const buckets = new Map<number, string[]>([[0, start]]);
  while (buckets.size > 0) {
    const d = Math.min(...buckets.keys());
    const bucket = buckets.get(d)!;
    for (let k = 0; k < bucket.length; k++) {
      const node = bucket[k]!;
      if (result.get(node)!.distance !== d) continue;
      for (const edge of reverse.get(node) ?? []) {
        const nd = d + edge.weight;
        const known = result.get(edge.from);
        if (known && known.distance <= nd) continue;
        result.set(edge.from, { distance: nd, next: edge });
        const target = buckets.get(nd);
        if (target) target.push(edge.from);
        else buckets.set(nd, [edge.from]);
      }
    }
    buckets.delete(d);
  }
  return result;
}

/** The path from a principal, read from the distances alone: the edge each node takes towards an administrator. */
export function pathOf(
  distances: Distances,
  adminLevels: ReadonlyMap<string, AdminLevel>,
  arn: string,
): EscalationPath | undefined {
  const start = distances.get(arn);
  if (!start || start.distance === 0 || !start.next) return undefined;
  const edges: Edge[] = [];
  let node = arn;
  const seen = new Set<string>();
  while (!seen.has(node)) {
    seen.add(node);
    const next = distances.get(node)?.next;
    if (!next) break;
    edges.push(next);
    node = next.to;
  }
  return pathTowards(adminLevels, edges);
}

/** A path along the given edges (fan-out hops folded into their steps). */
export function pathTowards(adminLevels: ReadonlyMap<string, AdminLevel>, edges: readonly Edge[]): EscalationPath {
  const steps = collapse(edges);
  const reaches = steps[steps.length - 1]!.to;
  const path: EscalationPath = {
    steps,
    reaches,
    conditional: steps.some((s) => s.conditional),
    conditionKeys: [...new Set(steps.flatMap((s) => (s.conditional ? (s.conditionKeys ?? []) : [])))],
    assumptions: steps.flatMap((s) => (s.assumption ? [s.assumption] : [])),
  };
  const level = adminLevels.get(reaches);
  if (level) path.reachesLevel = level;
  return path;
}

/** Breadth-first from start (at most 6 hops, 50,000 nodes): the edges to the nearest node that passes `test`. */
export function nearestForward(graph: GraphEdges, start: string, test: (node: string) => boolean): Edge[] | undefined {
  const via = new Map<string, Edge | undefined>([[start, undefined]]);
  let frontier = [start];
  for (let depth = 0; depth < 6 && frontier.length > 0 && via.size < 50_000; depth++) {
    const next: string[] = [];
    for (const node of frontier)
      for (const edge of graph.out.get(node) ?? []) {
        if (via.has(edge.to) || edge.to === ANY_PERMISSION) continue;
        via.set(edge.to, edge);
        if (test(edge.to)) {
          const path: Edge[] = [];
          for (let e: Edge | undefined = edge; e; e = via.get(e.from)) path.unshift(e);
          return path;
        }
        next.push(edge.to);
      }
    frontier = next;
  }
  return undefined;
}

/** Backwards breadth-first search from the targets: for each node that reaches one, the edge to take. */
export function towards(graph: GraphEdges, targets: ReadonlySet<string>): Map<string, Edge> {
  const reverse = graph.reverseEdges();
  const next = new Map<string, Edge>();
  const seen = new Set(targets);
  let frontier = [...targets];
  while (frontier.length > 0) {
    const following: string[] = [];
    for (const node of frontier)
      for (const edge of reverse.get(node) ?? []) {
        if (seen.has(edge.from)) continue;
        seen.add(edge.from);
        next.set(edge.from, edge);
        following.push(edge.from);
      }
    frontier = following;
  }
  return next;
}
