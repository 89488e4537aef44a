import type { Principal } from '../../snapshot/index.js';
import { adminLevel } from '../admin.js';
import { checkAction, checkActionOnEach, ResourceIndex, type ActionCheck } from '../capability.js';
import { everyTarget } from '../every-target.js';
import { groupMembers } from '../group-members.js';
import type { RuleContext } from '../types.js';
import { hasAdministratorVersion, principalsByPolicy } from './control-targets.js';
import { MethodRequests, type MethodRequest } from './method-conditions.js';
import { ESCALATION_METHODS, type EscalationMethod } from './methods.js';
import { ResourcePlans } from './plans.js';
import { expand, type Positions } from './positions.js';
import { TargetLists } from './target-lists.js';

/**
 * "Empowers others": the escalation methods that change what another principal may do (rewrite a policy attached
 * to it, write its policies, add a user to a group, rewrite a role's trust so anyone may assume it), asked about
 * every target rather than only those that lead back to the holder. Targets are resolved through the escalation
 * graph's Resource plans and target lists (ResourcePlans, TargetLists), so "does the Resource cover it" means the
 * same here: policy/*, role/*, path prefixes, account wildcards, Denies, boundaries.
 * iam:CreateAccessKey / CreateLoginProfile / UpdateLoginProfile are not here: they let the holder act as the
 * other user, which the graph already counts as the holder's own escalation.
 */

const EMPOWERING_KINDS = new Set<EscalationMethod['kind']>([
  'modify-attached-policy',
  'write-principal-policy',
  'join-group',
  'update-trust',
]);

/** What each method does to another principal (the catalog's titles say what it does for the holder itself). */
const EMPOWERING_TITLES: Readonly<Record<string, string>> = {
  'create-policy-version': 'Create a new default version of a customer-managed policy attached to them',
  'set-default-policy-version': 'Make an older, administrator version of a policy attached to them the default',
  'add-user-to-group': 'Add users to a group',
  'update-assume-role-policy': "Rewrite a role's trust policy so that others may assume it",
};

/** The method as done to others: "Add users to a group", not "Add oneself to a more privileged group". */
export function empoweringTitle(method: EscalationMethod): string {
  return EMPOWERING_TITLES[method.id] ?? method.title;
}

export const EMPOWERING_METHODS: readonly EscalationMethod[] = ESCALATION_METHODS.filter(
  (m) => EMPOWERING_KINDS.has(m.kind) && !m.retired && m.targetAction !== undefined,
);

const ANY_PERMISSION = 'any-permission';

/** What a target can be given: any permission (its policy is written), or the permissions of a group or role. */
export type Handover = typeof ANY_PERMISSION | { principal: string };

/** One principal the holder can empower through one method. */
export interface EmpoweredTarget {
  /** The principal whose permissions change (join-group: the user added; update-trust: the role handed out). */
  arn: string;
  /** The resource the method acts on: the policy rewritten, the principal written, the group, the role. */
  resource: string;
  handover: Handover;
  /** Only statements with conditions allow it. */
  conditional: boolean;
}

export interface Empowerment {
  method: EscalationMethod;
  targets: EmpoweredTarget[];
  /** The grant covers every resource the action acts on in the account, as every rule asks it (every-target.ts). */
  everyTarget: boolean;
  /** The statements that allow it, on the first target. */
  check: ActionCheck;
}

/** One method's resources (what the action's Resource is matched against) and who each one empowers. */
interface MethodTargets {
  resources: ResourceIndex;
  empowered(position: number): { arn: string; handover: Handover }[];
}

export class Empowerments {
  private readonly lists: TargetLists;
  private readonly plans: ResourcePlans<never>;
  private readonly byMethod = new Map<string, MethodTargets>();
  /** What each method's requests carry (iam:PolicyARN, the target's tags and boundary): conditions decide as in the graph. */
  private readonly requests: MethodRequests;

  constructor(private readonly ctx: RuleContext) {
    this.requests = new MethodRequests(ctx);
    this.lists = new TargetLists(ctx.engine);
    this.plans = new ResourcePlans(
      ctx.engine,
      ctx.engine.catalog.setOf(EMPOWERING_METHODS.map((m) => m.targetAction!)).compact(),
    );
  }

  /**
   * Every way the principal can empower a principal other than itself (and, for a group, its members), but by the
   * methods `skip` names (asked before their targets are listed).
   */
  of(holder: Principal, skip?: (method: EscalationMethod) => boolean): Empowerment[] {
    const allowed = this.ctx.effective(holder).allowed;
    const self = new Set([holder.arn]);
    if (holder.kind === 'group') for (const m of groupMembers(this.ctx, holder.name)) self.add(m.arn);
    const found: Empowerment[] = [];
    for (const method of EMPOWERING_METHODS) {
      const action = method.targetAction!;
      const index = this.ctx.engine.catalog.indexOf(action);
      if (index === undefined || !allowed.has(index) || skip?.(method)) continue;
      if (!this.namesSomeTarget(holder, method, index)) continue;
      const targets = this.targetsOf(method);
      const request = this.requests.of(method);
      const reach = this.reach(holder, action, index, targets.resources, request);
      if (!reach) continue;
      const listed: EmpoweredTarget[] = [];
      const seen = new Set<string>();
      let first: number | undefined;
      for (const [positions, conditional] of reach.grants)
        for (const i of expand(positions, targets.resources.arns.length))
          for (const { arn, handover } of targets.empowered(i)) {
            if (self.has(arn) || seen.has(arn)) continue;
            seen.add(arn);
            first ??= i;
            listed.push({ arn, resource: targets.resources.arns[i]!, handover, conditional });
          }
      if (first === undefined) continue;
      found.push({
        method,
        targets: listed,
        everyTarget: everyTarget(this.ctx).allows(holder.policies, this.ctx.effective(holder), holder.arn, action),
        check: checkAction(this.ctx, holder, action, targets.resources.arns[first]!, () =>
          request.target(targets.resources.arns[first!]!),
        ),
      });
    }
    return found;
  }

