import type { App } from '@slack/bolt';
import { registerOpenConsole } from './actions/open-console.js';
import { registerViewFinding } from './actions/view-finding.js';
import { skipRepeatedDeliveries } from './dedupe.js';
import { registerFixDecision } from './fix-decision.js';
import { registerFixRequest } from './fix-request.js';
import { registerAppHome } from './events/app-home-opened.js';
import type { AppServices } from './services.js';
import { registerSlashCommand } from './slash/index.js';

/** Every listener of the Slack app. */
export function registerListeners(app: App, services: AppServices): void {
  app.use(skipRepeatedDeliveries(services.deliveries));
  registerSlashCommand(app, services);
  registerViewFinding(app, services);
  registerOpenConsole(app);
  registerAppHome(app, services);
  registerFixRequest(app, services);
  registerFixDecision(app, services);
}
