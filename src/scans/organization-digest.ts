import { describePath, type AccountLabels } from '../org-graph/findings.js';
import { buildDigest, type Digest, type DigestChanges, type DigestOptions } from './digest.js';
import type { OrganizationScan, UnjoinedAccount } from './organization-pass.js';
import type { LatestScan } from './types.js';

/**
 * One digest for an AWS Organization (a schedule's `digest: organization`): each joined account as its own digest
 * would count it, then the organisation pass's cross-account paths, as a digest of their own with what changed
 * since the channel's previous organisation digest. views/organization-digest.ts renders it.
 */
export interface OrganizationDigest {
  organizationId: string;
  /** When the organisation pass ran. */
  scannedAt: string;
  /** The cross-account findings (the pass's scan, under the organisation's id). */
  paths: Digest;
  /** Every joined account's digest, in the order the app serves them. */
  accounts: Digest[];
  /** The organisation's accounts the pass could not join. */
  unjoined: UnjoinedAccount[];
  /** How many cross-account paths the pass found, to an administrator or not. */
  pathCount: number;
  /**
   * The paths to roles that are not (and cannot become) administrators, in words ("user dana in shared-services can
   * become role deploy in acme-demo via role shared-services/builder"): those to an administrator are `paths`' findings.
   */
  otherPaths: string[];
  /** Something in any part changed (a first digest always counts as one). */
  changed: boolean;
}

export type OrganizationDigestOptions = Omit<DigestOptions, 'changes' | 'accountName'> & {
  /** What each part is compared with: the channel's previous digest of that account, or of the organisation. */
  changesSince: (latest: LatestScan) => DigestChanges;
};

/** Builds the organisation's digest from its pass. Pure. */
export function buildOrganizationDigest(
  scan: OrganizationScan,
  options: OrganizationDigestOptions,
): OrganizationDigest {
  const { changesSince, ...digestOptions } = options;
  const labels = labelsOf(scan);
  const digestOf = (latest: LatestScan) => {
    // A configured name or the account alias first, else the name organization.json gives the account.
    const accountName = latest.account.label ?? labels(latest.account.id).name;
    return buildDigest(
      { latest },
      { ...digestOptions, changes: changesSince(latest), ...(accountName && { accountName }) },
    );
  };
  const paths = digestOf(scan.latest);
  const accounts = scan.accounts.map(digestOf);
  return {
    organizationId: scan.organizationId,
    scannedAt: scan.latest.scannedAt,
    paths,
    accounts,
    unjoined: scan.unjoined,
    pathCount: scan.pass.join.paths.length,
    otherPaths: scan.pass.join.paths
      .filter((path) => !path.target.administrator && !path.target.escalation)
      .map((path) => describePath(path, labels)),
    changed: paths.changed || accounts.some((a) => a.changed),
  };
}

/** Every digest the organisation's digest holds: what the channel is shown, part by part. */
export function organizationDigestParts(digest: OrganizationDigest): Digest[] {
  return [...digest.accounts, digest.paths];
}

/** Account names as the pass knows them (organization.json, else the account alias). */
function labelsOf(scan: OrganizationScan): AccountLabels {
  const known = new Map<string, { name?: string; ouPath?: string }>();
  for (const { accountId, name, ouPath } of [...scan.pass.accounts, ...(scan.pass.otherAccounts ?? [])])
    known.set(accountId, { ...(name && { name }), ...(ouPath && { ouPath }) });
  return (accountId) => known.get(accountId) ?? {};
}
