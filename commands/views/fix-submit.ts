import type { App } from '@slack/bolt';
import { requestApproval } from '../../src/remediate/approval-request.js';
import { FIX_IDS } from '../../views/fix.js';
import { noticeModal } from '../../views/notice.js';
import { asView } from '../block-kit.js';
import { SlackApprovalMessenger } from '../outbound/approval-messenger.js';
import type { AppServices } from '../services.js';

/** Request approval on a fix preview: the request is recorded and the approvers are asked by DM. */
export function registerFixSubmit(app: App, services: AppServices): void {
  const flow = services.fixes;
  if (!flow) return;
  app.view(FIX_IDS.submit, async ({ ack, body, view, client }) => {
    const draft = flow.drafts.get(view.private_metadata);
    if (!draft || draft.requester !== body.user.id) {
      await ack({
        response_action: 'update',
        view: asView(
          noticeModal(
            'Fix in AWS',
            'This plan is no longer held (the app restarted or it was submitted).',
            'Click Fix in AWS again.',
          ),
        ),
      });
      return;
    }
    flow.drafts.delete(view.private_metadata);
    await ack();
    await requestApproval(
      flow,
      { plan: draft.plan, requestedBy: { id: body.user.id, via: 'slack' }, approvers: draft.approvers },
      new SlackApprovalMessenger(client),
    );
  });
}
