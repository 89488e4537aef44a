import type { OrganizationResult } from '../org-graph/scan.js';
import { organizationPass } from '../org-graph/scan.js';
import type { AccountSummary } from '../org-graph/types.js';
import type { OrganizationTree } from '../organization/tree.js';
import type { Actor, ScanDiff, StateStore } from '../store/index.js';
import { latestScanOf } from './latest-scans.js';
import type { LatestScan, ServedAccount } from './types.js';

/** An account of the organisation the pass could not join: not served by this app, or not scanned (yet). */
export interface UnjoinedAccount {
  accountId: string;
  name?: string;
  ouPath?: string;
  /** Served here, but its scan failed or has not run. */
  served: boolean;
}

/**
 * The organisation pass as the app holds it: the cross-account findings as a recorded scan under the
 * organisation's id (so they have a lifecycle, mutes and Jira issues like any finding), and what it joined.
 */
export interface OrganizationScan {
  organizationId: string;
  /**
   * The pass as a scan: its "account" is the organisation ("organisation pass (o-…)"); its findings keep the account
   * of their principal.
   */
  latest: LatestScan;
  diff: ScanDiff;
  pass: OrganizationResult;
  /** The latest scan of each joined account, in the order the app serves them. */
  accounts: LatestScan[];
  /** The organisation's accounts the pass has no summary of: trust from and to them is not joined. */
  unjoined: UnjoinedAccount[];
}

/** What runs organisation passes (ServedAccounts): the scheduler asks it for a `digest: organization`. */
export interface OrganizationScans {
  scanOrganization(organizationId: string, actor?: Actor): Promise<OrganizationScan>;
}

export interface OrganizationPassInput {
  organizationId: string;
  /** The organisation's served accounts with their latest scan and summary, when they have one. */
  members: readonly { account: ServedAccount; latest?: LatestScan; summary?: AccountSummary }[];
  tree?: OrganizationTree;
  store: StateStore;
  actor: Actor;
  startedAt: Date;
  now: () => Date;
}

/**
 * Joins the members' summaries and records the cross-account findings under the organisation's id. A finding is
 * resolved only by a pass that joined every served account: one missing may be the half of a path.
 */
export async function recordOrganizationPass(input: OrganizationPassInput): Promise<OrganizationScan> {
  const { organizationId, members, tree, store } = input;
  const joined = members.filter((m) => m.summary && m.latest);
  const pass = organizationPass(
    joined.map((m) => m.summary!),
    tree,
  );
  const complete = joined.length === members.length;
  const accounts = joined.map((m) => m.latest!);
  const collectedAt = accounts.map((a) => a.result.collectedAt).sort()[0] ?? input.startedAt.toISOString();
  const source = `organisation pass over ${joined.length} of ${(tree?.accountIds.length ?? members.length).toLocaleString('en-US')} accounts`;
  const diff = await recordPassFindings(store, pass, {
    organizationId,
    startedAt: input.startedAt,
    finishedAt: input.now(),
    collectedAt,
    source,
    actor: input.actor,
    complete,
  });
  const result = {
    accountId: organizationId,
    collectedAt,
    findings: pass.findings,
    notices: [],
    gaps: [],
    problems: [],
    stats: { principals: pass.accounts.reduce((n, a) => n + a.principals, 0), policies: 0, rules: 1 },
  };
  const account: ServedAccount = { id: organizationId, label: 'organisation pass', source };
  // The principals' tags from their accounts' scans (ARNs name their account): owners of the paths are theirs.
  const resourceTags = new Map(accounts.flatMap((a) => [...(a.resourceTags ?? [])]));
  const latest = { ...latestScanOf({ result, diff }, account, store, input.now()), resourceTags };
  const joinedIds = new Set(joined.map((m) => m.account.id));
  const unjoined: UnjoinedAccount[] = [
    ...members
      .filter((m) => !joinedIds.has(m.account.id))
      .map((m) => labelled(m.account.id, tree, m.account.label, true)),
    ...(pass.otherAccounts ?? [])
      .filter((a) => !members.some((m) => m.account.id === a.accountId))
      .map((a) => labelled(a.accountId, tree, a.name, false)),
  ];
  return { organizationId, latest, diff, pass, accounts, unjoined };
}

/** One organisation pass as the state file records it. */
export interface PassRecording {
  organizationId: string;
  startedAt: Date;
  finishedAt: Date;
  /** The oldest collection time of the joined accounts. */
  collectedAt: string;
  source: string;
  actor: Actor;
  /** Whether the pass joined every account it should: only then does a finding it lacks count as resolved. */
  complete: boolean;
}

/**
 * Records the pass's cross-account findings as a scan under the organisation's id, so that only the next pass
 * resolves them (an account's scan never does).
 */
export function recordPassFindings(
  store: StateStore,
  pass: OrganizationResult,
  recording: PassRecording,
): Promise<ScanDiff> {
  return store.recordScan({
    accountId: recording.organizationId,
    startedAt: recording.startedAt,
    finishedAt: recording.finishedAt,
    collectedAt: recording.collectedAt,
    source: recording.source,
    findings: pass.findings.map((f) => ({ ...f, accountId: recording.organizationId })),
    gaps: [],
    notices: [],
    actor: recording.actor,
    couldSee: () => recording.complete,
  });
}

function labelled(accountId: string, tree: OrganizationTree | undefined, name: string | undefined, served: boolean) {
  const account: UnjoinedAccount = { accountId, served };
  const known = tree?.accountName(accountId) ?? name;
  if (known) account.name = known;
  const ouPath = tree?.ouPathOf(accountId);
  if (ouPath) account.ouPath = ouPath;
  return account;
}
