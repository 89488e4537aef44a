import type { App } from '@slack/bolt';
import type { AppServices } from '../services.js';
import { registerAppHome } from './app-home-opened.js';

/** Events API: the Home tab. */
export function register(app: App, services: AppServices): void {
  registerAppHome(app, services);
}
