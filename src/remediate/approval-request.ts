import { mentionOf } from '../access/slack-ids.js';
import { expandUserGroups } from '../access/user-groups.js';
import type { Actor, ApprovalRecord } from '../store/index.js';
import type { Approvers } from './approvers.js';
import type { FixFlow } from './fix-flow.js';
import type { FixPlan } from './types.js';

/** A request goes to at most this many people by DM (a large group gets asked through its first members). */
export const MAX_APPROVAL_DMS = 10;

/** A Slack message whose thread records every step of a request. */
export type ApprovalThread = NonNullable<ApprovalRecord['threads']>[number];

/** How a request reaches people in Slack; the Slack edge (commands/outbound) renders and sends it. */
export interface ApprovalMessenger {
  /** The request with its plan and diff, Approve and Reject, in the approver's DM. */
  askApprover(userId: string, approval: ApprovalRecord, plan: FixPlan): Promise<ApprovalThread | undefined>;
  /** The requester's own copy: what was asked of whom; each step follows in its thread. */
  tellRequester(
    userId: string,
    approval: ApprovalRecord,
    plan: FixPlan,
    asked: string,
  ): Promise<ApprovalThread | undefined>;
}

export interface ApprovalRequest {
  plan: FixPlan;
  requestedBy: Actor;
  approvers: Approvers;
}

/**
 * Records a fix request and asks for approval: everyone allowed may decide; the owner (else the fallback approvers,
 * user groups expanded) is asked by DM; a requester in Slack gets a copy. The messages' threads are kept with the
 * request, so every later step is posted where people saw it.
 */
export async function requestApproval(
  flow: Pick<FixFlow, 'service' | 'groups'>,
  request: ApprovalRequest,
  messenger: ApprovalMessenger,
): Promise<{ approval: ApprovalRecord; asked: string }> {
  const { plan, requestedBy, approvers } = request;
  const approval = await flow.service.request(plan, requestedBy, approvers.allowed, approvers.ask);
  const threads: ApprovalThread[] = [];
  const recipients = [...(await expandUserGroups(flow.groups, approvers.ask))].slice(0, MAX_APPROVAL_DMS);
  for (const recipient of recipients) {
    const thread = await messenger.askApprover(recipient, approval, plan);
    if (thread) threads.push(thread);
  }
  const asked = approvers.ask.map(mentionOf).join(', ');
  if (requestedBy.via === 'slack') {
    const mine = await messenger.tellRequester(requestedBy.id, approval, plan, asked);
    if (mine) threads.push(mine);
  }
  await flow.service.linkThreads(approval.id, threads);
  return { approval, asked };
}
