import type { App } from '@slack/bolt';
import { registerDigestGroupJira } from './actions/digest-group-jira.js';
import { registerFindingJira } from './actions/finding-jira.js';
import { registerFindingMute } from './actions/finding-mute.js';
import { registerFindingUsage } from './actions/finding-usage.js';
import { registerOpenConsole } from './actions/open-console.js';
import { registerRollbackFix } from './actions/rollback-fix.js';
import { registerViewFinding } from './actions/view-finding.js';
import { skipRepeatedDeliveries } from './middleware/skip-repeated-deliveries.js';
import { registerFixDecision } from './actions/fix-decision.js';
import { registerFixRequest } from './actions/fix-request.js';
import { registerAppHome } from './events/app-home-opened.js';
import type { AppServices } from './services.js';
import { registerSlashCommand } from './slash/index.js';

/** Every listener of the Slack app. */
export function registerListeners(app: App, services: AppServices): void {
  app.use(skipRepeatedDeliveries(services.deliveries));
  registerSlashCommand(app, services);
  registerViewFinding(app, services);
  registerFindingUsage(app, services);
  registerFindingMute(app, services);
  registerFindingJira(app, services);
  registerDigestGroupJira(app, services);
  registerOpenConsole(app);
  registerAppHome(app, services);
  registerFixRequest(app, services);
  registerFixDecision(app, services);
  registerRollbackFix(app, services);
}
