import type { Principal } from '../../snapshot/index.js';
import { checkAction, checkActionOnEach, type ActionCheck } from '../capability.js';
import { everyTarget } from '../every-target.js';
import type { RuleContext } from '../types.js';
import { ANY_PERMISSION, collapse, keysOf, stepAction, UNCERTAIN, type Edge, type EscalationStep } from './edges.js';
import type { Connector } from './connect.js';
import type { ControlTargets } from './control-targets.js';
import type { GraphEdges } from './graph-edges.js';
import type { MethodRequest, MethodRequests } from './method-conditions.js';
import type { EscalationMethod } from './methods.js';
import { normalisePatterns, PositionTargets, type Grant, type Positions, type Targets } from './positions.js';
import { nearestForward, towards, type Distances } from './search.js';
import type { TargetLists } from './target-lists.js';

/** A principal that can rewrite the policies of others: checked once the others are reachable. */
export interface Control {
  principal: Principal;
  method: EscalationMethod;
  support: EscalationStep['actions'];
  supportConditional: boolean;
  /** The checks of the support actions: their condition keys, if a step is conditional. */
  supportChecks: readonly ActionCheck[];
  /** What the method's requests carry (the policy attached, the target's boundary and tags). */
  request: MethodRequest;
}

/**
 * Principals that can rewrite policies. Rewriting one's own is an edge to any-permission at once;
 * rewriting another's is "reach X, then rewrite X's policies", known only once the graph says who
 * reaches whom, so those controls wait for addEdges.
 */
export class Controls {
  private readonly pending: Control[] = [];

  constructor(
    private readonly ctx: RuleContext,
    private readonly graph: GraphEdges,
    private readonly lists: TargetLists,
    private readonly connector: Connector,
    private readonly targets: ControlTargets,
    private readonly requests: MethodRequests,
  ) {}

  /**
   * A principal that may use a policy method, with the method's other actions (`support`): changing
   * its own permissions is any-permission at once; changing others' waits for reachability.
   */
  add(
    principal: Principal,
    method: EscalationMethod,
    support: { steps: EscalationStep['actions']; conditional: boolean; checks: readonly ActionCheck[] },
  ): void {
    const request = this.requests.of(method);
    const control: Control = {
      principal,
      method,
      support: support.steps,
      supportConditional: support.conditional,
      supportChecks: support.checks,
      request,
    };
    // Any of its own policies (or its group's) will do: the first one it may rewrite without conditions.
    const index = this.targets.index(method);
    let best: { position: number; check: ActionCheck } | undefined;
    for (const position of index.holders.of(principal.arn)) {
      const resource = index.entries[position]!.resource;
      const check = checkAction(this.ctx, principal, method.targetAction!, resource, () => request.target(resource));
      if (check.grant === 'yes' || (check.grant === 'conditional' && !best)) best = { position, check };
      if (check.grant === 'yes') break;
    }
    if (best) {
      const entry = index.entries[best.position]!;
      this.graph.add({
        from: control.principal.arn,
        to: ANY_PERMISSION,
        methodId: control.method.id,
        title: entry.titleBy(method),
        actions: [stepAction(control.method.targetAction!, entry.resource, best.check), ...control.support],
        conditional: control.supportConditional || best.check.grant === 'conditional',
        conditionKeys: keysOf([best.check, ...control.supportChecks]),
      });
      if (best.check.grant === 'yes') return;
    }
    this.pending.push(control);
  }

