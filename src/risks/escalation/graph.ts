import type { ActionSet } from '../../iam/index.js';
import type { IamRole, Principal } from '../../snapshot/index.js';
import { adminLevel, adminLevelOf, type AdminLevel } from '../admin.js';
import { checkAction, type Grant } from '../capability.js';
import type { Evidence, RuleContext } from '../types.js';
import { ESCALATION_METHODS, type EscalationMethod } from './methods.js';

/** The node every self-escalation leads to: "can grant itself any permission". */
export const ANY_PERMISSION = 'any-permission';

export interface EscalationStep {
  from: string;
  /** A principal ARN, or ANY_PERMISSION. */
  to: string;
  methodId: string;
  title: string;
  actions: { action: string; resource?: string; evidence: Evidence[] }[];
  /** Only statements with conditions allow a step: it works only when they hold. */
  conditional: boolean;
  /** The step relies on something the snapshot cannot show (e.g. an existing Glue endpoint running as the role). */
  assumption?: string;
}

export interface EscalationPath {
  steps: EscalationStep[];
  /** The administrator reached, or ANY_PERMISSION. */
  reaches: string;
  reachesLevel?: AdminLevel;
  conditional: boolean;
  assumptions: string[];
}

export interface EscalationGraph {
  /** The best path from a principal to administrator, if any: certain steps preferred, then fewest. */
  pathOf(principalArn: string): EscalationPath | undefined;
  edgeCount: number;
}

/**
 * Who can become whom: nodes are principals, edges are escalation methods (methods.ts) and role
 * assumption through trust policies. Paths are found backwards from the administrators, so the cost
 * is the number of edges, not principals × principals.
 */
export function buildEscalationGraph(ctx: RuleContext): EscalationGraph {
  const builder = new GraphBuilder(ctx);
  builder.addTrustEdges();
  for (const principal of ctx.index.principals) builder.addMethodEdges(principal);
  let distances = builder.solve();
  // "Change X's policies, then become X": an edge to any-permission once X is reachable.
  if (builder.addControlEdges(distances)) distances = builder.solve();
  return {
    edgeCount: builder.edgeCount,
    pathOf: (arn) => builder.pathOf(arn, distances),
  };
}

interface Edge extends EscalationStep {
  weight: number;
}

/** A step that works only under conditions, or on an assumption, costs more than any certain path. */
const UNCERTAIN = 1000;

class GraphBuilder {
  private readonly out = new Map<string, Edge[]>();
  private readonly adminLevels = new Map<string, AdminLevel>();
  private readonly relevant: ActionSet;
  /** Principals whose policies each principal can rewrite (policy methods), other than itself. */
  private readonly controls = new Map<string, { target: string; edge: Edge }[]>();
  edgeCount = 0;

  constructor(private readonly ctx: RuleContext) {
    for (const p of ctx.index.principals) {
      const level = adminLevel(ctx, p);
      if (level) this.adminLevels.set(p.arn, level);
    }
    this.relevant = ctx.engine.catalog
      .setOf([...ESCALATION_METHODS.flatMap((m) => m.actions), 'sts:AssumeRole'])
      .compact();
  }

  private add(edge: Omit<Edge, 'weight'>): void {
    if (edge.from === edge.to) return;
    const weighted: Edge = { ...edge, weight: edge.conditional || edge.assumption ? UNCERTAIN : 1 };
    const list = this.out.get(edge.from);
    if (list) list.push(weighted);
    else this.out.set(edge.from, [weighted]);
    this.edgeCount++;
  }

