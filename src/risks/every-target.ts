import {
  accountOfArn,
  allowedOnEveryTarget,
  iamTargetKind,
  iamTargetScopes,
  type IamTargetKind,
  type EffectivePermissions,
  type PolicyEngine,
  type PrincipalPolicies,
  type TargetScope,
} from '../iam/index.js';
import type { RuleContext } from './types.js';

/**
 * "On every resource", as every rule asks it: Resource "*", or for an action on one kind of IAM resource
 * a pattern that covers every such resource of the account (arn:aws:iam::<account>:policy/*), as the
 * escalation graph counts it when it matches the targets themselves.
 */
export class EveryTarget {
  /** By actions list, then account: the scopes are the same for every principal of the account. */
  private readonly scopes = new WeakMap<readonly string[], Map<string, Map<number, TargetScope>>>();

  constructor(private readonly engine: PolicyEngine) {}

  /** The IAM actions among `actions` with a scope in the account of `arn` (a principal's or a policy's). */
  scopesOf(actions: readonly string[], arn: string): Map<number, TargetScope> {
    const account = accountOfArn(arn);
    const key = account ? `${account.partition}:${account.account}` : '';
    let byAccount = this.scopes.get(actions);
    if (!byAccount) this.scopes.set(actions, (byAccount = new Map()));
    let scopes = byAccount.get(key);
    if (!scopes) byAccount.set(key, (scopes = iamTargetScopes(this.engine.catalog, actions, account)));
    return scopes;
  }

  private readonly kinds = new Map<string, IamTargetKind | null>();

  /** Whether the policies allow the action without conditions on every resource it acts on. */
  allows(policies: PrincipalPolicies, effective: EffectivePermissions, arn: string, action: string): boolean {
    const i = this.engine.catalog.indexOf(action);
    if (i === undefined || !effective.allowed.has(i)) return false;
    if (effective.unconditional.has(i)) return true;
    let kind = this.kinds.get(action);
    if (kind === undefined) this.kinds.set(action, (kind = iamTargetKind(this.engine.catalog, action) ?? null));
    const account = kind ? accountOfArn(arn) : undefined;
    return (
      account !== undefined && allowedOnEveryTarget(this.engine, policies, effective, i, { ...account, kind: kind! })
    );
  }

  /** The actions (as listed) the policies allow without conditions on every resource they act on. */
  allowed(
    policies: PrincipalPolicies,
    effective: EffectivePermissions,
    arn: string,
    actions: readonly string[],
  ): string[] {
    return actions.filter((action) => this.allows(policies, effective, arn, action));
  }
}

/** One per scan, shared by the rules that ask. */
export function everyTarget(ctx: RuleContext): EveryTarget {
  return ctx.shared('every-target', () => new EveryTarget(ctx.engine));
}
