import type { App } from '@slack/bolt';
import { register as registerActions } from './actions/index.js';
import { register as registerEvents } from './events/index.js';
import { register as registerMiddleware } from './middleware/index.js';
import { KnownRoutes } from './routes.js';
import type { AppServices } from './services.js';
import { register as registerSlash } from './slash/index.js';
import { register as registerSubmissions } from './views/index.js';

/** Every listener of the Slack app, by Slack surface, behind the global middleware. */
export function registerListeners(app: App, services: AppServices): void {
  const routes = new KnownRoutes();
  registerMiddleware(app, routes);
  const listening = routes.recording(app);
  registerSlash(listening, services);
  registerActions(listening, services);
  registerSubmissions(listening, services);
  registerEvents(listening, services);
}
