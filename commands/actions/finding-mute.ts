import type { App, BlockAction, ButtonAction, RespondArguments } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import { ACTION_IDS } from '../../views/finding-ref.js';
import { MUTE_SETTINGS, muteModal } from '../../views/mute-modal.js';
import { asModal, notAllowedMessage } from '../../views/notice.js';
import type { AppServices } from '../services.js';
import { clickedNoticeModal, lookupClicked, resolveClicked } from './clicked-finding.js';
import { showModal, showModalWhile } from './modal-surface.js';

/**
 * Mute on a finding: only the people in `access.muters` / `access.approvers` get the form (days and reason);
 * everyone else is told who may. commands/views/mute-submit.ts records the submission.
 */
export function registerFindingMute(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.mute, async ({ ack, action, body, client, respond, logger }) => {
    await ack();
    if (!(await services.access.mayMute(body.user.id))) {
      const answer = notAllowedMessage('mute findings', services.access.muters, MUTE_SETTINGS);
      // In a channel or an ephemeral reply the answer is ephemeral too; in a modal or the Home tab, a modal.
      if (body.response_url && body.view?.type !== 'modal') {
        const reply: RespondArguments = {
          response_type: 'ephemeral',
          replace_original: false,
          text: answer.text,
          blocks: answer.blocks as KnownBlock[],
        };
        await respond(reply);
      } else await showModal(client, body, asModal('Not allowed', answer));
      return;
    }
    const clicked = lookupClicked(services, action.value);
    if (!clicked.unscanned) {
      await showModal(
        client,
        body,
        clicked.kind === 'found' ? muteModal(clicked.match.finding, clicked.ref) : clickedNoticeModal(clicked),
      );
      return;
    }
    await showModalWhile(client, body, logger, 'Mute finding', async () => {
      const resolved = await resolveClicked(services, action.value);
      return resolved.kind === 'found' ? muteModal(resolved.match.finding, resolved.ref) : clickedNoticeModal(resolved);
    });
  });
}
