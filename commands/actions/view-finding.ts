import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { findingDetailsModal } from '../../views/finding-details.js';
import { ACTION_IDS } from '../../views/finding-ref.js';
import { findingDetailsInput, type AppServices } from '../services.js';
import { clickedNoticeModal, lookupClicked, resolveClicked } from './clicked-finding.js';
import { showModal, showModalWhile } from './modal-surface.js';

/**
 * View details: opens the finding in a modal. A modal works from channel messages, ephemeral replies and
 * the Home tab alike, and carries the answer for a stale or unknown button too.
 */
export function registerViewFinding(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.viewFinding, async ({ ack, action, body, client, logger }) => {
    await ack();
    const clicked = lookupClicked(services, action.value);
    if (!clicked.unscanned) {
      await showModal(
        client,
        body,
        clicked.kind === 'found'
          ? findingDetailsModal(await findingDetailsInput(services, clicked.match, body.user.id))
          : clickedNoticeModal(clicked),
      );
      return;
    }
    // No scan since the app started: show a modal now (the trigger expires in 3 s) and fill it after the scan.
    await showModalWhile(client, body, logger, 'Finding details', async () => {
      const resolved = await resolveClicked(services, action.value);
      return resolved.kind === 'found'
        ? findingDetailsModal(await findingDetailsInput(services, resolved.match, body.user.id))
        : clickedNoticeModal(resolved);
    });
  });
}
