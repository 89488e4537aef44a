import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../views/finding-ref.js';
import { insightsModal } from '../../views/insights.js';
import type { AppServices } from '../services.js';
import { onPrincipalClick } from './principal-click.js';

/** Insights on a finding: provisioned vs used for the principal the finding is about. */
export function registerFindingInsights(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.insights,
    onPrincipalClick(services, 'Insights', async ({ arn, accountId }) =>
      insightsModal(await services.usage.insights(arn, accountId)),
    ),
  );
}
