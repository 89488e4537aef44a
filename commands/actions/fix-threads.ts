import type { AllMiddlewareArgs } from '@slack/bolt';
import type { Approvers } from '../../src/remediate/approvers.js';
import type { UserGroups } from '../../src/access/ownership.js';
import type { FixService } from '../../src/remediate/fix-service.js';
import type { FixPlan } from '../../src/remediate/types.js';
import type { Finding } from '../../src/risks/types.js';
import type { AccountSnapshot } from '../../src/snapshot/index.js';
import type { ApprovalRecord, FixRecord } from '../../src/store/index.js';
import type { MessageView } from '../../views/blocks.js';

type Client = AllMiddlewareArgs['client'];

/** What the Fix in AWS listeners need; src/serve/compose.ts builds it (src/serve/fix-flow.ts). */
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

/** Slack user ids behind a list of users and user groups. */
export async function expandApprovers(groups: UserGroups, ids: readonly string[]): Promise<Set<string>> {
  const users = new Set<string>();
  for (const id of ids) {
    if (!id.startsWith('S')) users.add(id);
    else for (const user of await groups.members(id)) users.add(user);
  }
  return users;
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
  return (await expandApprovers(groups, approval.approvers ?? [approval.approver])).has(userId);
}
/** Posts a step of the flow in every thread of the request (approvers' DMs and the requester's). */
export async function postToThreads(client: Client, approval: ApprovalRecord, message: MessageView): Promise<void> {
  for (const thread of approval.threads ?? [])
    await client.chat.postMessage({ channel: thread.channel, thread_ts: thread.ts, ...asMessage(message) });
}

/** Replaces the approval DMs (their Approve / Reject buttons) once the request is decided. */
export async function closeApprovalMessages(
  client: Client,
  approval: ApprovalRecord,
  message: MessageView,
): Promise<void> {
  for (const thread of (approval.threads ?? []).filter((t) => t.role === 'approver'))
    await client.chat.update({ channel: thread.channel, ts: thread.ts, ...asMessage(message) });
}

export const asMessage = (message: MessageView) => message as unknown as { text: string; blocks: [] };
