import { AmbiguousNameError, NotFoundError } from '../errors.js';
import type { EffectivePermissions, PolicyEngine } from '../iam/index.js';
import type { NavigableEscalationGraph } from '../risks/escalation/graph.js';
import { navigableEscalationGraph } from '../risks/escalation/shared.js';
import { createRuleContext } from '../risks/run.js';
import type { RuleContext } from '../risks/types.js';
import type { AccountIndex, AccountSnapshot, Principal } from '../snapshot/index.js';

/** Principals whose policies are the same document for document: one evaluation answers for all. */
export interface PolicyGroup {
  effective: EffectivePermissions;
  principals: Principal[];
  /** A Resource names a policy variable (${aws:username}): the answer depends on who asks. */
  variables: boolean;
  /** A statement has a Condition: with a context, the principal's own keys (tags …) may decide it. */
  conditions: boolean;
}

/**
 * What access queries read, built once per snapshot: each principal's effective permissions, the
 * principals grouped by policy set (so a query evaluates each distinct set once), and the escalation
 * graph, built on first need exactly as the escalation findings build it. Pure.
 */
export class AccessIndex {
  readonly ctx: RuleContext;
  readonly groups: PolicyGroup[];
  private graph: NavigableEscalationGraph | undefined;

  constructor(
    readonly snapshot: AccountSnapshot,
    readonly engine: PolicyEngine,
    now: Date,
  ) {
    this.ctx = createRuleContext(snapshot, engine, { now });
    const byEffective = new Map<EffectivePermissions, PolicyGroup>();
    for (const principal of this.ctx.index.principals) {
      const effective = this.ctx.effective(principal);
      let group = byEffective.get(effective);
      if (!group) {
        group = { effective, principals: [], ...dependsOnWhoAsks(principal) };
        byEffective.set(effective, group);
      }
      group.principals.push(principal);
    }
    this.groups = [...byEffective.values()];
  }

  get accounts(): AccountIndex {
    return this.ctx.index;
  }

  get principalCount(): number {
    return this.ctx.index.principals.length;
  }

  /** The escalation graph; the first call builds it (seconds at 10,000 principals). */
  escalation(): NavigableEscalationGraph {
    return (this.graph ??= navigableEscalationGraph(this.ctx));
  }

  get escalationBuilt(): boolean {
    return this.graph !== undefined;
  }

  /** By ARN, name, kind/name (as every command takes them), or else an unambiguous name prefix. */
  find(query: string): Principal {
    try {
      return this.accounts.find(query);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const prefix = query.toLowerCase();
      const matches = this.accounts.principals.filter((p) => p.name.toLowerCase().startsWith(prefix));
      if (matches.length === 1) return matches[0]!;
      if (matches.length > 1)
        throw new AmbiguousNameError(
          `"${query}" starts ${matches.length} principal names: ${matches
            .slice(0, 6)
            .map((p) => `${p.kind}/${p.name}`)
            .join(', ')}${matches.length > 6 ? ', …' : ''}`,
          { hint: 'type more of the name, or use kind/name or the ARN' },
        );
      throw error;
    }
  }
}

/** Whether the principal's statements name policy variables, and whether they have conditions. */
function dependsOnWhoAsks(principal: Principal): { variables: boolean; conditions: boolean } {
  const { identity, boundary, scps, rcps } = principal.policies;
  let variables = false;
  let conditions = false;
  const organization = [...(scps ?? []), ...(rcps ?? [])].flatMap((level) => level.policies);
  for (const policy of [...identity, ...(boundary ? [boundary] : []), ...organization])
    for (const statement of policy.document.Statement) {
      if (statement.Condition !== undefined) conditions = true;
      if ((statement.Resource ?? statement.NotResource ?? []).some((r) => r.includes('${'))) variables = true;
    }
  return { variables, conditions };
}
