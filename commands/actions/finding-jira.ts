import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock, WebClient } from '@slack/web-api';
import type { MessageView } from '../../views/blocks.js';
import { ACTION_IDS, decodeFindingRef } from '../../views/finding-ref.js';
import { jiraOutcomeMessage } from '../../views/jira-outcomes.js';
import { asModal, noticeMessage } from '../../views/notice.js';
import { describeFailure } from '../describe-failure.js';
import { createJiraIssues, JIRA_NOT_SET_UP, JIRA_SETUP_HINT } from '../jira-issues.js';
import type { AppServices } from '../services.js';
import { resolveClicked } from './clicked-finding.js';
import { showModalWhile } from './modal-surface.js';
import { detailsSurface, refreshDetails } from './refresh-details.js';

/**
 * Create Jira issue on a finding: creates the issue (or finds the one it has) for the person who clicked. On a
 * message the answer goes into the message's thread, with the message's permalink in the issue; in a modal or
 * the Home tab the modal shows it. When Jira cannot take it now the request is kept, retried, and said so.
 */
export function registerFindingJira(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.jira, async ({ ack, action, body, client, respond, logger }) => {
    await ack();
    const answer = async (permalink?: string): Promise<{ view: MessageView; created: boolean }> => {
      const jira = services.jira;
      if (!jira) return { view: noticeMessage(JIRA_NOT_SET_UP, JIRA_SETUP_HINT), created: false };
      const clicked = await resolveClicked(services, action.value);
      if (clicked.kind !== 'found') return { view: noticeMessage(clicked.text, clicked.hint), created: false };
      try {
        const [outcome] = await createJiraIssues({ jira }, [clicked.ref.findingId], body.user.id, permalink);
        return { view: jiraOutcomeMessage(outcome!), created: outcome!.outcome === 'created' };
      } catch (e) {
        logger.error('Create Jira issue failed', e);
        const { text, hint } = describeFailure(e, 'Create Jira issue');
        return { view: noticeMessage(text, hint), created: false };
      }
    };
    const message = messageOf(body);
    const ref = decodeFindingRef(action.value);
    // The details the button is in then show the issue instead of the button.
    const refreshed = async (created: boolean) =>
      created &&
      ref !== undefined &&
      refreshDetails(services, client, detailsSurface(body, respond), ref, body.user.id, 'Jira issue created.');
    if (!message) {
      let created = false;
      await showModalWhile(client, body, logger, 'Create Jira issue', async () => {
        const outcome = await answer();
        created = outcome.created;
        return asModal('Jira issue', outcome.view);
      });
      await refreshed(created);
      return;
    }
    const { view, created } = await answer(await permalinkOf(client, message));
    const blocks = view.blocks as KnownBlock[];
    // The issue in the message's thread, for everyone; anything else only to the person who clicked.
    if (created)
      await client.chat.postMessage({ channel: message.channel, thread_ts: message.ts, text: view.text, blocks });
    else await respond({ response_type: 'ephemeral', replace_original: false, text: view.text, blocks });
  });
}

function messageOf(body: BlockAction): { channel: string; ts: string } | undefined {
  // An ephemeral message has no thread and no permalink: answered like a click in a modal.
  if (body.view || body.container?.type !== 'message' || body.container.is_ephemeral) return undefined;
  const channel = (body.container.channel_id as string | undefined) ?? body.channel?.id;
  const ts = body.container.message_ts as string | undefined;
  return channel && ts ? { channel, ts } : undefined;
}

/** The message's link for the issue's description; an issue without it is still worth creating. */
async function permalinkOf(client: WebClient, message: { channel: string; ts: string }): Promise<string | undefined> {
  try {
    return (await client.chat.getPermalink({ channel: message.channel, message_ts: message.ts })).permalink;
  } catch {
    return undefined;
  }
}
