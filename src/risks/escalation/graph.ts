import type { RuleContext } from '../types.js';
import { CandidateSets } from './candidates.js';
import { Connector, SomewhereChecks } from './connect.js';
import { ControlTargets } from './control-targets.js';
import { Controls } from './controls.js';
import { GraphEdges } from './graph-edges.js';
import { escalationActions, MethodEdges } from './method-edges.js';
import {
  nearestForward,
  pathOf,
  pathTowards,
  shortestToAdministrator,
  towards,
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
  /** The fewest-step path from one principal to another (at most 6 steps), if any. */
  pathBetween(fromArn: string, toArn: string): EscalationPath | undefined;
  /** One backwards search from `targets`: then, for any principal, its fewest-step path to one of them. */
  pathsTowards(targets: ReadonlySet<string>): (fromArn: string) => EscalationPath | undefined;
  /** The principals one step away: those it can become, and those that can become it. */
  neighbours(arn: string): { to: string[]; from: string[] };
  edgeCount: number;
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
export function buildEscalationGraph(ctx: RuleContext): EscalationGraph {
  const graph = new GraphEdges(ctx);
  const lists = new TargetLists(ctx.engine);
  const candidates = new CandidateSets(ctx, lists, new ServiceRoles(ctx.snapshot));
  const somewhere = new SomewhereChecks(ctx);
  const relevant = escalationActions(ctx);
  const connector = new Connector(ctx, graph, lists, somewhere, relevant);
  const controls = new Controls(ctx, graph, lists, connector, new ControlTargets(ctx, lists));
  const methods = new MethodEdges(ctx, graph, candidates, somewhere, connector, controls, relevant);

  addTrustEdges(ctx, graph, lists, connector);
  for (const principal of ctx.index.principals) methods.addFor(principal);
  let distances = shortestToAdministrator(graph);
  // "Change X's policies, then become X": an edge to any-permission once X is reachable.
  if (controls.addEdges(distances)) distances = shortestToAdministrator(graph);

  // Fan-out edges keep their candidate set's titleOf, which can keep the sets and their indexes alive:
  // what only the build needs is let go here, so that the graph is what stays.
  for (const unit of [connector, lists, candidates, somewhere, controls]) unit.clear();
  graph.dropReverseEdges();
  return {
    edgeCount: graph.edgeCount,
    pathOf: (arn) => pathOf(graph, distances, arn),
    pathBetween: (from, to) => {
      const edges = nearestForward(graph, from, (node) => node === to);
      return edges && pathTowards(graph, edges);
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
        return edges.length > 0 ? pathTowards(graph, edges) : undefined;
      };
    },
    neighbours: (arn) => graph.neighbours(arn),
  };
}
