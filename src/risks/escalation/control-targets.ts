import type { ManagedPolicy, Principal } from '../../snapshot/index.js';
import { adminLevelOf } from '../admin.js';
import type { ResourceIndex } from '../capability.js';
import { groupMembers } from '../group-members.js';
import type { RuleContext } from '../types.js';
import { PolicyControlEntry, PrincipalControlEntry, type ControlTarget } from './edges.js';
import type { EscalationMethod } from './methods.js';
import { HolderPositions } from './positions.js';
import type { TargetLists } from './target-lists.js';

/** One list of (principal reached, resource written) pairs, indexed by resource and by principal reached. */
export interface ControlIndex {
  entries: ControlTarget[];
  resources: ResourceIndex;
  holders: HolderPositions;
}

/**
 * What the policy methods (modify-attached-policy, write-principal-policy) can rewrite: every (principal
 * reached, resource written) pair, built once per list and shared by the methods that write the same one
 * (iam:AttachUserPolicy and iam:PutUserPolicy reach the same users) and by all their holders. At 50,000
 * principals the lists hold a quarter of a million pairs: their titles name the method only when a path
 * uses one.
 */
export class ControlTargets {
  constructor(
    private readonly ctx: RuleContext,
    private readonly lists: TargetLists,
  ) {}

  private readonly indexes = new Map<string, ControlIndex>();

  /** The entries of the method's list, with each principal's positions in it. */
  index(method: EscalationMethod): ControlIndex {
    const key = method.kind === 'write-principal-policy' ? `principal:${method.principalKind}` : method.id;
    let index = this.indexes.get(key);
    if (!index) {
      const entries = this.entries(method);
      index = {
        entries,
        resources: this.lists.resourceIndex(entries.map((e) => e.resource)),
        holders: new HolderPositions(entries),
      };
      this.indexes.set(key, index);
    }
    return index;
  }

  /** For the policy methods: every (principal reached, resource written) pair, e.g. each attached policy. */
  private entries(method: EscalationMethod): ControlTarget[] {
    const entries: ControlTarget[] = [];
    const { snapshot, index } = this.ctx;
    if (method.kind === 'modify-attached-policy') {
      for (const policy of snapshot.authorizationDetails.policies) {
        if (policy.awsManaged) continue;
        // Rolling back is an escalation only to a version that is itself administrator (Rhino #2).
        if (method.id === 'set-default-policy-version' && !hasAdministratorVersion(this.ctx, policy)) continue;
        for (const holder of this.principalsWithPolicy(policy.arn))
          if (uncapped(this.ctx, holder)) entries.push(new PolicyControlEntry(policy, holder));
      }
    } else {
      for (const candidate of index.principals) {
        if (candidate.kind !== method.principalKind) continue;
        const reached =
          candidate.kind === 'group' ? [candidate, ...groupMembers(this.ctx, candidate.name)] : [candidate];
        for (const holder of reached)
          if (uncapped(this.ctx, holder)) entries.push(new PrincipalControlEntry(candidate, holder.arn));
      }
    }
    return entries;
  }

  private principalsWithPolicy(policyArn: string): readonly Principal[] {
    return principalsByPolicy(this.ctx).get(policyArn) ?? [];
  }

  clear(): void {
    this.indexes.clear();
  }
}

/**
 * Whether new permissions can make the principal an administrator: not when its permissions boundary is
 * not one itself (what is written to it, or to its policies, applies only within the boundary: the
 * delegation that iam:PermissionsBoundary conditions enforce).
 */
export function uncapped(ctx: RuleContext, principal: Principal): boolean {
  const boundary = principal.policies.boundary;
  if (!boundary) return true;
  const known = ctx.shared('administrator-boundaries', () => new Map<string, boolean>());
  let admin = known.get(boundary.id);
  if (admin === undefined) {
    admin = adminLevelOf(ctx, ctx.engine.effectivePermissions({ identity: [boundary] })) !== undefined;
    known.set(boundary.id, admin);
  }
  return admin;
}

/** A version other than the default that is itself administrator: what rolling back (SetDefaultPolicyVersion) can reach. */
export function hasAdministratorVersion(ctx: RuleContext, policy: ManagedPolicy): boolean {
  return policy.versions.some(
    (v) =>
      !v.isDefault &&
      adminLevelOf(
        ctx,
        ctx.engine.effectivePermissions({
          identity: [{ id: `${policy.arn}#${v.versionId}`, name: policy.name, kind: 'managed', document: v.document }],
        }),
      ) !== undefined,
  );
}

/** The principals each managed policy reaches (a group's members too: their policies list it), once per scan. */
export function principalsByPolicy(ctx: RuleContext): ReadonlyMap<string, readonly Principal[]> {
  return ctx.shared('principals-by-policy', () => {
    const holders = new Map<string, Principal[]>();
    for (const p of ctx.index.principals)
      for (const a of p.policies.identity)
        if (a.arn) {
          const list = holders.get(a.arn) ?? [];
          if (list.at(-1) !== p) list.push(p);
          holders.set(a.arn, list);
        }
    return holders;
  });
}
