import type { BlockAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { encodeFindingRef } from '../../views/finding-ref.js';
import { findingDetailsMessage, findingDetailsModal } from '../../views/finding-details.js';
import type { FindingRef } from '../../src/scans/types.js';
import { asMessage, asView } from '../block-kit.js';
import { findingDetailsInput, type AppServices } from '../services.js';
import { lookupClicked } from './clicked-finding.js';

/**
 * Shows a finding's details again where a button changed it (a mute, an unmute, a Jira issue), so they say what
 * happened and offer what applies now (Unmute after a mute, the issue after it was created): the modal is updated in
 * place, an ephemeral `/rightsize show` answer replaced. Anything else has nothing to refresh.
 */
export async function refreshDetails(
  services: AppServices,
  client: WebClient,
  where: { viewId?: string; respond?: RespondFn },
  ref: FindingRef,
  userId: string,
  note: string,
): Promise<boolean> {
  const clicked = lookupClicked(services, encodeFindingRef(ref));
  if (clicked.kind !== 'found') return false;
  const input = await findingDetailsInput(services, clicked.match, userId, note);
  if (where.viewId) {
    await client.views.update({ view_id: where.viewId, view: asView(findingDetailsModal(input)) });
    return true;
  }
  if (where.respond) {
    await where.respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...asMessage(findingDetailsMessage(input)),
    });
    return true;
  }
  return false;
}

/** Where the details a button sits in can be refreshed: a modal of details, or an ephemeral message. */
export function detailsSurface(body: BlockAction, respond: RespondFn): { viewId?: string; respond?: RespondFn } {
  if (body.view?.type === 'modal') return { viewId: body.view.id };
  if (body.container?.type === 'message' && body.container.is_ephemeral) return { respond };
  return {};
}
