import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ModalView } from '../../views/blocks.js';
import { FIX_IDS } from '../../views/fix.js';
import { asView } from '../block-kit.js';
import type { AppServices } from '../services.js';
import { planFailedModal, PLANNING_MODAL, previewFor } from './fix-preview.js';

/**
 * Fix in AWS → the requester sees the plan and its diff in a modal (commands/views/fix-submit.ts asks for the
 * approval). A modal opens at once and is filled after the plan is made.
 */
export function registerFixRequest(app: App, services: AppServices): void {
  const flow = services.fixes;
  if (!flow) return;
  app.action<BlockAction<ButtonAction>>(FIX_IDS.request, async ({ ack, action, body, client, logger }) => {
    await ack();
    const opened =
      body.view?.type === 'modal'
        ? await client.views.push({ trigger_id: body.trigger_id, view: asView(PLANNING_MODAL) })
        : await client.views.open({ trigger_id: body.trigger_id, view: asView(PLANNING_MODAL) });
    const viewId = opened.view?.id;
    let view: ModalView;
    try {
      view = await previewFor(flow, services, action.value, body.user.id);
    } catch (e) {
      logger.error('fix plan failed', e);
      view = planFailedModal(e);
    }
    if (viewId) await client.views.update({ view_id: viewId, view: asView(view) });
  });
}