  /** sts:AssumeRole through trust policies, within the account. */
  addTrustEdges(): void {
    const { index, snapshot } = this.ctx;
    const account = snapshot.accountId;
    const holders = index.principals.filter(
      (p) => p.kind !== 'group' && checkAction(this.ctx, p, 'sts:AssumeRole').grant !== 'no',
    );
    for (const role of snapshot.authorizationDetails.roles) {
      for (const statement of role.trustPolicy.Statement) {
        if (statement.Effect !== 'Allow' || !statement.Principal?.AWS) continue;
        if (!(statement.Action ?? []).some((a) => /^sts:(assumerole|\*)$|^\*$/i.test(a) || /^sts:assume\*$/i.test(a)))
          continue;
        const conditional = statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
        for (const name of statement.Principal.AWS) {
          const named = index.get(name);
          if (named && named.kind !== 'group') {
            // A trust policy naming a principal of the same account needs no identity permission.
            this.add({
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
          // The account (or everyone) is trusted: any principal of it whose own policies allow sts:AssumeRole on the role.
          for (const holder of holders) {
            const check = checkAction(this.ctx, holder, 'sts:AssumeRole', role.arn);
            if (check.grant === 'no') continue;
            this.add({
              from: holder.arn,
              to: role.arn,
              methodId: 'assume-role',
              title: `assume role ${role.name} (it trusts ${name === '*' ? 'everyone' : 'the account'})`,
              actions: [{ action: 'sts:AssumeRole', resource: role.arn, evidence: check.evidence }],
              conditional: conditional || check.grant === 'conditional',
            });
          }
        }
      }
    }
  }

  addMethodEdges(principal: Principal): void {
    const effective = this.ctx.effective(principal);
    if (!effective.allowed.intersects(this.relevant)) return;
    for (const method of ESCALATION_METHODS) {
      if (method.kind === 'composite') continue;
      if (!method.actions.every((a) => this.allowedSomewhere(effective.allowed, a))) continue;
      this.addMethod(principal, method);
    }
  }

  private allowedSomewhere(allowed: ActionSet, action: string): boolean {
    const i = this.ctx.engine.catalog.indexOf(action);
    return i !== undefined && allowed.has(i);
  }

  /** The method's other actions, checked on some resource: all must be allowed. */
  private supportingActions(
    principal: Principal,
    method: EscalationMethod,
  ): { steps: EscalationStep['actions']; conditional: boolean } | undefined {
    const steps: EscalationStep['actions'] = [];
    let conditional = false;
    for (const action of method.actions) {
      if (action === method.targetAction) continue;
      const check = checkAction(this.ctx, principal, action);
      if (check.grant === 'no') return undefined;
      if (check.grant === 'conditional') conditional = true;
      steps.push({ action, evidence: check.evidence });
    }
    return { steps, conditional };
  }

  private addMethod(principal: Principal, method: EscalationMethod): void {
    const support = this.supportingActions(principal, method);
    if (!support) return;
    const target = (resource: string): { grant: Grant; evidence: Evidence[] } =>
      method.targetAction
        ? checkAction(this.ctx, principal, method.targetAction, resource)
        : checkAction(this.ctx, principal, method.actions[0]!);
    const step = (
      to: string,
      resource: string | undefined,
      check: { grant: Grant; evidence: Evidence[] },
      title: string,
      assumption?: string,
    ) => {
      const edge: Omit<Edge, 'weight'> = {
        from: principal.arn,
        to,
        methodId: method.id,
        title,
        actions: [
          ...(method.targetAction
            ? [{ action: method.targetAction, ...(resource && { resource }), evidence: check.evidence }]
            : []),
          ...support.steps,
        ],
        conditional: support.conditional || check.grant === 'conditional',
      };
      if (assumption) edge.assumption = assumption;
      return edge;
    };
    const { index, snapshot } = this.ctx;

    switch (method.kind) {
      case 'modify-attached-policy': {
        for (const policy of snapshot.authorizationDetails.policies) {
          if (policy.awsManaged) continue;
          if (method.id === 'set-default-policy-version' && policy.versions.length < 2) continue;
          const holders = this.principalsWithPolicy(policy.arn);
          if (holders.length === 0) continue;
          const check = target(policy.arn);
          if (check.grant === 'no') continue;
          for (const holder of holders)
            this.control(
              principal,
              holder,
              step(
                ANY_PERMISSION,
                policy.arn,
                check,
                `${method.title} (${policy.name}, attached to ${holder.kind} ${holder.name})`,
              ),
            );
        }
        return;
      }
      case 'write-principal-policy': {
        for (const candidate of index.principals) {
          if (candidate.kind !== method.principalKind) continue;
          const check = target(candidate.arn);
          if (check.grant === 'no') continue;
          const controlled = candidate.kind === 'group' ? this.groupMembers(candidate.name) : [candidate];
          for (const holder of controlled)
            this.control(
              principal,
              holder,
              step(ANY_PERMISSION, candidate.arn, check, `${method.title}: ${candidate.kind} ${candidate.name}`),
            );
        }
        return;
      }
      case 'join-group': {
        if (principal.kind !== 'user') return;
        for (const group of snapshot.authorizationDetails.groups) {
          const check = target(group.arn);
          if (check.grant === 'no') continue;
          this.add(step(group.arn, group.arn, check, `add itself to group ${group.name}`));
        }
        return;
      }
      case 'user-credentials': {
        const report = snapshot.credentialReport;
        for (const user of snapshot.authorizationDetails.users) {
          if (user.arn === principal.arn) continue;
          const row = report?.find((r) => r.arn === user.arn);
          // CreateLoginProfile fails when the user has a password; UpdateLoginProfile when it has none.
          if (row && method.id === 'create-login-profile' && row.passwordEnabled) continue;
          if (row && method.id === 'update-login-profile' && !row.passwordEnabled) continue;
          const check = target(user.arn);
          if (check.grant === 'no') continue;
          const assumption =
            !row && method.id !== 'create-access-key'
              ? 'the credential report is missing, so whether the user has a password is unknown'
              : undefined;
          this.add(step(user.arn, user.arn, check, `${method.title.split(' and ')[0]}: user ${user.name}`, assumption));
        }
        return;
      }
      case 'update-trust': {
        for (const role of snapshot.authorizationDetails.roles) {
          const check = target(role.arn);
          if (check.grant === 'no') continue;
          this.add(
            step(
              role.arn,
              role.arn,
              check,
              `rewrite the trust policy of role ${role.name} to trust itself, then assume it`,
            ),
          );
        }
        return;
      }
      case 'remove-boundary': {
        if (principal.kind !== method.principalKind || !principal.policies.boundary) return;
        const check = target(principal.arn);
        if (check.grant === 'no') return;
        // Only an escalation when its own policies, uncapped, make it an administrator.
        const uncapped = this.ctx.engine.effectivePermissions({ identity: principal.policies.identity });
        if (!adminLevelOf(this.ctx, uncapped)) return;
        this.add(step(ANY_PERMISSION, principal.arn, check, `${method.title}; its own policies then apply uncapped`));
        return;
      }
      case 'pass-role': {
        for (const role of this.rolesTrusting(method.services ?? [], method.needsInstanceProfile === true)) {
          const check = target(role.arn);
          if (check.grant === 'no') continue;
          this.add(step(role.arn, role.arn, check, `${method.title} (role ${role.name})`));
        }
        return;
      }
      case 'existing-workload': {
        for (const { role, resource, assumption } of this.workloadRoles(method)) {
          const check = resource
            ? target(resource)
            : checkAction(this.ctx, principal, method.targetAction ?? method.actions[0]!);
          if (check.grant === 'no') continue;
          this.add(step(role.arn, resource, check, `${method.title} (runs as role ${role.name})`, assumption));
        }
        return;
      }
      case 'composite':
        return;
    }
  }

  /** principal can rewrite holder's permissions: any-permission directly when it is itself, otherwise once it reaches holder. */
  private control(principal: Principal, holder: Principal, edge: Omit<Edge, 'weight'>): void {
    if (
      holder.arn === principal.arn ||
      (principal.kind === 'group' &&
        holder.kind === 'user' &&
        holder.entity.kind === 'user' &&
        holder.entity.groups.includes(principal.name))
    ) {
      this.add(edge);
      return;
    }
    const list = this.controls.get(principal.arn) ?? [];
    if (list.length < 200) list.push({ target: holder.arn, edge: { ...edge, weight: 0 } });
    this.controls.set(principal.arn, list);
  }

  private policyHolders?: Map<string, Principal[]>;

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

  private groupMembers(group: string): Principal[] {
    return this.ctx.index.principals.filter((p) => p.entity.kind === 'user' && p.entity.groups.includes(group));
  }

  private trustCache = new Map<string, IamRole[]>();

  /** Roles whose trust policy lets one of the service principals assume them. */
  private rolesTrusting(services: readonly string[], needsInstanceProfile: boolean): IamRole[] {
    const key = `${services.join(',')}|${needsInstanceProfile}`;
    let roles = this.trustCache.get(key);
    if (!roles) {
      roles = this.ctx.snapshot.authorizationDetails.roles.filter(
        (role) =>
          (!needsInstanceProfile || role.instanceProfiles.length > 0) &&
          role.trustPolicy.Statement.some(
            (s) =>
              s.Effect === 'Allow' &&
              [...(s.Principal?.Service ?? []), ...(s.Principal?.Federated ?? [])].some((p) => services.includes(p)),
          ),
      );
      this.trustCache.set(key, roles);
    }
    return roles;
  }

  private workloadRoles(method: EscalationMethod): { role: IamRole; resource?: string; assumption?: string }[] {
    const { snapshot, index } = this.ctx;
    const roleOf = (arn: string) => {
      const p = index.get(arn);
      return p?.entity.kind === 'role' ? p.entity : undefined;
    };
    if (method.workload === 'lambda-function' && snapshot.functions)
      return snapshot.functions.flatMap((f) => {
        const role = roleOf(f.roleArn);
        return role ? [{ role, resource: f.arn }] : [];
      });
    if (method.workload === 'ec2-instance' && snapshot.instances)
      return snapshot.instances.flatMap((i) => {
        const role = i.instanceProfileArn ? index.rolesByInstanceProfile.get(i.instanceProfileArn) : undefined;
        if (!role || i.state === 'terminated') return [];
        const resource = method.targetAction
          ? `arn:aws:ec2:${i.region}:${snapshot.accountId}:instance/${i.instanceId}`
          : undefined;
        return [resource ? { role, resource } : { role }];
      });
    const services = method.services ?? [];
    return this.rolesTrusting(services, method.needsInstanceProfile === true).map((role) => ({
      role,
      assumption: `an existing ${services.join('/')} workload runs as role ${role.name}`,
    }));
  }

  /** Shortest weighted distance from each node to administrator, with the edge to take. */
  solve(): Map<string, { distance: number; next?: Edge }> {
    const reverse = new Map<string, Edge[]>();
    for (const edges of this.out.values())
      for (const e of edges) {
        const list = reverse.get(e.to);
        if (list) list.push(e);
        else reverse.set(e.to, [e]);
      }
    const result = new Map<string, { distance: number; next?: Edge }>();
    result.set(ANY_PERMISSION, { distance: 0 });
    for (const arn of this.adminLevels.keys()) result.set(arn, { distance: 0 });
    // Dijkstra with two weights (1 and UNCERTAIN): a bucket queue keeps it linear in practice.
    const buckets = new Map<number, string[]>([[0, [ANY_PERMISSION, ...this.adminLevels.keys()]]]);
    const keys: number[] = [0];
    while (keys.length > 0) {
      keys.sort((a, b) => a - b);
      const d = keys.shift()!;
      for (const node of buckets.get(d) ?? []) {
        if (result.get(node)!.distance !== d) continue;
        for (const edge of reverse.get(node) ?? []) {
          const nd = d + edge.weight;
          const known = result.get(edge.from);
          if (known && known.distance <= nd) continue;
          result.set(edge.from, { distance: nd, next: edge });
          if (!buckets.has(nd)) {
            buckets.set(nd, []);
            keys.push(nd);
          }
          buckets.get(nd)!.push(edge.from);
        }
      }
      buckets.delete(d);
    }
    return result;
  }

  /** Adds "rewrite X's policies" edges for principals that can reach X. Returns whether any was added. */
  addControlEdges(distances: Map<string, { distance: number; next?: Edge }>): boolean {
    let added = false;
    for (const [from, controls] of this.controls) {
      if ((distances.get(from)?.distance ?? Infinity) === 0) continue;
      const reachable = this.reachableFrom(from, 6);
      for (const { target, edge } of controls) {
        if (!reachable.has(target)) continue;
        const path = reachable.get(target)!;
        // The path to X, then the policy change, as one edge whose evidence lists every hop.
        this.add({
          ...edge,
          title: `${path.map((p) => p.title).join(', then ')}, then ${edge.title}`,
          actions: [...path.flatMap((p) => p.actions), ...edge.actions],
          conditional: edge.conditional || path.some((p) => p.conditional),
          ...(path.find((p) => p.assumption) && { assumption: path.find((p) => p.assumption)!.assumption! }),
        });
        added = true;
        break;
      }
    }
    return added;
  }

  private reachableFrom(start: string, maxDepth: number): Map<string, Edge[]> {
    const paths = new Map<string, Edge[]>([[start, []]]);
    let frontier = [start];
    for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const node of frontier)
        for (const edge of this.out.get(node) ?? []) {
          if (paths.has(edge.to) || edge.to === ANY_PERMISSION) continue;
          paths.set(edge.to, [...paths.get(node)!, edge]);
          next.push(edge.to);
        }
      frontier = next;
    }
    return paths;
  }

  pathOf(arn: string, distances: Map<string, { distance: number; next?: Edge }>): EscalationPath | undefined {
    const start = distances.get(arn);
    if (!start || start.distance === 0 || !start.next) return undefined;
    const steps: EscalationStep[] = [];
    let node = arn;
    const seen = new Set<string>();
    while (!seen.has(node)) {
      seen.add(node);
      const entry = distances.get(node);
      if (!entry?.next) break;
      const { weight: _weight, ...step } = entry.next;
      steps.push(step);
      node = entry.next.to;
    }
    const path: EscalationPath = {
      steps,
      reaches: node,
      conditional: steps.some((s) => s.conditional),
      assumptions: steps.flatMap((s) => (s.assumption ? [s.assumption] : [])),
    };
    const level = this.adminLevels.get(node);
    if (level) path.reachesLevel = level;
    return path;
  }
}
