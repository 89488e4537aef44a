import type { WebClient } from '@slack/web-api';

/** A text file for Slack: a digest's full list, a diff too long for a message. */
export interface SlackFile {
  filename: string;
  title: string;
  content: string;
  /** Posted with the file. */
  comment: string;
}

/** Uploads a file into a channel (or a thread of it) with files.uploadV2; returns the file's id. */
export async function uploadFile(
  client: WebClient,
  channel: string,
  file: SlackFile,
  threadTs?: string,
): Promise<string | undefined> {
  const contents = { content: file.content, filename: file.filename, title: file.title, initial_comment: file.comment };
  // The SDK types a thread upload and a channel upload as different argument shapes.
  const upload = await (threadTs
    ? client.filesUploadV2({ channel_id: channel, thread_ts: threadTs, ...contents })
    : client.filesUploadV2({ channel_id: channel, ...contents }));
  return upload.files?.[0]?.files?.[0]?.id;
}

/** Sends a file to a person privately, in their direct messages with the app (scope `im:write`). */
export async function sendFileToUser(
  client: WebClient,
  userId: string,
  file: SlackFile,
): Promise<{ channel: string; fileId?: string }> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`conversations.open for ${userId} returned no channel`);
  const fileId = await uploadFile(client, channel, file);
  return { channel, ...(fileId && { fileId }) };
}
