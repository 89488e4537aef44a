import type { UserGroups } from '../access/types.js';
import { expandUserGroups } from '../access/user-groups.js';
import type { Finding } from '../risks/types.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import type { ApprovalRecord, FixRecord } from '../store/index.js';
import type { Approvers } from './approvers.js';
import type { FixService } from './fix-service.js';
import type { FixPlan } from './types.js';

/** Fix in AWS as the Slack listeners and the workflows use it: the service, who approves, where snapshots are. */
export interface FixFlow {
  service: FixService;
  /** Whether fixes are offered for an account's findings (not for the bundled demo account: it is not real). */
  offers(accountId: string): boolean;
  /** The snapshot an account's findings come from (plans and re-evaluation need more than the scan keeps). */
  snapshot(accountId: string): Promise<AccountSnapshot>;
  approvers(finding: Finding, snapshot: AccountSnapshot): Approvers;
  /** Members of the user groups named as owners or approvers. */
  groups: UserGroups;
  /** Plans shown to requesters and not yet submitted, by draft id (the modal carries the id). */
  drafts: Map<string, { plan: FixPlan; requester: string; approvers: Approvers }>;
}

/** Who may roll a fix back: whoever requested it and whoever could approve it (user-group members too). */
export async function mayRollBack(
  fix: FixRecord,
  approval: ApprovalRecord | undefined,
  userId: string,
  groups: UserGroups,
): Promise<boolean> {
  if (!approval) return false;
  if (approval.requestedBy.id === userId) return true;
  return (await expandUserGroups(groups, approval.approvers ?? [approval.approver])).has(userId);
}
