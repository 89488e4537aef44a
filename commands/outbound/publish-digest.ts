import type { KnownBlock, WebClient } from '@slack/web-api';
import type { DigestPlan } from '../../views/digest-messages.js';
import { uploadFile } from '../../src/slack/files.js';

export interface PublishedDigest {
  channel: string;
  ts: string;
  threadReplies: number;
  fileId?: string;
}

/**
 * Posts a digest: the channel message, then its thread (replies, or the full list as a file). Replies go
 * one after another: Slack allows about one message per second per channel, a digest's thread is short.
 */
export async function publishDigest(client: WebClient, channel: string, plan: DigestPlan): Promise<PublishedDigest> {
  const posted = await client.chat.postMessage({
    channel,
    text: plan.message.text,
    blocks: plan.message.blocks as KnownBlock[],
    unfurl_links: false,
  });
  const channelId = posted.channel ?? channel;
  const ts = posted.ts;
  if (!ts) throw new Error(`chat.postMessage to ${channel} returned no message ts`);
  for (const reply of plan.thread)
    await client.chat.postMessage({
      channel: channelId,
      thread_ts: ts,
      text: reply.text,
      blocks: reply.blocks as KnownBlock[],
      unfurl_links: false,
    });
  const result: PublishedDigest = { channel: channelId, ts, threadReplies: plan.thread.length };
  if (plan.file) {
    const fileId = await uploadFile(client, channelId, plan.file, ts);
    if (fileId) result.fileId = fileId;
  }
  return result;
}