  /**
   * Whether an Allow of the action could reach a target at all: a wildcard, a variable or a NotResource might;
   * a list of ARNs only when one names an existing principal, group, role or customer-managed policy other than
   * the holder. Most grants of IAM writes name a few ARNs: this spares them a plan and its resolution.
   */
  private namesSomeTarget(holder: Principal, method: EscalationMethod, index: number): boolean {
    const { index: account } = this.ctx;
    const exists = (arn: string) => {
      if (arn === holder.arn) return false;
      if (method.kind === 'modify-attached-policy') return account.policiesByArn.get(arn)?.awsManaged === false;
      const target = account.get(arn);
      return target !== undefined && target.kind === (method.kind === 'join-group' ? 'group' : target.kind);
    };
    for (const policy of holder.policies.identity)
      for (const statement of this.ctx.engine.compile(policy).statements) {
        if (statement.effect !== 'Allow' || !statement.actions.has(index)) continue;
        if (statement.notResource) return true;
        for (const resource of statement.resources) if (/[*?$]/.test(resource) || exists(resource)) return true;
      }
    return false;
  }

  /** Positions the holder may act on: certain ones first, then those only under conditions. */
  private reach(
    holder: Principal,
    action: string,
    index: number,
    resources: ResourceIndex,
    request: MethodRequest,
  ): { grants: [Positions, boolean][] } | undefined {
    if (resources.arns.length === 0) return undefined;
    const entry = this.plans.planFor(holder, index, request);
    if (entry === null) return undefined;
    if (entry.plan === undefined) {
      const checks = checkActionOnEach(this.ctx, holder, action, resources, request.target);
      const at = (grant: ActionCheck['grant']) =>
        Int32Array.from(checks.flatMap((c, i) => (c.grant === grant ? [i] : [])));
      return {
        grants: [
          [at('yes'), false],
          [at('conditional'), true],
        ],
      };
    }
    const plan = entry.plan;
    const certain = this.lists.resolve(resources, plan.allow, plan).positions();
    const taken = new Set(certain);
    const conditional = this.lists
      .resolve(resources, plan.conditional, plan)
      .positions()
      .filter((i) => !taken.has(i));
    const all = certain.length === resources.arns.length;
    return {
      grants: [
        [all ? 'all' : Int32Array.from(certain), false],
        [Int32Array.from(conditional), true],
      ],
    };
  }

  private targetsOf(method: EscalationMethod): MethodTargets {
    const key = method.kind === 'write-principal-policy' ? `principal:${method.principalKind}` : method.id;
    let targets = this.byMethod.get(key);
    if (!targets) this.byMethod.set(key, (targets = this.build(method)));
    return targets;
  }

  private build(method: EscalationMethod): MethodTargets {
    const { snapshot } = this.ctx;
    switch (method.kind) {
      case 'join-group': {
        // A group that grants nothing hands nothing over; every user not yet in it can be added.
        const groups = snapshot.authorizationDetails.groups.filter((g) => {
          const principal = this.ctx.index.get(g.arn);
          return principal !== undefined && this.ctx.effective(principal).allowed.count() > 0;
        });
        const users = snapshot.authorizationDetails.users;
        return {
          resources: new ResourceIndex(groups.map((g) => g.arn)),
          empowered: (i) => {
            const group = groups[i]!;
            return users
              .filter((u) => !u.groups.includes(group.name))
              .map((u) => ({ arn: u.arn, handover: { principal: group.arn } }));
          },
        };
      }
      case 'update-trust': {
        const roles = snapshot.authorizationDetails.roles;
        return {
          resources: new ResourceIndex(roles.map((r) => r.arn)),
          empowered: (i) => [{ arn: roles[i]!.arn, handover: { principal: roles[i]!.arn } }],
        };
      }
      case 'modify-attached-policy': {
        // Each customer-managed policy someone has (for a rollback: one with an administrator version).
        const holders = principalsByPolicy(this.ctx);
        const policies = snapshot.authorizationDetails.policies.filter(
          (p) =>
            !p.awsManaged &&
            holders.has(p.arn) &&
            (method.id !== 'set-default-policy-version' || hasAdministratorVersion(this.ctx, p)),
        );
        return {
          resources: new ResourceIndex(policies.map((p) => p.arn)),
          empowered: (i) => holders.get(policies[i]!.arn)!.map((p) => ({ arn: p.arn, handover: ANY_PERMISSION })),
        };
      }
      default: {
        // Writing a principal's policies: a group's reach its members too.
        const principals = this.ctx.index.principals.filter((p) => p.kind === method.principalKind);
        return {
          resources: new ResourceIndex(principals.map((p) => p.arn)),
          empowered: (i) => {
            const target = principals[i]!;
            const reached = target.kind === 'group' ? [target, ...groupMembers(this.ctx, target.name)] : [target];
            return reached.map((p) => ({ arn: p.arn, handover: ANY_PERMISSION }));
          },
        };
      }
    }
  }
}

/** How privileged a principal is now, for listing the most privileged first: 0 administrator … 2 neither. */
export function privilegeRank(ctx: RuleContext, arn: string, escalates: (arn: string) => boolean): number {
  const principal = ctx.index.get(arn);
  if (!principal) return 2;
  if (adminLevel(ctx, principal)) return 0;
  return escalates(arn) ? 1 : 2;
}
