import { WebClient, type KnownBlock } from '@slack/web-api';
import type { SlackPoster } from '../../src/workflows/executors.js';

/** Workflow posts through the Web API; a user id as the channel lands in the app's DM with that user. */
export class WebClientPoster implements SlackPoster {
  constructor(private readonly client: WebClient) {}

  async post(
    channel: string,
    message: { text: string; blocks: readonly object[] },
  ): Promise<{ channel: string; ts: string }> {
    const posted = await this.client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks as KnownBlock[],
      unfurl_links: false,
    });
    if (!posted.ts) throw new Error(`chat.postMessage to ${channel} returned no message ts`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }
}

/** The Web API client for SLACK_BOT_TOKEN (and SLACK_API_URL), or undefined when no token is set. */
export function slackClientFromEnv(env: Readonly<Record<string, string | undefined>>): WebClient | undefined {
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!token) return undefined;
  const url = env.SLACK_API_URL?.trim();
  return new WebClient(token, {
    ...(url && { slackApiUrl: url.endsWith('/') ? url : `${url}/` }),
    retryConfig: { retries: 3 },
  });
}

/** The poster for SLACK_BOT_TOKEN (and SLACK_API_URL), or undefined when no token is set. */
export function slackPosterFromEnv(env: Readonly<Record<string, string | undefined>>): SlackPoster | undefined {
  const client = slackClientFromEnv(env);
  return client && new WebClientPoster(client);
}
