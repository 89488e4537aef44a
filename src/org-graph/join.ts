import { compileResourcePattern, type ResourcePattern } from '../iam/index.js';
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
  target: { account: string; role: string; administrator?: AdminLevel; escalation?: SummaryEscalation };
  conditional: boolean;
}

export interface OrganizationJoin {
  /** Every role of another account each principal can become, by the fewest hops (in the order found). */
  paths: CrossAccountPath[];
  /** Roles other accounts trust that no principal of the joined accounts can assume: near misses, said as such. */
  unreachedRoles: { account: string; role: string }[];
  /** Trust of accounts whose summary was not joined: the join cannot say who there reaches the role. */
  unknownAccounts: string[];
}

/** Conditions the organisation itself satisfies for its own principals. */
const ORGANIZATION_KEYS = new Set(['aws:principalorgid']);

interface Edge {
  hop: Omit<CrossAccountHop, 'account' | 'steps'>;
  caller: Caller;
  target: TrustedRole;
}

/** A principal's way into a caller of its account: its steps first (none when it is the caller). */
interface Entry {
  caller: Caller;
  steps: SummaryStep[];
}

/**
 * The organisation pass: joins per-account summaries into the paths that cross accounts. Pure; it holds the
 * summaries only (never a policy document). Each path is the fewest cross-account hops from a principal to a role of
 * another account; the search remembers the roles it entered, so trust loops between accounts end.
 */
export function joinSummaries(summaries: readonly AccountSummary[]): OrganizationJoin {
  const accounts = new Map(summaries.map((s) => [s.accountId, s]));
  const roleAccount = new Map<string, string>();
  const trustingAccount = new Map<string, { role: TrustedRole; account: string; trust: TrustEntry }[]>();
  for (const summary of summaries)
    for (const role of summary.trustedRoles) {
      roleAccount.set(role.arn, summary.accountId);
      for (const trust of role.trusts) {
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
  const edgesOf = new Map<Caller, Edge[]>();
  for (const summary of summaries)
    for (const caller of summary.callers) {
      const edges: Edge[] = [];
      const candidates = [...(trustingAccount.get(summary.accountId) ?? []), ...(trustingAccount.get('*') ?? [])];
      for (const { role, account, trust } of candidates) {
        if (account === summary.accountId) continue;
        if (trust.kind === 'principal' && trust.principal !== caller.arn) continue;
        const grant = grantFor(caller, role.arn, matches);
        if (!grant) continue;
        const trustConditional = (trust.conditions ?? []).some((key) => !ORGANIZATION_KEYS.has(key.toLowerCase()));
        edges.push({
          caller,
          target: role,
          hop: {
            caller: caller.arn,
            role: role.arn,
            roleAccount: account,
            grant: grant.evidence,
            trust,
            conditional: grant.conditional || trustConditional,
          },
        });
      }
      if (edges.length > 0) edgesOf.set(caller, edges);
    }

  // Who enters which caller, per account: the callers themselves and those who can become them.
  const entries = new Map<string, Map<string, Entry[]>>();
  for (const summary of summaries) {
    const byPrincipal = new Map<string, Entry[]>();
    const add = (arn: string, entry: Entry) => {
      const list = byPrincipal.get(arn);
      if (list) list.push(entry);
      else byPrincipal.set(arn, [entry]);
    };
    for (const caller of summary.callers) {
      if (!edgesOf.has(caller)) continue;
      const before = caller.before ?? [];
      add(caller.arn, { caller, steps: before });
      for (const reach of caller.reachedBy) add(reach.from, { caller, steps: [...reach.steps, ...before] });
    }
    entries.set(summary.accountId, byPrincipal);
  }

  const hopsFrom = (account: string, principal: string): { edge: Edge; steps: SummaryStep[] }[] =>
    (entries.get(account)?.get(principal) ?? []).flatMap((entry) =>
      edgesOf.get(entry.caller)!.map((edge) => ({ edge, steps: entry.steps })),
    );

  const paths: CrossAccountPath[] = [];
  const entered = new Set<string>();
  for (const [account, byPrincipal] of entries)
    for (const principal of byPrincipal.keys()) {
      for (const path of pathsFrom(account, principal, hopsFrom, accounts)) {
        paths.push(path);
        for (const hop of path.hops) entered.add(hop.role);
      }
      // Roles entered on the way to no administrator still count as reached.
      for (const { edge } of hopsFrom(account, principal)) entered.add(edge.target.arn);
    }

  const unreachedRoles = summaries.flatMap((s) =>
    s.trustedRoles
      .filter((role) => !entered.has(role.arn) && role.trusts.some((t) => t.account === '*' || accounts.has(t.account)))
      .map((role) => ({ account: s.accountId, role: role.arn })),
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
  hopsFrom: (account: string, principal: string) => { edge: Edge; steps: SummaryStep[] }[],
  accounts: ReadonlyMap<string, AccountSummary>,
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
      for (const { edge, steps } of hopsFrom(visit.account, visit.principal)) {
        const role = edge.target;
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
  role: TrustedRole,
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

/** The Allow statement that lets the caller assume the role, unless a Deny or the boundary stops it. */
function grantFor(
  caller: Caller,
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
  if (caller.boundary) {
    const bounded = caller.boundary.filter(covers);
    if (bounded.length === 0) return undefined;
    if (bounded.every((g) => g.conditional)) conditional = true;
  }
  const best = allows.find((g) => !g.conditional) ?? allows[0]!;
  return { evidence: best.evidence, conditional };
}
