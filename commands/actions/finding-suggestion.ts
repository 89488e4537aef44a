import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../views/finding-ref.js';
import { suggestionModal } from '../../views/suggestion.js';
import type { AppServices } from '../services.js';
import { deliverSuggestion } from '../suggestion-delivery.js';
import { onPrincipalClick } from './principal-click.js';

/** View suggested policy on a finding: the least-privilege policy of its principal, as a diff. */
export function registerFindingSuggestion(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.suggestion,
    onPrincipalClick(services, 'Suggested policy', async ({ arn, accountId, userId, client }) =>
      suggestionModal(await deliverSuggestion(client, userId, await services.usage.suggestion(arn, accountId))),
    ),
  );
}
