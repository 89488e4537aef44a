import type { App } from '@slack/bolt';
import type { AppServices } from '../services.js';
import { registerFixInput } from './fix-input.js';
import { registerFixSubmit } from './fix-submit.js';
import { registerMuteSubmit } from './mute-submit.js';

/** View submissions: the forms of modals (Mute, the value a fix needs, Request approval). */
export function register(app: App, services: AppServices): void {
  registerMuteSubmit(app, services);
  registerFixInput(app, services);
  registerFixSubmit(app, services);
}
