import { compileResourcePattern, type ResourcePattern } from '../iam/index.js';
import { ANY_PERMISSION } from '../risks/escalation/edges.js';
import type { AdminLevel } from '../risks/admin.js';
import type {
  AccountSummary,
  Caller,
  GrantPattern,
  SummaryEscalation,
  SummaryStep,
  TrustEntry,
  TrustedRole,
} from './types.js';
import { resolveSteps } from './types.js';

/** One sts:AssumeRole across accounts: a caller's grant meets a trust policy of another account. */
export interface CrossAccountHop {
  /** The account the hop starts in, and the steps inside it from the principal entering it to the caller. */
  account: string;
  steps: SummaryStep[];
  caller: string;
  role: string;
  roleAccount: string;
  /** The caller's statement that allows sts:AssumeRole on the role. */
  grant: string;
  trust: TrustEntry;
  conditional: boolean;
}

/** A principal of one account that can become a role of another, hop by hop, and what that role reaches there. */
export interface CrossAccountPath {
  from: string;
  fromAccount: string;
  hops: CrossAccountHop[];
  /** The role entered last; `administrator` or `escalation` when it is, or leads to, that account's administrator. */
  target: { account: string; role: string; administrator?: AdminLevel; escalation?: SummaryEscalation<SummaryStep> };
  conditional: boolean;
}

export interface OrganizationJoin {
  /** Every role of another account each principal can become, by the fewest hops (in the order found). */
  paths: CrossAccountPath[];
  /**
   * Roles other accounts trust that no principal of the joined accounts can assume: near misses, said as such; with
   * the RCP that denies it when one does.
   */
  unreachedRoles: { account: string; role: string; deniedByRcp?: string }[];
  /** Trust of accounts whose summary was not joined: the join cannot say who there reaches the role. */
  unknownAccounts: string[];
}

/** Conditions the organisation itself satisfies for its own principals. */
const ORGANIZATION_KEYS = new Set(['aws:principalorgid']);

interface Edge {
  hop: Omit<CrossAccountHop, 'account' | 'steps'>;
  caller: Caller<SummaryStep>;
  target: TrustedRole<SummaryStep>;
}

/** A hop out of an account from one principal: the steps inside it first. */
interface Hop {
  hop: Omit<CrossAccountHop, 'account' | 'steps'>;
  target: TrustedRole<SummaryStep>;
  steps: SummaryStep[];
}

/** An administrator becomes the principal a trust policy names: it can rewrite that principal's trust or credentials. */
function becomeNamed(administrator: string, named: string): SummaryStep {
  return {
    from: administrator,
    to: named,
    title: `as an administrator of the account, become ${named.split(':').slice(5).join(':')} (rewrite its trust policy or give it credentials) and let it call sts:AssumeRole`,
  };
}

/** Conditions the organisation does not satisfy by itself make a hop conditional, as does an RCP's condition. */
function trustConditional(trust: TrustEntry): boolean {
  return (
    trust.rcp?.outcome === 'conditional' ||
    (trust.conditions ?? []).some((key) => !ORGANIZATION_KEYS.has(key.toLowerCase()))
  );
}

/** A principal's way into a caller of its account: its steps first (none when it is the caller). */
interface Entry {
  caller: Caller<SummaryStep>;
  steps: SummaryStep[];
}

/**
 * The organisation pass: joins per-account summaries into the paths that cross accounts. Pure; it holds the
 * summaries only (never a policy document). Each path is the fewest cross-account hops from a principal to a role of
 * another account; the search remembers the roles it entered, so trust loops between accounts end.
 */
