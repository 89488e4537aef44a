import { adminLevel, type AdminLevel } from '../admin.js';
import type { RuleContext } from '../types.js';
import { ANY_PERMISSION, FanOutEdge, UNCERTAIN, VIRTUAL, type Candidate, type Edge } from './edges.js';

/**
 * The escalation graph as built: the edges out of each node, and the administrators, where paths end.
 * Every phase of the build adds to it; the searches (search.ts) read it, and it is all that stays once
 * the graph is built.
 */
export class GraphEdges {
  readonly out = new Map<string, Edge[]>();
  readonly adminLevels = new Map<string, AdminLevel>();
  edgeCount = 0;
  private fanOutCount = 0;
  private reverseCache?: Map<string, Edge[]>;

  constructor(ctx: RuleContext) {
    for (const p of ctx.index.principals) {
      const level = adminLevel(ctx, p);
      if (level) this.adminLevels.set(p.arn, level);
    }
  }

  add(edge: Omit<Edge, 'weight'>): void {
    const weighted = edge as Edge & { weight: number };
    weighted.weight = edge.conditional || edge.assumption ? UNCERTAIN : 1;
    this.addEdge(weighted);
  }

  addEdge(edge: Edge): void {
    // An administrator is where paths end: a step out of one is never part of a shortest path.
    if (edge.from === edge.to || this.adminLevels.has(edge.from)) return;
    this.push(edge);
  }

  private push(edge: Edge): void {
    const list = this.out.get(edge.from);
    if (list) list.push(edge);
    else this.out.set(edge.from, [edge]);
    this.reverseCache = undefined;
    this.edgeCount++;
  }

  /**
   * A node shared by every principal that may reach all of `candidates` (callers keep one per target
   * set and reach); undefined when there are none.
   */
  fanOut(list: () => readonly Candidate[], titleOf: (candidate: Candidate) => string): string | undefined {
    const candidates = list();
    if (candidates.length === 0) return undefined;
    const id = `${VIRTUAL}${this.fanOutCount++}`;
    this.out.set(
      id,
      candidates.map((c) => new FanOutEdge(id, c, titleOf)),
    );
    this.edgeCount += candidates.length;
    this.reverseCache = undefined;
    return id;
  }

  certainlySelfEscalates(arn: string): boolean {
    const edges = this.out.get(arn);
    if (!edges) return false;
    for (let i = edges.length - 1; i >= 0; i--)
      if (edges[i]!.to === ANY_PERMISSION && edges[i]!.weight === 1) return true;
    return false;
  }

  /** Whether a step leads from `arn` to another node than any-permission: a forward search from it finds nothing else. */
  leadsOnward(arn: string): boolean {
    const edges = this.out.get(arn);
    if (!edges) return false;
    for (const edge of edges) if (edge.to !== ANY_PERMISSION) return true;
    return false;
  }

  /** The edges into each node, for the backwards searches: built on first need after the last edge added. */
  reverseEdges(): Map<string, Edge[]> {
    if (!this.reverseCache) {
      this.reverseCache = new Map();
      for (const edges of this.out.values())
        for (const e of edges) {
          const list = this.reverseCache.get(e.to);
          if (list) list.push(e);
          else this.reverseCache.set(e.to, [e]);
        }
    }
    return this.reverseCache;
  }

  /** The principals one step from `arn` either way, through fan-out nodes. */
  neighbours(arn: string): { to: string[]; from: string[] } {
    const to = new Set<string>();
    for (const e of this.out.get(arn) ?? [])
      if (e.to.startsWith(VIRTUAL)) for (const f of this.out.get(e.to) ?? []) to.add(f.to);
      else to.add(e.to);
    const reverse = this.reverseEdges();
    const from = new Set<string>();
    for (const e of reverse.get(arn) ?? [])
      if (e.from.startsWith(VIRTUAL)) for (const f of reverse.get(e.from) ?? []) from.add(f.from);
      else from.add(e.from);
    to.delete(arn);
    from.delete(arn);
    return { to: [...to], from: [...from] };
  }

  /** Paths are read from the edges out; the reverse index is only for the build's searches. */
  dropReverseEdges(): void {
    this.reverseCache = undefined;
  }
}
