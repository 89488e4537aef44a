import type { Principal } from '../../snapshot/index.js';
import { checkAction, type ActionCheck } from '../capability.js';
import type { RuleContext } from '../types.js';
import { uncapped } from './control-targets.js';
import { keysOf } from './edges.js';
import { MethodRequests } from './method-conditions.js';
import { ESCALATION_METHODS, type EscalationMethod } from './methods.js';
import { ServiceRoles } from './service-roles.js';

/**
 * Latent escalation: a method the principal may use on every target of its kind, that reaches nothing only
 * because the account lacks the target today. iam:PassRole + cloudformation:CreateStack on "*" is one
 * CreateRole (by anyone) away from a path while no role trusts CloudFormation; iam:CreatePolicyVersion on
 * every policy makes the principal an administrator the day a customer-managed policy is attached to it.
 * Methods on existing workloads are left out: what they lack is a workload, not a role or an attachment.
 */
export interface LatentPath {
  method: EscalationMethod;
  /** What the account lacks today, e.g. "no role trusts cloudformation.amazonaws.com yet". */
  missing: string;
  /** Every action the method needs, as this principal may perform it (the target action on a future target). */
  checks: { action: string; check: ActionCheck }[];
  conditional: boolean;
  conditionKeys: readonly string[];
}

/** A name no IAM name can have (parentheses and spaces are not allowed): only a pattern covering every role, or policy, matches it. */
const FUTURE = '(one created later)';

interface LatentMethod {
  method: EscalationMethod;
  /** Its actions' catalog indices (undefined: an action the catalog lacks, so never allowed). */
  indices: (number | undefined)[];
  /** undefined: decided per principal (create-policy-version). */
  missing?: string;
  futureTarget: string;
}

export class LatentPaths {
  private readonly methods: LatentMethod[];
  private readonly requests: MethodRequests;

  constructor(private readonly ctx: RuleContext) {
    this.requests = new MethodRequests(ctx);
    const { snapshot } = ctx;
    const partition = snapshot.authorizationDetails.roles[0]?.arn.split(':')[1] ?? 'aws';
    const iam = `arn:${partition}:iam::${snapshot.accountId}`;
    const roles = new ServiceRoles(snapshot);
    const indicesOf = (method: EscalationMethod) => method.actions.map((a) => ctx.engine.catalog.indexOf(a));
    this.methods = [];
    for (const method of ESCALATION_METHODS) {
      if (method.retired) continue;
      if (method.kind === 'pass-role') {
        const services = method.services ?? [];
        if (roles.rolesTrusting(services, method.needsInstanceProfile === true).length > 0) continue;
        const trusted = services.join(' or ');
        const missing =
          method.needsInstanceProfile && roles.rolesTrusting(services, false).length > 0
            ? `no role that trusts ${trusted} has an instance profile yet`
            : `no role trusts ${trusted}${method.needsInstanceProfile ? ' with an instance profile' : ''} yet`;
        this.methods.push({ method, indices: indicesOf(method), missing, futureTarget: `${iam}:role/${FUTURE}` });
      } else if (method.id === 'create-policy-version')
        this.methods.push({ method, indices: indicesOf(method), futureTarget: `${iam}:policy/${FUTURE}` });
    }
  }

  /** The principal's latent paths, those that need no condition first. */
  of(principal: Principal): LatentPath[] {
    const found: LatentPath[] = [];
    const allowed = this.ctx.effective(principal).allowed;
    for (const latent of this.methods) {
      const { method } = latent;
      if (!latent.indices.every((i) => i !== undefined && allowed.has(i))) continue;
      const missing = latent.missing ?? this.missingPolicy(principal);
      if (missing === undefined) continue;
      const request = this.requests.of(method);
      const checks = method.actions.map((action) => ({
        action,
        check:
          action === method.targetAction
            ? checkAction(this.ctx, principal, action, latent.futureTarget, request.base)
            : checkAction(this.ctx, principal, action, undefined, request.base),
      }));
      if (checks.some((c) => c.check.grant === 'no')) continue;
      const conditional = checks.some((c) => c.check.grant === 'conditional');
      found.push({
        method,
        missing,
        checks,
        conditional,
        conditionKeys: conditional ? keysOf(checks.map((c) => c.check)) : [],
      });
    }
    return found.sort((a, b) => Number(a.conditional) - Number(b.conditional));
  }

  /**
   * For create-policy-version: the principal has no customer-managed policy today (with one it may rewrite,
   * the graph has a real path; one it may not is no target) and no boundary that would cap a new one.
   */
  private missingPolicy(principal: Principal): string | undefined {
    if (!uncapped(this.ctx, principal)) return undefined;
    const customer = principal.policies.identity.some(
      (a) => a.arn !== undefined && this.ctx.index.policiesByArn.get(a.arn)?.awsManaged === false,
    );
    return customer ? undefined : `no customer-managed policy is attached to ${principal.kind} ${principal.name} yet`;
  }
}

/** The latent paths of this scan's account, shared by the rules that ask. */
export function latentPaths(ctx: RuleContext): LatentPaths {
  return ctx.shared('latent-escalation', () => new LatentPaths(ctx));
}
