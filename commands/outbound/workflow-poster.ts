import { ErrorCode, type WebClient } from '@slack/web-api';
import type { SlackPoster } from '../../src/workflows/executors.js';
import type { WorkflowNotice } from '../../src/workflows/notices.js';
import { workflowNoticeMessage } from '../../views/workflow-messages.js';
import { asMessage } from '../block-kit.js';

/** Workflow posts through the Web API; a user id as the channel lands in the app's DM with that user. */
export class WebClientPoster implements SlackPoster {
  constructor(private readonly client: WebClient) {}

  async post(channel: string, notice: WorkflowNotice): Promise<{ channel: string; ts: string }> {
    const posted = await this.client.chat
      .postMessage({ channel, ...asMessage(workflowNoticeMessage(notice)), unfurl_links: false })
      .catch((error: unknown) => {
        // The client's own words ("A request error occurred: fetch failed") do not say whom it could not reach.
        if ((error as { code?: unknown }).code === ErrorCode.RequestError)
          throw new Error(`Slack could not be reached to post in ${channel}: ${(error as Error).message}`, {
            cause: error,
          });
        throw error;
      });
    if (!posted.ts) throw new Error(`chat.postMessage to ${channel} returned no message ts`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }
}
