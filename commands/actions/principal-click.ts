import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { principalArnOf } from '../../src/risks/finding-principal.js';
import type { ModalView } from '../../views/blocks.js';
import { noticeModal } from '../../views/notice.js';
import type { AppServices } from '../services.js';
import { clickedNoticeModal, resolveClicked } from './clicked-finding.js';
import { showModalWhile } from './modal-surface.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The principal a finding button is about, and who clicked. */
export interface PrincipalClick {
  arn: string;
  accountId: string;
  userId: string;
  client: WebClient;
}

/**
 * A listener for a button about a finding's principal (the user, role or group, or the role of an instance or
 * function): a modal at once, filled with what `build` makes of the principal.
 */
export function onPrincipalClick(
  services: AppServices,
  title: string,
  build: (click: PrincipalClick) => Promise<ModalView>,
) {
  return async ({ ack, action, body, client, logger }: ButtonArgs) => {
    await ack();
    await showModalWhile(client, body, logger, title, async () => {
      const clicked = await resolveClicked(services, action.value);
      if (clicked.kind === 'notice') return clickedNoticeModal(clicked);
      const arn = principalArnOf(clicked.match.finding);
      if (!arn)
        return noticeModal(
          title,
          'This finding is not about a user, role or group, so there are no permissions in use to show.',
        );
      // The principal's own account: a cross-account finding's button names the organisation.
      return build({ arn, accountId: clicked.match.finding.accountId, userId: body.user.id, client });
    });
  };
}
