import type { AccountSnapshot } from '../snapshot/index.js';
import type { ServedOrganization } from './types.js';

/** The account's organisation as the Slack app names it, when the snapshot was read with an organization.json. */
export function servedOrganization(snapshot: Pick<AccountSnapshot, 'organization'>): ServedOrganization | undefined {
  const org = snapshot.organization;
  if (!org) return undefined;
  return {
    id: org.organizationId,
    ...(org.ouPath !== undefined && { ouPath: org.ouPath }),
    ...(org.isManagementAccount && { isManagementAccount: true }),
  };
}
