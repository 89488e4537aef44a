import type { ActionSet } from '../../iam/index.js';
import type { Principal } from '../../snapshot/index.js';
import { adminLevelOf } from '../admin.js';
import { checkAction } from '../capability.js';
import type { RuleContext } from '../types.js';
import { ANY_PERMISSION, MethodEdge, stepAction, type Candidate, type EscalationStep } from './edges.js';
import { CandidateSets } from './candidates.js';
import { Connector, SomewhereChecks } from './connect.js';
import { ControlTargets } from './control-targets.js';
import { Controls } from './controls.js';
import { GraphEdges } from './graph-edges.js';
import { ESCALATION_METHODS, type EscalationMethod } from './methods.js';
import { pathOf, shortestToAdministrator, type EscalationPath } from './search.js';
import { ServiceRoles } from './service-roles.js';
import { ownTitle, TargetLists, type CandidateSet } from './target-lists.js';

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
 */
export function buildEscalationGraph(ctx: RuleContext): EscalationGraph {
  const builder = new GraphBuilder(ctx);
  builder.addTrustEdges();
  for (const principal of ctx.index.principals) builder.addMethodEdges(principal);
  let distances = shortestToAdministrator(builder.graph);
  // "Change X's policies, then become X": an edge to any-permission once X is reachable.
  if (builder.controls.addEdges(distances)) distances = shortestToAdministrator(builder.graph);
  builder.dropBuildCaches();
  const graph = builder.graph;
  return { edgeCount: graph.edgeCount, pathOf: (arn) => pathOf(graph, distances, arn) };
}

/** Method kinds whose edge can lead straight to any-permission (the principal rewrites its own permissions). */
const SELF_KINDS = new Set<EscalationMethod['kind']>([
  'modify-attached-policy',
  'write-principal-policy',
  'remove-boundary',
]);

class GraphBuilder {
  readonly graph: GraphEdges;
  private readonly lists: TargetLists;
  private readonly candidates: CandidateSets;
  private readonly somewhere: SomewhereChecks;
  private readonly connector: Connector;
  private readonly controlTargets: ControlTargets;
  private readonly relevant: ActionSet;
  readonly controls: Controls;
  constructor(private readonly ctx: RuleContext) {
    this.graph = new GraphEdges(ctx);
    this.lists = new TargetLists(ctx.engine);
    this.candidates = new CandidateSets(ctx, this.lists, new ServiceRoles(ctx.snapshot));
    this.somewhere = new SomewhereChecks(ctx);
    this.controlTargets = new ControlTargets(ctx, this.lists);
    // Ways to change one's own permissions first: when one is certain, the others need not be built.
    this.methodActions = ESCALATION_METHODS.filter(
      (m) => m.kind !== 'composite' && !m.retired && !this.candidates.reachesNothing(m),
    )
      .sort((a, b) => Number(!SELF_KINDS.has(a.kind)) - Number(!SELF_KINDS.has(b.kind)))
      .map((method) => ({
        method,
        // An action missing from the catalog is not checked here; checking it on the principal says no.
        indices: method.actions.flatMap((action) => ctx.engine.catalog.indexOf(action) ?? []),
      }));
    this.relevant = ctx.engine.catalog
      .setOf([...ESCALATION_METHODS.flatMap((m) => m.actions), 'sts:AssumeRole'])
      .compact();
    this.connector = new Connector(ctx, this.graph, this.lists, this.somewhere, this.relevant);
    this.controls = new Controls(ctx, this.graph, this.lists, this.connector, this.controlTargets);
  }

  /** sts:AssumeRole through trust policies, within the account. */
  addTrustEdges(): void {
    const { index, snapshot } = this.ctx;
    const account = snapshot.accountId;
    // Whether each may call sts:AssumeRole at all is the plan's first question (connect); administrators
    // are where paths end.
    const holders = index.principals.filter((p) => p.kind !== 'group' && !this.graph.adminLevels.has(p.arn));
    const accountTrusting: Candidate[] = [];
    const conditionallyTrusting: Candidate[] = [];
    for (const role of snapshot.authorizationDetails.roles) {
      for (const statement of role.trustPolicy.Statement) {
        if (statement.Effect !== 'Allow' || !statement.Principal?.AWS) continue;
        if (!(statement.Action ?? []).some((a) => /^(sts:(assumerole|assume\*|\*)|\*)$/i.test(a))) continue;
        const conditional = statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
        for (const name of statement.Principal.AWS) {
          const named = index.get(name);
          if (named && named.kind !== 'group') {
            // A trust policy naming a principal of the same account needs no identity permission.
            this.graph.add({
              from: named.arn,
              to: role.arn,
              methodId: 'assume-role',
              title: `assume role ${role.name} (its trust policy names ${named.kind} ${named.name})`,
              actions: [
                {
                  action: 'sts:AssumeRole',
                  resource: role.arn,
                  evidence: [
                    {
                      summary: `trust policy of ${role.name} allows ${named.arn}${conditional ? ' (with conditions)' : ''}`,
                    },
                  ],
                },
              ],
              conditional,
            });
            continue;
          }
          if (name !== '*' && name !== account && name !== `arn:aws:iam::${account}:root`) continue;
          const title = `assume role ${role.name} (it trusts ${name === '*' ? 'everyone' : 'the account'})`;
          (conditional ? conditionallyTrusting : accountTrusting).push({ to: role.arn, resource: role.arn, title });
        }
      }
    }
    // The account (or everyone) is trusted: any principal whose own policies allow sts:AssumeRole on the role.
    const sets = [accountTrusting, conditionallyTrusting].map((list, i): CandidateSet => ({
      key: `assume-account-${i}`,
      list,
      resources: this.lists.resourceIndex(list.map((c) => c.resource!)),
      titleOf: ownTitle,
    }));
    for (const holder of holders)
      sets.forEach((set, i) =>
        this.connector.connect(
          holder,
          'sts:AssumeRole',
          set,
          'assume a role that trusts the account',
          (to, resource, check, title) =>
            this.graph.add({
              from: holder.arn,
              to,
              methodId: 'assume-role',
              title,
              actions: [stepAction('sts:AssumeRole', resource, check)],
              // The second set: trust statements with conditions.
              conditional: i === 1 || check.grant === 'conditional',
            }),
        ),
      );
  }

  addMethodEdges(principal: Principal): void {
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

  /** Each method with its actions' catalog indices, self-escalation kinds first. */
  private readonly methodActions: { method: EscalationMethod; indices: number[] }[];

  /** Everything only the build needs: what stays is the graph, for paths. */
  dropBuildCaches(): void {
    this.connector.clear();
    this.lists.clear();
    this.candidates.clear();
    this.somewhere.clear();
    this.controls.clear();
    this.graph.dropReverseEdges();
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
      this.controls.add({
        principal,
        method,
        support: support.steps,
        supportConditional: support.conditional,
        entries: this.controlTargets.entries(method),
      });
      return;
    }
    if (method.kind === 'remove-boundary') {
      const support = this.supportingActions(principal, method);
      if (!support || principal.kind !== method.principalKind || !principal.policies.boundary) return;
      const check = checkAction(this.ctx, principal, method.targetAction!, principal.arn);
      // Only an escalation when its own policies, uncapped, make it an administrator.
      if (
        check.grant === 'no' ||
        !adminLevelOf(this.ctx, this.ctx.engine.effectivePermissions({ identity: principal.policies.identity }))
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
      return;
    }
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
