import type { AllMiddlewareArgs, BlockAction, RespondFn } from '@slack/bolt';
import { NotFoundError } from '../../src/errors.js';
import type { ApprovalRecord } from '../../src/store/index.js';
import type { MessageView } from '../../views/blocks.js';
import { noticeMessage } from '../../views/notice.js';
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

/**
 * The request or fix a button names, or undefined when the state no longer has it (an old DM after a state reset):
 * then the person is told so, privately, and the message loses its dead buttons.
 */
export async function knownRecord<T>(
  read: () => Promise<T>,
  click: { body: BlockAction; client: Client; respond: RespondFn; gone: string },
): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
  const hint = 'Ask again with Fix in AWS on the finding (`/rightsize show <finding>`); nothing changed in AWS.';
  await click.respond({
    response_type: 'ephemeral',
    replace_original: false,
    ...asMessage(noticeMessage(click.gone, hint)),
  });
  const channel = click.body.container?.channel_id as string | undefined;
  const ts = click.body.container?.message_ts as string | undefined;
  if (channel && ts && !click.body.container?.is_ephemeral)
    await click.client.chat.update({ channel, ts, ...asMessage(noticeMessage(click.gone, hint)) });
  return undefined;
}
