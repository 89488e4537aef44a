import type { AllMiddlewareArgs } from '@slack/bolt';
import type { ApprovalRecord } from '../../src/store/index.js';
import type { MessageView } from '../../views/blocks.js';
import { asMessage } from '../block-kit.js';

type Client = AllMiddlewareArgs['client'];

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
