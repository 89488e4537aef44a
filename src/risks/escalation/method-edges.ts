import type { ActionSet } from '../../iam/index.js';
import type { Principal } from '../../snapshot/index.js';
import { adminLevelOf } from '../admin.js';
import { checkAction } from '../capability.js';
import type { RuleContext } from '../types.js';
import type { CandidateSets } from './candidates.js';
import type { Connector, SomewhereChecks } from './connect.js';
import type { Controls } from './controls.js';
import { ANY_PERMISSION, MethodEdge, stepAction, type EscalationStep } from './edges.js';
import type { GraphEdges } from './graph-edges.js';
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
    const steps: EscalationStep['actions'] = [];
    const conditional = this.supportGrant(principal, method);
    if (conditional === undefined) return undefined;
    for (const action of method.actions)
      if (action !== method.targetAction)
        steps.push(stepAction(action, undefined, this.somewhere.of(principal, action)));
    return { steps, conditional };
  }

  /** Whether the method's other actions are allowed somewhere: undefined if one is not, else whether only under conditions. */
  private supportGrant(principal: Principal, method: EscalationMethod): boolean | undefined {
    let conditional = false;
    for (const action of method.actions) {
      if (action === method.targetAction) continue;
      const check = this.somewhere.of(principal, action);
      if (check.grant === 'no') return undefined;
      if (check.grant === 'conditional') conditional = true;
    }
    return conditional;
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
    const check = checkAction(this.ctx, principal, method.targetAction!, principal.arn);
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
    });
  }

  private addCandidateEdges(principal: Principal, method: EscalationMethod): void {
    const candidates = this.candidates.forHolder(principal, method);
    // Most holders reach no candidate (iam:PassRole on a harmless role): the other actions are checked only for an edge.
    let supportConditional: boolean | undefined | null = null;
    this.connector.connect(
      principal,
      method.targetAction,
      candidates,
      method.title,
      (to, resource, check, title, assumption) => {
        if (supportConditional === null) supportConditional = this.supportGrant(principal, method);
        if (supportConditional === undefined) return;
        this.graph.addEdge(
          new MethodEdge(
            principal.arn,
            to,
            method,
            title,
            resource,
            check,
            this.somewhere.checks,
            supportConditional,
            assumption,
          ),
        );
      },
    );
  }
}
