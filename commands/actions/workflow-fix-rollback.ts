import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/web-api';
import { RightsizeError } from '../../src/errors.js';
import { noticeMessage } from '../../views/notice.js';
import { WORKFLOW_ACTION_IDS } from '../../views/workflow-messages.js';
import type { AppServices } from '../services.js';

/** Rollback on a message about a fix a workflow applied: undoes it through the fix executor. */
export function registerWorkflowFixRollback(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(
    WORKFLOW_ACTION_IDS.rollbackFix,
    async ({ ack, action, body, respond, logger }) => {
      await ack();
      const fixId = action.value ?? '';
      let view;
      try {
        if (!services.workflows) throw new Error('workflows are not set up in this app');
        const summary = await services.workflows.rollbackFix(fixId, { id: body.user.id, via: 'slack' });
        view = noticeMessage(`Rolled back fix ${fixId}: ${summary}`);
      } catch (e) {
        logger.error(`rollback of fix ${fixId} failed`, e);
        view =
          e instanceof RightsizeError
            ? noticeMessage(`Rollback of fix ${fixId} failed: ${e.message}`, e.hint)
            : noticeMessage(`Rollback of fix ${fixId} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: view.text,
        blocks: view.blocks as KnownBlock[],
      });
    },
  );
}
