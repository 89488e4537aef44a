import type { ActionSet } from '../../iam/index.js';
import type { Principal } from '../../snapshot/index.js';
import { adminLevelOf } from '../admin.js';
import { checkAction, type ActionCheck } from '../capability.js';
import type { RuleContext } from '../types.js';
import type { CandidateSets } from './candidates.js';
import type { Connector, SomewhereChecks } from './connect.js';
import type { Controls } from './controls.js';
import { ANY_PERMISSION, keysOf, MethodEdge, stepAction, type EscalationStep } from './edges.js';
import type { GraphEdges } from './graph-edges.js';
import type { MethodRequests } from './method-conditions.js';
import { ESCALATION_METHODS, type EscalationMethod } from './methods.js';

/** Method kinds whose edge can lead straight to any-permission (the principal rewrites its own permissions). */
const SELF_KINDS = new Set<EscalationMethod['kind']>([
  'modify-attached-policy',
  'write-principal-policy',
  'remove-boundary',
]);

/** Every action an escalation method needs, and sts:AssumeRole: plans are asked only about these. */
export function escalationActions(ctx: RuleContext): ActionSet {
  return ctx.engine.catalog.setOf([...ESCALATION_METHODS.flatMap((m) => m.actions), 'sts:AssumeRole']).compact();
}

/**
 * Each principal's edges by the escalation methods (methods.ts) it may use: policy rewrites go to
 * Controls, removing its own boundary is a step to any-permission, the rest connect to candidates.
 */
export class MethodEdges {
  /** Each method with its actions' catalog indices, self-escalation kinds first. */
  private readonly methodActions: { method: EscalationMethod; indices: number[] }[];

  constructor(
    private readonly ctx: RuleContext,
    private readonly graph: GraphEdges,
    private readonly candidates: CandidateSets,
    private readonly somewhere: SomewhereChecks,
    private readonly connector: Connector,
    private readonly controls: Controls,
    private readonly requests: MethodRequests,
    private readonly relevant: ActionSet,
  ) {
    // Ways to change one's own permissions first: when one is certain, the others need not be built.
    this.methodActions = ESCALATION_METHODS.filter(
      (m) => m.kind !== 'composite' && !m.retired && !candidates.reachesNothing(m),
    )
      .sort((a, b) => Number(!SELF_KINDS.has(a.kind)) - Number(!SELF_KINDS.has(b.kind)))
      .map((method) => ({
        method,
        // An action missing from the catalog is not checked here; checking it on the principal says no.
        indices: method.actions.flatMap((action) => ctx.engine.catalog.indexOf(action) ?? []),
      }));
  }

  /** The principal's edges by every method it may use. */
  addFor(principal: Principal): void {
    if (this.graph.adminLevels.has(principal.arn)) return;
    const effective = this.ctx.effective(principal);
    if (!effective.allowed.intersects(this.relevant)) return;
    for (const method of this.usableMethods(effective.allowed)) {
      this.addMethod(principal, method);
      // A certain one-step way to any permission is the shortest path there is: the rest cannot beat it.
      // Only the self kinds (which come first) lead there.
      if (SELF_KINDS.has(method.kind) && this.graph.certainlySelfEscalates(principal.arn)) return;
    }
  }

  /** The methods whose actions are all allowed: a few bit tests each, no set or key per principal. */
  private usableMethods(allowed: ActionSet): EscalationMethod[] {
    const usable: EscalationMethod[] = [];
    for (const { method, indices } of this.methodActions) {
      let all = true;
      for (const index of indices)
        if (!allowed.has(index)) {
          all = false;
          break;
        }
      if (all) usable.push(method);
    }
    return usable;
  }

  /** The method's other actions, checked on some resource: all must be allowed. */
  private supportingActions(principal: Principal, method: EscalationMethod) {
    const support = this.supportGrant(principal, method);
    if (support === undefined) return undefined;
    const steps: EscalationStep['actions'] = [];
    for (const [action, check] of support.checks) steps.push(stepAction(action, undefined, check));
    return { steps, conditional: support.conditional, checks: [...support.checks.values()] };
  }

  /**
   * The method's other actions, each allowed somewhere (as the method calls it: conditions it decides are
   * evaluated): undefined if one is not, else their checks and whether one holds only under conditions.
   */
  private supportGrant(
    principal: Principal,
    method: EscalationMethod,
  ): { checks: Map<string, ActionCheck>; conditional: boolean } | undefined {
    let conditional = false;
    const checks = new Map<string, ActionCheck>();
    const request = this.requests.of(method);
    for (const action of method.actions) {
      if (action === method.targetAction) continue;
      const check = this.somewhere.of(principal, action, request);
      if (check.grant === 'no') return undefined;
      if (check.grant === 'conditional') conditional = true;
      checks.set(action, check);
    }
    return { checks, conditional };
  }

  private addMethod(principal: Principal, method: EscalationMethod): void {
    if (method.kind === 'modify-attached-policy' || method.kind === 'write-principal-policy') {
      const support = this.supportingActions(principal, method);
      if (!support) return;
      this.controls.add(principal, method, support);
      return;
    }
    if (method.kind === 'remove-boundary') this.addBoundaryRemoval(principal, method);
    else this.addCandidateEdges(principal, method);
  }

  private addBoundaryRemoval(principal: Principal, method: EscalationMethod): void {
    const support = this.supportingActions(principal, method);
    if (!support || principal.kind !== method.principalKind || !principal.policies.boundary) return;
    const check = checkAction(this.ctx, principal, method.targetAction!, principal.arn, () =>
      this.requests.of(method).target(principal.arn),
    );
    // Only an escalation when its own policies, uncapped, make it an administrator.
    if (
      check.grant === 'no' ||
      // Without the boundary, SCPs still cap it (they are not the principal's to remove).
      !adminLevelOf(
        this.ctx,
        this.ctx.engine.effectivePermissions({
          identity: principal.policies.identity,
          ...(principal.policies.scps && { scps: principal.policies.scps }),
        }),
      )
    )
      return;
    this.graph.add({
      from: principal.arn,
      to: ANY_PERMISSION,
      methodId: method.id,
      title: `${method.title}; its own policies then apply uncapped`,
      actions: [stepAction(method.targetAction!, principal.arn, check), ...support.steps],
      conditional: support.conditional || check.grant === 'conditional',
      conditionKeys: keysOf([check, ...support.checks]),
    });
  }

  private addCandidateEdges(principal: Principal, method: EscalationMethod): void {
    const candidates = this.candidates.forHolder(principal, method);
    // Most holders reach no candidate (iam:PassRole on a harmless role): the other actions are checked only for an edge.
    let support: ReturnType<MethodEdges['supportGrant']> | null = null;
    this.connector.connect(
      principal,
      method.targetAction,
      candidates,
      method.title,
      (to, resource, check, title, assumption) => {
        if (support === null) support = this.supportGrant(principal, method);
        if (support === undefined) return;
        this.graph.addEdge(
          new MethodEdge(
            principal.arn,
            to,
            method,
            title,
            resource,
            check,
            support.checks,
            support.conditional,
            assumption,
          ),
        );
      },
      this.requests.of(method),
    );
  }
}
