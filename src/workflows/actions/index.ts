import type { ActionName } from '../../config/workflows.js';
import type { ActionHandler } from './context.js';
import { applyFix, requestFixApproval } from './fix.js';
import { createJiraIssue } from './jira.js';
import { dmOwner, postToChannel } from './slack.js';
import { mute } from './state.js';
import { webhook } from './webhook.js';

export const ACTION_HANDLERS: { [N in ActionName]: ActionHandler<N> } = {
  'post-to-channel': postToChannel,
  'dm-owner': dmOwner,
  mute,
  webhook,
  'create-jira-issue': createJiraIssue,
  'request-fix-approval': requestFixApproval,
  'apply-fix': applyFix,
};

export type { ActionContext } from './context.js';