  /**
   * Adds "reach X, then rewrite X's policies" edges. Controls over every target of a method (e.g.
   * iam:AttachRolePolicy on "*") share one backwards search from those targets; a control over a few
   * named targets searches forwards from its principal. Returns whether any edge was added.
   */
  addEdges(distances: Distances): boolean {
    const shared = new Map<string, Control[]>();
    const found: Omit<Edge, 'weight'>[] = [];
    for (const control of this.pending) {
      // A principal with a certain path already gains nothing from a longer one.
      if ((distances.get(control.principal.arn)?.distance ?? Infinity) < UNCERTAIN) continue;
      // Reaching X needs a first step to some other node: without one, whom it could rewrite is never asked
      // (at 10,000 principals, nine in ten of these controls).
      if (!this.graph.leadsOnward(control.principal.arn)) continue;
      const action = control.method.targetAction!;
      if (this.everywhere(control.principal, action)) {
        const list = shared.get(control.method.id);
        if (list) list.push(control);
        else shared.set(control.method.id, [control]);
        continue;
      }
      const targets = this.controlledTargets(control);
      if (targets.isEmpty()) continue;
      const hit = nearestForward(this.graph, control.principal.arn, (node) => targets.has(node));
      if (hit) found.push(...controlEdge(this.ctx, control, hit, targets));
    }
    // Methods reaching the same principals (AttachUserPolicy, PutUserPolicy) share one backwards search.
    const searches = new Map<string, Map<string, Edge>>();
    for (const controls of shared.values()) {
      const method = controls[0]!.method;
      const index = this.targets.index(method);
      const targets = new PositionTargets(index.entries, index.holders, 'all', method);
      const holders = [...targets.holders()];
      const key = holders.join('\n');
      let toward = searches.get(key);
      if (!toward) searches.set(key, (toward = towards(this.graph, new Set(holders))));
      for (const control of controls) {
        const path: Edge[] = [];
        let node = control.principal.arn;
        while (!targets.has(node) && path.length <= 8) {
          const next = toward.get(node);
          if (!next) break;
          path.push(next);
          node = next.to;
        }
        if (path.length > 0 && targets.has(node)) found.push(...controlEdge(this.ctx, control, path, targets));
      }
    }
    for (const edge of found) this.graph.add(edge);
    return found.length > 0;
  }

  /**
   * True when the principal may perform the action without conditions on every resource it acts on
   * (Resource "*", or iam:AttachRolePolicy on role/*): the notion the rules use too.
   */
  private everywhere(principal: Principal, action: string): boolean {
    return everyTarget(this.ctx).allows(principal.policies, this.ctx.effective(principal), principal.arn, action);
  }

  private readonly controlledCache = new Map<string, PositionTargets>();

  /** The principals a control may rewrite (itself included; callers skip it), shared by equal grants. */
  private controlledTargets(control: Control): PositionTargets {
    const action = control.method.targetAction!;
    const index = this.targets.index(control.method);
    const planned = this.connector.planFor(control.principal, action, control.request);
    const targetsAt = (allowed: Positions) =>
      new PositionTargets(index.entries, index.holders, allowed, control.method);
    if (planned === null) return targetsAt(new Int32Array(0));
    if (planned.plan === undefined) {
      const checks = checkActionOnEach(this.ctx, control.principal, action, index.resources, control.request.target);
      return targetsAt(Int32Array.from(checks.flatMap((c, i) => (c.grant === 'no' ? [] : [i]))));
    }
    const plan = planned.plan;
    const grant: Grant = {
      patterns: normalisePatterns([...plan.allow.patterns, ...plan.conditional.patterns]),
      except: [...plan.allow.except, ...plan.conditional.except],
    };
    const resolved = this.lists.resolve(index.resources, grant, plan);
    // Per method: the list may be shared, but the titles name the method.
    const key = `${control.method.id}|${control.request.key}|${resolved.key}`;
    let targets = this.controlledCache.get(key);
    if (!targets) {
      targets = targetsAt(Int32Array.from(resolved.positions()));
      this.controlledCache.set(key, targets);
    }
    return targets;
  }

  clear(): void {
    this.controlledCache.clear();
    this.pending.length = 0;
    this.targets.clear();
  }
}

/** The edge "walk `path` to X, then rewrite X's policies", when the rewrite is allowed on X. */
function controlEdge(ctx: RuleContext, control: Control, path: Edge[], targets: Targets): Omit<Edge, 'weight'>[] {
  const target = targets.get(path.at(-1)!.to);
  if (!target) return [];
  const check = checkAction(ctx, control.principal, control.method.targetAction!, target.resource, () =>
    control.request.target(target.resource),
  );
  if (check.grant === 'no') return [];
  const steps = collapse(path);
  const assumption = steps.find((p) => p.assumption)?.assumption;
  const keys = new Set([...keysOf([check, ...control.supportChecks]), ...steps.flatMap((p) => p.conditionKeys ?? [])]);
  return [
    {
      from: control.principal.arn,
      to: ANY_PERMISSION,
      methodId: control.method.id,
      title: `${steps.map((p) => p.title).join(', then ')}, then ${target.title}`,
      actions: [
        ...steps.flatMap((p) => p.actions),
        stepAction(control.method.targetAction!, target.resource, check),
        ...control.support,
      ],
      conditional: control.supportConditional || check.grant === 'conditional' || steps.some((p) => p.conditional),
      conditionKeys: [...keys],
      ...(assumption && { assumption }),
    },
  ];
}
