import type { App } from '@slack/bolt';
import { parseMuteDays } from '../../src/store/mute-days.js';
import { CALLBACK_IDS, decodeFindingRef } from '../../views/finding-ref.js';
import { MUTE_FIELDS, MUTE_SETTINGS, muteOutcomeMessage } from '../../views/mute-modal.js';
import { asModal, noticeModal, notAllowedMessage } from '../../views/notice.js';
import { asView } from '../block-kit.js';
import { describeFailure } from '../describe-failure.js';
import { refreshDetails } from '../actions/refresh-details.js';
import type { AppServices } from '../services.js';

/** The Mute form's submission: checks again who may mute, then records the mute (audited) in the state. */
export function registerMuteSubmit(app: App, services: AppServices): void {
  app.view(CALLBACK_IDS.mute, async ({ ack, view, body, client, logger }) => {
    const ref = decodeFindingRef(view.private_metadata);
    const values = view.state.values;
    const daysText = values[MUTE_FIELDS.days.block]?.[MUTE_FIELDS.days.action]?.value ?? '';
    const reason = (values[MUTE_FIELDS.reason.block]?.[MUTE_FIELDS.reason.action]?.value ?? '').trim();
    const days = parseMuteDays(daysText);
    const errors: Record<string, string> = {};
    if (typeof days !== 'number') errors[MUTE_FIELDS.days.block] = days.problem;
    if (!reason) errors[MUTE_FIELDS.reason.block] = 'Say why the finding is accepted (it goes to the audit log).';
    if (Object.keys(errors).length > 0 || typeof days !== 'number') {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const update = (modal: ReturnType<typeof noticeModal>) => ack({ response_action: 'update', view: asView(modal) });
    if (!ref) {
      await update(noticeModal('Mute finding', 'This form comes from a version of Rightsize that cannot be read.'));
      return;
    }
    // Checked again: access may have changed since the form opened, and a submission can be hand-made.
    if (!(await services.access.mayMute(body.user.id))) {
      await update(asModal('Not allowed', notAllowedMessage('mute findings', services.access.muters, MUTE_SETTINGS)));
      return;
    }
    try {
      const outcome = await services.mutes.mute({ finding: ref.findingId, by: body.user.id, days, reason });
      await update(
        asModal(outcome.kind === 'muted' ? 'Finding muted' : 'Finding resolved', muteOutcomeMessage(outcome)),
      );
      // The details the form was opened from now say it is muted, and offer Unmute.
      if (outcome.kind === 'muted' && view.previous_view_id)
        await refreshDetails(
          services,
          client,
          { viewId: view.previous_view_id },
          ref,
          body.user.id,
          ':mute: You muted it.',
        );
    } catch (e) {
      logger.error('mute failed', e);
      const { text, hint } = describeFailure(e, 'Mute');
      await update(noticeModal('Mute finding', text, hint));
    }
  });
}