export function joinSummaries(files: readonly AccountSummary[]): OrganizationJoin {
  const summaries = files.map(resolveSteps);
  const accounts = new Map(summaries.map((s) => [s.accountId, s]));
  const roleAccount = new Map<string, string>();
  const trustingAccount = new Map<string, { role: TrustedRole<SummaryStep>; account: string; trust: TrustEntry }[]>();
  const deniedByRcp = new Map<string, string>();
  for (const summary of summaries)
    for (const role of summary.trustedRoles) {
      roleAccount.set(role.arn, summary.accountId);
      for (const trust of role.trusts) {
        // A role any AWS account may assume without a condition is open-trust's finding, not a path between accounts:
        // joined, it would be a path from every principal of the organisation.
        if (trust.kind === 'everyone' && !trust.conditions) continue;
        // The role account's RCPs deny sts:AssumeRole to whom this statement trusts: no hop, whatever the caller holds.
        if (trust.rcp?.outcome === 'denied') {
          deniedByRcp.set(role.arn, trust.rcp.evidence);
          continue;
        }
        const list = trustingAccount.get(trust.account) ?? [];
        list.push({ role, account: summary.accountId, trust });
        trustingAccount.set(trust.account, list);
      }
    }

  const patterns = new Map<string, ResourcePattern>();
  const matches = (resource: string, arn: string) => {
    let pattern = patterns.get(resource);
    if (!pattern) patterns.set(resource, (pattern = compileResourcePattern(resource)));
    return pattern.matches(arn) === true;
  };

  // Each caller's hops: the trusted roles of other accounts its grant covers and whose trust lets it in.
  const edgesOf = new Map<Caller<SummaryStep>, Edge[]>();
  for (const summary of summaries)
    for (const caller of summary.callers) {
      const edges: Edge[] = [];
      const candidates = [...(trustingAccount.get(summary.accountId) ?? []), ...(trustingAccount.get('*') ?? [])];
      for (const { role, account, trust } of candidates) {
        if (account === summary.accountId) continue;
        if (trust.kind === 'principal' && trust.principal !== caller.arn) continue;
        const grant = grantFor(caller, role.arn, matches);
        if (!grant) continue;
        edges.push({
          caller,
          target: role,
          hop: {
            caller: caller.arn,
            role: role.arn,
            roleAccount: account,
            grant: grant.evidence,
            trust,
            conditional: grant.conditional || trustConditional(trust),
          },
        });
      }
      if (edges.length > 0) edgesOf.set(caller, edges);
    }

  // Who enters which caller, per account: the callers themselves and those who can become them.
  const entries = new Map<string, Map<string, Entry[]>>();
  // Who is or can become an administrator, per account, and the administrator it acts as.
  const administering = new Map<string, Map<string, { acting: string; steps: SummaryStep[] }>>();
  for (const summary of summaries) {
    const byPrincipal = new Map<string, Entry[]>();
    const add = (arn: string, entry: Entry) => {
      const list = byPrincipal.get(arn);
      if (list) list.push(entry);
      else byPrincipal.set(arn, [entry]);
    };
    for (const caller of summary.callers) {
      if (!edgesOf.has(caller)) continue;
      add(caller.arn, { caller, steps: [] });
      for (const reach of caller.reachedBy) add(reach.from, { caller, steps: reach.steps });
    }
    entries.set(summary.accountId, byPrincipal);
    const admins = new Map<string, { acting: string; steps: SummaryStep[] }>();
    for (const admin of summary.administrators ?? []) admins.set(admin.arn, { acting: admin.arn, steps: [] });
    for (const escalation of summary.escalations ?? [])
      admins.set(escalation.from, {
        // Who can grant itself any permission acts as its own administrator.
        acting: escalation.reaches === ANY_PERMISSION ? escalation.from : escalation.reaches,
        steps: escalation.steps,
      });
    administering.set(summary.accountId, admins);
  }

  // An administrator may assume any role that trusts its account, and become any principal of it a trust names.
  const administratorHops = new Map<string, { role: TrustedRole<SummaryStep>; account: string; trust: TrustEntry }[]>();
  const administratorCandidates = (account: string) => {
    let list = administratorHops.get(account);
    if (!list) {
      list = [...(trustingAccount.get(account) ?? []), ...(trustingAccount.get('*') ?? [])].filter(
        (c) => c.account !== account,
      );
      administratorHops.set(account, list);
    }
    return list;
  };

  const hopsFrom = (account: string, principal: string): Hop[] => {
    const hops: Hop[] = [];
    for (const entry of entries.get(account)?.get(principal) ?? [])
      for (const edge of edgesOf.get(entry.caller)!)
        hops.push({ hop: edge.hop, target: edge.target, steps: entry.steps });
    const admin = administering.get(account)?.get(principal);
    if (admin)
      for (const { role, account: roleAccount, trust } of administratorCandidates(account)) {
        const named = trust.kind === 'principal' ? trust.principal : undefined;
        const steps =
          named && named !== admin.acting ? [...admin.steps, becomeNamed(admin.acting, named)] : admin.steps;
        hops.push({
          hop: {
            caller: named ?? admin.acting,
            role: role.arn,
            roleAccount,
            grant: `an administrator of ${account} may call sts:AssumeRole on any role (or grant itself the permission)`,
            trust,
            conditional: trustConditional(trust),
          },
          target: role,
          steps,
        });
      }
    return hops;
  };

  const paths: CrossAccountPath[] = [];
  const entered = new Set<string>();
  const starts = new Map<string, Set<string>>();
  for (const [account, byPrincipal] of entries)
    starts.set(account, new Set([...byPrincipal.keys(), ...administering.get(account)!.keys()]));
  for (const [account, principals] of starts)
    for (const principal of principals) {
      for (const path of pathsFrom(account, principal, hopsFrom, accounts)) {
        paths.push(path);
        for (const hop of path.hops) entered.add(hop.role);
      }
    }

  const unreachedRoles = summaries.flatMap((s) =>
    s.trustedRoles
      .filter(
        (role) =>
          !entered.has(role.arn) &&
          role.trusts.some((t) => (t.account === '*' && t.conditions) || accounts.has(t.account)),
      )
      .map((role) => {
        const denied = deniedByRcp.get(role.arn);
        return { account: s.accountId, role: role.arn, ...(denied && { deniedByRcp: denied }) };
      }),
  );
  const unknownAccounts = [
    ...new Set(
      summaries.flatMap((s) =>
        s.trustedRoles.flatMap((r) => r.trusts.map((t) => t.account).filter((a) => a !== '*' && !accounts.has(a))),
      ),
    ),
  ].sort();
  return { paths, unreachedRoles, unknownAccounts };
}

