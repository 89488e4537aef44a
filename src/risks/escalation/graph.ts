import type { RuleContext } from '../types.js';
import { CandidateSets } from './candidates.js';
import { Connector, SomewhereChecks } from './connect.js';
import { ControlTargets } from './control-targets.js';
import { Controls } from './controls.js';
import { GraphEdges } from './graph-edges.js';
import { escalationActions, MethodEdges } from './method-edges.js';
import { pathOf, shortestToAdministrator, type EscalationPath } from './search.js';
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

  // What only the build needs is let go here. Paths are read from the distances (each node's next edge)
  // alone, so the edges keep only those on a shortest path alive: at 50,000 principals the rest, with the
  // candidate sets and checks they hold, is most of the graph.
  for (const unit of [connector, lists, candidates, somewhere, controls]) unit.clear();
  const { edgeCount, adminLevels } = graph;
  return { edgeCount, pathOf: (arn) => pathOf(distances, adminLevels, arn) };
}
