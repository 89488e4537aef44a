import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import { ACCESS_MORE_ACTION, decodeAccessPage } from '../../views/access-queries.js';
import type { MessageView } from '../../views/blocks.js';
import { noticeMessage } from '../../views/notice.js';
import { describeFailure } from '../describe-failure.js';
import type { AppServices } from '../services.js';
import { canFromWords, canPage, whoCanFromWords, whoCanPage } from '../slash/access-pages.js';

/** Show more on a `who-can` or `can` answer: asks the query again and answers with the next page. */
export function registerAccessMore(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(ACCESS_MORE_ACTION, async ({ ack, action, respond, logger }) => {
    await ack();
    const ref = decodeAccessPage(action.value);
    let view: MessageView;
    try {
      if (ref?.kind === 'who-can') {
        const query = whoCanFromWords(ref.args, ref.accountId);
        view = query ? await whoCanPage(services, query, ref.offset) : stale();
      } else if (ref?.kind === 'can') {
        const query = canFromWords(ref.args, ref.accountId);
        view = query ? await canPage(services, query, ref.offset) : stale();
      } else view = stale();
    } catch (e) {
      logger.error('Show more failed', e);
      const { text, hint } = describeFailure(e, 'Show more');
      view = noticeMessage(text, hint);
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: view.text,
      blocks: view.blocks as KnownBlock[],
    });
  });
}

function stale(): MessageView {
  return noticeMessage('This button is from another version of Rightsize.', 'Ask the question again.');
}