/**
 * Breadth-first over the roles entered, from one principal: each role of another account it can become, by the fewest
 * hops. Roles already entered are not entered again, so a loop of trust between accounts ends.
 */
function pathsFrom(
  account: string,
  principal: string,
  hopsFrom: (account: string, principal: string) => Hop[],
  accounts: ReadonlyMap<string, unknown>,
): CrossAccountPath[] {
  /** A principal entered (the first, or a role of another account) and the hops that led there. */
  interface Visit {
    principal: string;
    account: string;
    hops: CrossAccountHop[];
  }
  const seen = new Set<string>();
  const found: CrossAccountPath[] = [];
  let frontier: Visit[] = [{ principal, account, hops: [] }];
  while (frontier.length > 0) {
    const next: Visit[] = [];
    for (const visit of frontier) {
      for (const edge of hopsFrom(visit.account, visit.principal)) {
        const role = edge.target;
        const steps = edge.steps;
        if (seen.has(role.arn)) continue;
        seen.add(role.arn);
        const hops = [...visit.hops, { account: visit.account, steps, ...edge.hop }];
        const target = edge.hop.roleAccount;
        if (target !== account && accounts.has(target)) found.push(crossPath(principal, account, hops, role, target));
        next.push({ principal: role.arn, account: target, hops });
      }
    }
    frontier = next;
  }
  return found;
}

function crossPath(
  from: string,
  fromAccount: string,
  hops: CrossAccountHop[],
  role: TrustedRole<SummaryStep>,
  account: string,
): CrossAccountPath {
  const target: CrossAccountPath['target'] = { account, role: role.arn };
  if (role.administrator) target.administrator = role.administrator;
  else if (role.escalation) target.escalation = role.escalation;
  const conditional =
    hops.some((h) => h.conditional || h.steps.some((s) => s.conditional || s.assumption)) ||
    (target.escalation?.conditional ?? false);
  return { from, fromAccount, hops, target, conditional };
}

/** The Allow statement that lets the caller assume the role, unless a Deny (its own or an SCP's), the boundary or an SCP level stops it. */
function grantFor(
  caller: Caller<SummaryStep>,
  roleArn: string,
  matches: (resource: string, arn: string) => boolean,
): { evidence: string; conditional: boolean } | undefined {
  const covers = (grant: GrantPattern) =>
    grant.notResource
      ? !grant.resources.some((r) => matches(r, roleArn))
      : grant.resources.some((r) => matches(r, roleArn));
  if ((caller.deny ?? []).some(covers)) return undefined;
  const allows = caller.allow.filter(covers);
  if (allows.length === 0) return undefined;
  let conditional = allows.every((g) => g.conditional);
  // The boundary, then every SCP level from the root down, must each allow it too.
  for (const level of [...(caller.boundary ? [caller.boundary] : []), ...(caller.scps ?? [])]) {
    const covering = level.filter(covers);
    if (covering.length === 0) return undefined;
    if (covering.every((g) => g.conditional)) conditional = true;
  }
  const best = allows.find((g) => !g.conditional) ?? allows[0]!;
  return { evidence: best.evidence, conditional };
}
