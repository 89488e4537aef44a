import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { decodeFindingRef, ACTION_IDS } from '../../views/finding-ref.js';
import { MUTE_SETTINGS, unmuteOutcomeMessage } from '../../views/mute-modal.js';
import { asModal, noticeMessage, notAllowedMessage } from '../../views/notice.js';
import { asMessage } from '../block-kit.js';
import { describeFailure } from '../describe-failure.js';
import type { AppServices } from '../services.js';
import { showModal } from './modal-surface.js';
import { detailsSurface, refreshDetails } from './refresh-details.js';

/**
 * Unmute on a muted finding's details (only shown to people who may): lifts the mute (audited), then shows the
 * details again with Mute, or says what happened.
 */
export function registerFindingUnmute(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.unmute, async ({ ack, action, body, client, respond, logger }) => {
    await ack();
    const tell = (view: ReturnType<typeof noticeMessage>) =>
      body.response_url
        ? respond({ response_type: 'ephemeral', replace_original: false, ...asMessage(view) })
        : showModal(client, body, asModal('Unmute', view));
    if (!(await services.access.mayMute(body.user.id))) {
      await tell(notAllowedMessage('unmute findings', services.access.muters, MUTE_SETTINGS));
      return;
    }
    const ref = decodeFindingRef(action.value);
    if (!ref) {
      await tell(noticeMessage('This button comes from a message this version of Rightsize cannot read.'));
      return;
    }
    try {
      const outcome = await services.mutes.unmute({ finding: ref.findingId, by: body.user.id });
      const note = outcome.wasMuted
        ? ':loud_sound: You unmuted it: it counts again in digests, lists and counts.'
        : 'It was not muted: nothing changed.';
      const refreshed = await refreshDetails(services, client, detailsSurface(body, respond), ref, body.user.id, note);
      if (!refreshed) await tell(unmuteOutcomeMessage(outcome));
    } catch (e) {
      logger.error('unmute failed', e);
      const { text, hint } = describeFailure(e, 'Unmute');
      await tell(noticeMessage(text, hint));
    }
  });
}
