import { loadSnapshot, type AccountSnapshot } from '../snapshot/index.js';
import { accountOrganization } from './account.js';
import { findOrganizationFile, readOrganizationFile } from './file.js';
import { ORGANIZATION_FILE } from './types.js';

export interface LoadOptions {
  /** An organization.json to use instead of the one next to the snapshot. */
  organizationFile?: string;
}

/**
 * Loads a snapshot directory with the organisation around it: organization.json in the directory itself, else
 * in its parent (where `collect --all` writes it), else none (snapshots from before organisations still load).
 * A malformed organization.json is a SnapshotError naming it: SCPs silently left out would read as "none".
 */
export async function loadAccountSnapshot(dir: string, options: LoadOptions = {}): Promise<AccountSnapshot> {
  const [snapshot, file] = await Promise.all([
    loadSnapshot(dir),
    options.organizationFile ? Promise.resolve(options.organizationFile) : findOrganizationFile(dir),
  ]);
  if (!file) return snapshot;
  const organization = await readOrganizationFile(file);
  return withOrganization(snapshot, organization, file);
}

/** The snapshot with its account's place in the organisation, the organisation's gaps and its account ids. */
export function withOrganization(
  snapshot: AccountSnapshot,
  organization: Parameters<typeof accountOrganization>[0],
  file: string,
): AccountSnapshot {
  const problems = [...snapshot.problems];
  const placement = accountOrganization(organization, snapshot.accountId, file, problems);
  const gaps = [...snapshot.gaps, ...organization.gaps];
  if (placement.ouPath === undefined && !placement.isManagementAccount)
    gaps.push({
      source: ORGANIZATION_FILE,
      reason: 'missing',
      message: `${file} does not place account ${snapshot.accountId} in organisation ${organization.organization.Id}: its SCPs and RCPs are not evaluated`,
    });
  return {
    ...snapshot,
    organization: placement,
    organizationAccountIds: snapshot.organizationAccountIds ?? organization.accounts.map((a) => a.Id),
    gaps,
    problems,
  };
}
