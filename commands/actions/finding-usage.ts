import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { principalArnOf } from '../../src/risks/finding-principal.js';
import type { ModalView } from '../../views/blocks.js';
import { ACTION_IDS } from '../../views/finding-ref.js';
import { insightsModal } from '../../views/insights.js';
import { noticeModal } from '../../views/notice.js';
import { suggestionModal } from '../../views/suggestion.js';
import type { AppServices } from '../services.js';
import { deliverSuggestion } from '../suggestion-delivery.js';
import { clickedNoticeModal, resolveClicked } from './clicked-finding.js';
import { showModalWhile } from './modal-surface.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

interface PrincipalClick {
  arn: string;
  accountId: string;
  userId: string;
  client: WebClient;
}

/**
 * Insights and View suggested policy on a finding: provisioned vs used, and the least-privilege policy as a
 * diff, for the principal the finding is about (the user, role or group, or the role of an instance or function).
 */
export function registerFindingUsage(app: App, services: AppServices): void {
  const forPrincipal =
    (title: string, build: (click: PrincipalClick) => Promise<ModalView>) =>
    async ({ ack, action, body, client, logger }: ButtonArgs) => {
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
        return build({ arn, accountId: clicked.ref.accountId, userId: body.user.id, client });
      });
    };

  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.insights,
    forPrincipal('Insights', async ({ arn, accountId }) =>
      insightsModal(await services.usage.insights(arn, accountId)),
    ),
  );
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.suggestion,
    forPrincipal('Suggested policy', async ({ arn, accountId, userId, client }) =>
      suggestionModal(await deliverSuggestion(client, userId, await services.usage.suggestion(arn, accountId))),
    ),
  );
}
