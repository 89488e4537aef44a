import type { ManagedPolicy, Principal } from '../../snapshot/index.js';
import { adminLevelOf } from '../admin.js';
import { groupMembers } from '../group-members.js';
import type { RuleContext } from '../types.js';
import { PolicyControlEntry, PrincipalControlEntry, type ControlTarget } from './edges.js';
import type { EscalationMethod } from './methods.js';
import type { ControlEntry } from './positions.js';
import { ownTitle, type CandidateSet, type TargetLists } from './target-lists.js';

export interface ControlIndex {
  entries: ControlEntry[];
  set: CandidateSet;
  byHolder: Map<string, number[]>;
}

/**
 * What the policy methods (modify-attached-policy, write-principal-policy) can rewrite: every
 * (principal reached, resource written) pair, built once per method and shared by all its holders.
 */
export class ControlTargets {
  constructor(
    private readonly ctx: RuleContext,
    private readonly lists: TargetLists,
  ) {}

  private readonly byHolderCache = new Map<string, Map<string, ControlEntry[]>>();

  /** Who each policy or principal write reaches, keyed by the principal reached. */
  byHolder(method: EscalationMethod): Map<string, ControlEntry[]> {
    let map = this.byHolderCache.get(method.id);
    if (!map) {
      map = new Map();
      for (const entry of this.entries(method)) {
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
  entries(method: EscalationMethod): ControlTarget[] {
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

  private readonly controlIndexes = new Map<string, ControlIndex>();

  /** The entries as a target list, with each holder's positions in it: what a control's grant is resolved on. */
  index(method: EscalationMethod): ControlIndex {
    let index = this.controlIndexes.get(method.id);
    if (!index) {
      const entries = this.entries(method);
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

  /** A version other than the default that is itself administrator: what rolling back can reach. */
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

  clear(): void {
    this.controlTargetCache.clear();
    this.byHolderCache.clear();
    this.controlIndexes.clear();
    this.policyHolders = undefined;
  }
}
