import type { BlockAction, Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ModalView } from '../../views/blocks.js';
import { noticeModal } from '../../views/notice.js';
import { asView } from '../block-kit.js';
import { describeFailure } from '../describe-failure.js';

/**
 * Shows a modal for a click: on top of the modal the button is in (Back returns to it), else a new one
 * (channel messages, ephemeral replies, the Home tab). Returns the view's id for a later update.
 */
export async function showModal(client: WebClient, body: BlockAction, view: ModalView): Promise<string | undefined> {
  const args = { trigger_id: body.trigger_id, view: asView(view) };
  const shown = body.view?.type === 'modal' ? await client.views.push(args) : await client.views.open(args);
  return shown.view?.id;
}

/**
 * A modal for slow work: shown at once (the click's trigger expires after 3 s), then replaced by the result,
 * or by what went wrong.
 */
export async function showModalWhile(
  client: WebClient,
  body: BlockAction,
  logger: Logger,
  title: string,
  work: () => Promise<ModalView>,
): Promise<void> {
  const viewId = await showModal(client, body, noticeModal(title, 'Working on it…'));
  let view: ModalView;
  try {
    view = await work();
  } catch (e) {
    logger.error(`${title} failed`, e);
    const { text, hint } = describeFailure(e, title);
    view = noticeModal(title, text, hint);
  }
  if (viewId) await client.views.update({ view_id: viewId, view: asView(view) });
}
