import type { App } from '@slack/bolt';
import type { ModalView } from '../../views/blocks.js';
import { FIX_IDS, FIX_INPUT_FIELD } from '../../views/fix.js';
import { planFailedModal, PLANNING_MODAL, previewFor } from '../actions/fix-preview.js';
import { asView } from '../block-kit.js';
import type { AppServices } from '../services.js';

/** The value a trust fix needs (ExternalId, OIDC subject): planned with it, as `fix apply --external-id` would. */
export function registerFixInput(app: App, services: AppServices): void {
  const flow = services.fixes;
  if (!flow) return;
  app.view(FIX_IDS.input, async ({ ack, body, view, client, logger }) => {
    const value = view.state.values[FIX_INPUT_FIELD.block]?.[FIX_INPUT_FIELD.action]?.value?.trim() ?? '';
    if (!value) {
      await ack({ response_action: 'errors', errors: { [FIX_INPUT_FIELD.block]: 'Enter the value the fix adds.' } });
      return;
    }
    await ack({ response_action: 'update', view: asView(PLANNING_MODAL) });
    let next: ModalView;
    try {
      next = await previewFor(flow, services, view.private_metadata, body.user.id, value);
    } catch (e) {
      logger.error('fix plan failed', e);
      next = planFailedModal(e);
    }
    await client.views.update({ view_id: view.id, view: asView(next) });
  });
}
