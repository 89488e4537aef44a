import type { ActionSet } from '../../iam/index.js';
import type { ManagedPolicy, Principal } from '../../snapshot/index.js';
import { adminLevelOf } from '../admin.js';
import { checkAction, checkActionOnEach, type ActionCheck } from '../capability.js';
import { groupMembers } from '../group-members.js';
import type { RuleContext } from '../types.js';
import {
  ANY_PERMISSION,
  collapse,
  MethodEdge,
  PolicyControlEntry,
  PrincipalControlEntry,
  stepAction,
  UNCERTAIN,
  type Candidate,
  type ControlTarget,
  type Edge,
  type EscalationStep,
} from './edges.js';
import { GraphEdges } from './graph-edges.js';
import { CandidateSets } from './candidates.js';
import { Connector, SomewhereChecks } from './connect.js';
import { ESCALATION_METHODS, type EscalationMethod } from './methods.js';
import { normalisePatterns, PositionTargets, type ControlEntry, type Grant, type Targets } from './positions.js';
import {
  nearestForward,
  pathOf,
  shortestToAdministrator,
  towards,
  type Distances,
  type EscalationPath,
} from './search.js';
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
  if (builder.addControlEdges(distances)) distances = shortestToAdministrator(builder.graph);
  builder.dropBuildCaches();
  const graph = builder.graph;
  return { edgeCount: graph.edgeCount, pathOf: (arn) => pathOf(graph, distances, arn) };
}

/** A principal that can rewrite the policies of others: checked once the others are reachable. */
interface Control {
  principal: Principal;
  method: EscalationMethod;
  support: EscalationStep['actions'];
  supportConditional: boolean;
  /** Every principal whose permissions the method changes, with the resource the action is checked on. */
  entries: ControlEntry[];
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
  private readonly relevant: ActionSet;
  private readonly controls: Control[] = [];
  constructor(private readonly ctx: RuleContext) {
    this.graph = new GraphEdges(ctx);
    this.lists = new TargetLists(ctx.engine);
    this.candidates = new CandidateSets(ctx, this.lists, new ServiceRoles(ctx.snapshot));
    this.somewhere = new SomewhereChecks(ctx);
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
  }

