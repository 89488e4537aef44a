import type { App } from '@slack/bolt';
import { ACTION_IDS } from '../../views/finding-ref.js';

/** A link button still sends a click to the app; Slack shows a warning unless it is acknowledged. */
export function registerOpenConsole(app: App): void {
  app.action(ACTION_IDS.openConsole, async ({ ack }) => {
    await ack();
  });
}
