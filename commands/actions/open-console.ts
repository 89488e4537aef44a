import type { App } from '@slack/bolt';
import { ACTION_IDS } from '../../views/finding-ref.js';

/** A link button (the AWS console, a Jira issue) still sends a click to the app; Slack shows a warning unless it is acknowledged. */
export function registerOpenConsole(app: App): void {
  for (const id of [ACTION_IDS.openConsole, ACTION_IDS.openJira])
    app.action(id, async ({ ack }) => {
      await ack();
    });
}