  /** True when the principal may perform the action on every resource without conditions. */
  private everywhere(principal: Principal, action: string): boolean {
    const i = this.ctx.engine.catalog.indexOf(action);
    return i !== undefined && this.ctx.effective(principal).unconditional.has(i);
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
    for (const cache of [this.byHolderCache, this.controlTargetCache, this.controlledCache, this.controlIndexes])
      cache.clear();
    this.connector.clear();
    this.lists.clear();
    this.candidates.clear();
    this.somewhere.clear();
    this.controls.length = 0;
    this.graph.dropReverseEdges();
    this.policyHolders = undefined;
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
      this.addControl({
        principal,
        method,
        support: support.steps,
        supportConditional: support.conditional,
        entries: this.controlTargets(method),
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

  private policyHolders?: Map<string, Principal[]>;

  /** For the policy methods: who each policy or principal write reaches, keyed by the principal reached. */
  private hasAdminVersion(policy: ManagedPolicy): boolean {
    return policy.versions.some(
      (v) =>
        !v.isDefault &&
        adminLevelOf(
          this.ctx,
          this.ctx.engine.effectivePermissions({
            identity: [
              { id: `${policy.arn}#${v.versionId}`, name: policy.name, kind: 'managed', document: v.document },
            ],
          }),
        ) !== undefined,
    );
  }

  private readonly byHolderCache = new Map<string, Map<string, ControlEntry[]>>();

  private entriesByHolder(method: EscalationMethod): Map<string, ControlEntry[]> {
    let map = this.byHolderCache.get(method.id);
    if (!map) {
      map = new Map();
      for (const entry of this.controlTargets(method)) {
        const list = map.get(entry.holder);
        if (list) list.push(entry);
        else map.set(entry.holder, [entry]);
      }
      this.byHolderCache.set(method.id, map);
    }
    return map;
  }

  private readonly controlTargetCache = new Map<string, ControlTarget[]>();

  /** For the policy methods: every (principal reached, resource written) pair, e.g. each attached policy. */
  private controlTargets(method: EscalationMethod): ControlTarget[] {
    const cached = this.controlTargetCache.get(method.id);
    if (cached) return cached;
    const entries: ControlTarget[] = [];
    this.controlTargetCache.set(method.id, entries);
    const { snapshot, index } = this.ctx;
    if (method.kind === 'modify-attached-policy') {
      for (const policy of snapshot.authorizationDetails.policies) {
        if (policy.awsManaged) continue;
        // Rolling back is an escalation only to a version that is itself administrator (Rhino #2).
        if (method.id === 'set-default-policy-version' && !this.hasAdminVersion(policy)) continue;
        for (const holder of this.principalsWithPolicy(policy.arn))
          entries.push(new PolicyControlEntry(method, policy, holder));
      }
    } else {
      for (const candidate of index.principals) {
        if (candidate.kind !== method.principalKind) continue;
        const reached =
          candidate.kind === 'group' ? [candidate, ...groupMembers(this.ctx, candidate.name)] : [candidate];
        for (const holder of reached) entries.push(new PrincipalControlEntry(method, candidate, holder.arn));
      }
    }
    return entries;
  }

  /** Changing one's own permissions is any-permission at once; changing others' waits for reachability. */
  private addControl(control: Control): void {
    // Any of its own policies (or its group's) will do: the first one it may rewrite without conditions.
    let best: { entry: ControlEntry; check: ActionCheck } | undefined;
    for (const entry of this.entriesByHolder(control.method).get(control.principal.arn) ?? []) {
      const check = checkAction(this.ctx, control.principal, control.method.targetAction!, entry.resource);
      if (check.grant === 'yes' || (check.grant === 'conditional' && !best)) best = { entry, check };
      if (check.grant === 'yes') break;
    }
    if (best) {
      this.graph.add({
        from: control.principal.arn,
        to: ANY_PERMISSION,
        methodId: control.method.id,
        title: best.entry.title,
        actions: [stepAction(control.method.targetAction!, best.entry.resource, best.check), ...control.support],
        conditional: control.supportConditional || best.check.grant === 'conditional',
      });
      if (best.check.grant === 'yes') return;
    }
    this.controls.push(control);
  }

  private principalsWithPolicy(policyArn: string): Principal[] {
    if (!this.policyHolders) {
      this.policyHolders = new Map();
      for (const p of this.ctx.index.principals)
        for (const a of p.policies.identity)
          if (a.arn) {
            const list = this.policyHolders.get(a.arn) ?? [];
            if (list.at(-1) !== p) list.push(p);
            this.policyHolders.set(a.arn, list);
          }
    }
    return this.policyHolders.get(policyArn) ?? [];
  }

  /**
   * Adds "reach X, then rewrite X's policies" edges. Controls over every target of a method (e.g.
   * iam:AttachRolePolicy on "*") share one backwards search from those targets; a control over a few
   * named targets searches forwards from its principal. Returns whether any edge was added.
   */
  addControlEdges(distances: Distances): boolean {
    const shared = new Map<string, Control[]>();
    const found: Omit<Edge, 'weight'>[] = [];
    for (const control of this.controls) {
      // A principal with a certain path already gains nothing from a longer one.
      if ((distances.get(control.principal.arn)?.distance ?? Infinity) < UNCERTAIN) continue;
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
      if (hit) found.push(...this.controlEdge(control, hit, targets));
    }
    // Methods reaching the same principals (AttachUserPolicy, PutUserPolicy) share one backwards search.
    const searches = new Map<string, Map<string, Edge>>();
    for (const controls of shared.values()) {
      const index = this.controlIndex(controls[0]!.method);
      const targets = new PositionTargets(index.entries, index.byHolder, 'all');
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
        if (path.length > 0 && targets.has(node)) found.push(...this.controlEdge(control, path, targets));
      }
    }
    for (const edge of found) this.graph.add(edge);
    return found.length > 0;
  }

  private readonly controlledCache = new Map<string, PositionTargets>();

  /** The principals a control can rewrite: by Resource patterns (shared by key) when they decide alone. */
  /** The principals a control may rewrite (itself included; callers skip it), shared by equal grants. */
  private controlledTargets(control: Control): PositionTargets {
    const action = control.method.targetAction!;
    const index = this.controlIndex(control.method);
    const planned = this.connector.planFor(control.principal, action);
    if (planned === null) return new PositionTargets(index.entries, index.byHolder, new Int32Array(0));
    if (planned.plan === undefined) {
      const checks = checkActionOnEach(this.ctx, control.principal, action, index.set.resources);
      const allowed = Int32Array.from(checks.flatMap((c, i) => (c.grant === 'no' ? [] : [i])));
      return new PositionTargets(index.entries, index.byHolder, allowed);
    }
    const plan = planned.plan;
    const grant: Grant = {
      patterns: normalisePatterns([...plan.allow.patterns, ...plan.conditional.patterns]),
      except: [...plan.allow.except, ...plan.conditional.except],
    };
    const resolved = this.lists.resolve(index.set, grant, plan);
    // Per method: the entries (and their titles) are the method's own, though the list may be shared.
    const key = `${control.method.id}|${resolved.key}`;
    let targets = this.controlledCache.get(key);
    if (!targets) {
      targets = new PositionTargets(index.entries, index.byHolder, Int32Array.from(resolved.positions()));
      this.controlledCache.set(key, targets);
    }
    return targets;
  }

  private readonly controlIndexes = new Map<
    string,
    { entries: ControlEntry[]; set: CandidateSet; byHolder: Map<string, number[]> }
  >();

  private controlIndex(method: EscalationMethod) {
    let index = this.controlIndexes.get(method.id);
    if (!index) {
      const entries = this.controlTargets(method);
      const set: CandidateSet = {
        key: `control:${method.id}`,
        list: entries,
        resources: this.lists.resourceIndex(entries.map((e) => e.resource)),
        titleOf: ownTitle,
      };
      const byHolder = new Map<string, number[]>();
      entries.forEach((e, i) => {
        const list = byHolder.get(e.holder);
        if (list) list.push(i);
        else byHolder.set(e.holder, [i]);
      });
      index = { entries, set, byHolder };
      this.controlIndexes.set(method.id, index);
    }
    return index;
  }

  /** The edge "walk `path` to X, then rewrite X's policies", when the rewrite is allowed on X. */
  private controlEdge(control: Control, path: Edge[], targets: Targets): Omit<Edge, 'weight'>[] {
    const target = targets.get(path.at(-1)!.to);
    if (!target) return [];
    const check = checkAction(this.ctx, control.principal, control.method.targetAction!, target.resource);
    if (check.grant === 'no') return [];
    const steps = collapse(path);
    const assumption = steps.find((p) => p.assumption)?.assumption;
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
        ...(assumption && { assumption }),
      },
    ];
  }
}
