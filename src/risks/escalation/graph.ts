import type { RuleContext } from '../types.js';
import { CandidateSets } from './candidates.js';
import { Connector, SomewhereChecks } from './connect.js';
import { ControlTargets } from './control-targets.js';
import { Controls } from './controls.js';
import { GraphEdges } from './graph-edges.js';
import { MethodRequests } from './method-conditions.js';
import { escalationActions, MethodEdges } from './method-edges.js';
import {
  nearestForward,
  pathOf,
  pathTowards,
  shortestToAdministrator,
  towards,
  type Distances,
  type EscalationPath,
} from './search.js';
import { ServiceRoles } from './service-roles.js';
import { TargetLists } from './target-lists.js';
import { addTrustEdges } from './trust-edges.js';

export { ANY_PERMISSION, type EscalationStep } from './edges.js';
export type { EscalationPath } from './search.js';

export interface EscalationGraph {
  /** The best path from a principal to administrator, if any: certain steps first, then fewest. */
  pathOf(principalArn: string): EscalationPath | undefined;
  edgeCount: number;
}

/** A graph that keeps its edges, for questions between any two principals (access queries). */
export interface NavigableEscalationGraph extends EscalationGraph {
  /** The fewest-step path from one principal to another (at most 6 steps), if any. */
  pathBetween(fromArn: string, toArn: string): EscalationPath | undefined;
  /** One backwards search from `targets`: then, for any principal, its fewest-step path to one of them. */
  pathsTowards(targets: ReadonlySet<string>): (fromArn: string) => EscalationPath | undefined;
  /** The principals one step away: those it can become, and those that can become it. */
  neighbours(arn: string): { to: string[]; from: string[] };
}

/**
 * Who can become whom: nodes are principals, edges are escalation methods (methods.ts) and role
 * assumption through trust policies. Paths are found backwards from the administrators. A principal
 * that may act on every candidate (iam:PassRole on "*") gets one edge to a shared fan-out node instead
 * of one edge per role, so the graph stays linear in principals + roles.
 *
 * The build, in order: trust edges (trust-edges.ts), each principal's method edges (method-edges.ts,
 * connecting through shared plans and fan-out nodes in connect.ts), shortest paths (search.ts), then
 * "reach X, then rewrite X's policies" edges (controls.ts), which need those paths, and the paths again.
 */
function build(ctx: RuleContext): { graph: GraphEdges; distances: Distances } {
  const graph = new GraphEdges(ctx);
  const lists = new TargetLists(ctx.engine);
  const candidates = new CandidateSets(ctx, lists, new ServiceRoles(ctx.snapshot));
  const somewhere = new SomewhereChecks(ctx);
  const relevant = escalationActions(ctx);
  const connector = new Connector(ctx, graph, lists, somewhere, relevant);
  const requests = new MethodRequests(ctx);
  const controls = new Controls(ctx, graph, lists, connector, new ControlTargets(ctx, lists), requests);
  const methods = new MethodEdges(ctx, graph, candidates, somewhere, connector, controls, requests, relevant);

  addTrustEdges(ctx, graph, lists, connector);
  for (const principal of ctx.index.principals) methods.addFor(principal);
  let distances = shortestToAdministrator(graph);
  // "Change X's policies, then become X": an edge to any-permission once X is reachable.
  if (controls.addEdges(distances)) distances = shortestToAdministrator(graph);

  // What only the build needs is let go here. Paths are read from the distances (each node's next edge)
  // alone, so the edges keep only those on a shortest path alive: at 50,000 principals the rest, with the
  // candidate sets and checks they hold, is most of the graph.
  for (const unit of [connector, lists, candidates, somewhere, controls, requests]) unit.clear();
  return { graph, distances };
}

/** The graph the rules read: only each principal's path to administrator stays once it is built. */
export function buildEscalationGraph(ctx: RuleContext): EscalationGraph {
  const { graph, distances } = build(ctx);
  const { edgeCount, adminLevels } = graph;
  return { edgeCount, pathOf: (arn) => pathOf(distances, adminLevels, arn) };
}

/** The graph access queries read: it keeps its edges (and the memory they take) for paths between any two nodes. */
export function buildNavigableEscalationGraph(ctx: RuleContext): NavigableEscalationGraph {
  const { graph, distances } = build(ctx);
  graph.dropReverseEdges();
  return {
    edgeCount: graph.edgeCount,
    pathOf: (arn) => pathOf(distances, graph.adminLevels, arn),
    pathBetween: (from, to) => {
      const edges = nearestForward(graph, from, (node) => node === to);
      return edges && pathTowards(graph.adminLevels, edges);
    },
    pathsTowards: (targets) => {
      const next = towards(graph, targets);
      return (from) => {
        const edges = [];
        for (let node = from; !targets.has(node);) {
          const edge = next.get(node);
          if (!edge) return undefined;
          edges.push(edge);
          node = edge.to;
        }
        return edges.length > 0 ? pathTowards(graph.adminLevels, edges) : undefined;
      };
    },
    neighbours: (arn) => graph.neighbours(arn),
  };
}
