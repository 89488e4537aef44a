import type { OrgLevel, OrgPolicy, OrgPolicyType, OrganizationSnapshot } from './types.js';

/** Where an account sits in its organisation and which policies apply at each level: the pure view of organization.json. */
export interface OrganizationTree {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly accountIds: readonly string[];
  has(accountId: string): boolean;
  accountName(accountId: string): string | undefined;
  /** Root first, the account last; empty when the account is not in the organisation. */
  levelsOf(accountId: string): OrgLevel[];
  /** "Root/Workloads/Prod": the OUs above the account, for messages. */
  ouPathOf(accountId: string): string | undefined;
  /** The policies of `type` attached at `levelId` (a root, OU or account id). */
  policiesAt(levelId: string, type: OrgPolicyType): OrgPolicy[];
  /** Whether `type` is enabled at the root: a disabled type is not enforced, whatever is attached. */
  policyTypeEnabled(type: OrgPolicyType): boolean;
}

export function organizationTree(snapshot: OrganizationSnapshot): OrganizationTree {
  const levels = new Map<string, { level: OrgLevel; parentId?: string }>();
  for (const root of snapshot.roots)
    levels.set(root.Id, { level: { kind: 'root', id: root.Id, name: root.Name ?? 'Root' } });
  for (const unit of snapshot.organizationalUnits)
    levels.set(unit.Id, { level: { kind: 'ou', id: unit.Id, name: unit.Name }, parentId: unit.ParentId });
  for (const account of snapshot.accounts)
    levels.set(account.Id, {
      level: { kind: 'account', id: account.Id, name: account.Name ?? account.Id },
      parentId: account.ParentId,
    });

  const attached = new Map<string, OrgPolicy[]>();
  for (const policy of snapshot.policies) {
    for (const target of policy.Targets) {
      const list = attached.get(target) ?? [];
      list.push(policy);
      attached.set(target, list);
    }
  }
  const accountIds = snapshot.accounts.map((a) => a.Id);
  const enabledTypes = new Set(
    snapshot.roots.flatMap((r) => (r.PolicyTypes ?? []).filter((p) => p.Status === 'ENABLED').map((p) => p.Type)),
  );

  function levelsOf(accountId: string): OrgLevel[] {
    const chain: OrgLevel[] = [];
    const seen = new Set<string>();
    let id: string | undefined = accountId;
    while (id !== undefined && !seen.has(id)) {
      seen.add(id);
      const entry = levels.get(id);
      if (!entry) break;
      chain.unshift(entry.level);
      id = entry.parentId;
    }
    // A chain that does not end at a root (a parent loop, a missing parent) places the account nowhere.
    return chain[0]?.kind === 'root' && chain[chain.length - 1]?.kind === 'account' ? chain : [];
  }

  return {
    organizationId: snapshot.organization.Id,
    managementAccountId: snapshot.organization.MasterAccountId,
    accountIds,
    has: (accountId) => levels.get(accountId)?.level.kind === 'account',
    accountName: (accountId) => snapshot.accounts.find((a) => a.Id === accountId)?.Name,
    levelsOf,
    ouPathOf(accountId) {
      const chain = levelsOf(accountId);
      if (chain.length === 0) return undefined;
      return chain
        .filter((level) => level.kind !== 'account')
        .map((level) => level.name)
        .join('/');
    },
    policiesAt: (levelId, type) => (attached.get(levelId) ?? []).filter((p) => p.Type === type),
    policyTypeEnabled: (type) => enabledTypes.has(type),
  };
}
