import type { Finding } from '../risks/types.js';
import { principalArnOf } from '../serve/finding-principal.js';
import { plain, type ButtonElement } from './blocks.js';
import { ACTION_IDS, encodeFindingRef, type FindingRef } from './finding-ref.js';
import { BLOCK_KIT, truncate } from './limits.js';

/** What a finding's buttons know: the finding and which scan showed it. */
export interface FindingActionContext {
  finding: Finding;
  ref: FindingRef;
}

/** One button under a finding's overview; undefined where it does not apply (no principal for Insights). */
export type FindingAction = (ctx: FindingActionContext) => ButtonElement | undefined;

const refButton = (text: string, actionId: string, ref: FindingRef): ButtonElement => ({
  type: 'button',
  text: plain(text),
  action_id: actionId,
  value: encodeFindingRef(ref),
});

export const insightsAction: FindingAction = ({ finding, ref }) =>
  principalArnOf(finding) ? refButton('Insights', ACTION_IDS.insights, ref) : undefined;

export const suggestionAction: FindingAction = ({ finding, ref }) =>
  principalArnOf(finding) ? refButton('View suggested policy', ACTION_IDS.suggestion, ref) : undefined;

export const muteAction: FindingAction = ({ ref }) => refButton('Mute', ACTION_IDS.mute, ref);

export const openConsoleAction: FindingAction = ({ finding }) => ({
  type: 'button',
  text: plain('Open in AWS console'),
  action_id: ACTION_IDS.openConsole,
  url: truncate(finding.remediation.consoleUrl, BLOCK_KIT.buttonUrl),
});

/**
 * The buttons of a finding's details, in order. A new action (a fix, a ticket) is one more entry here and a
 * listener in src/commands/actions/.
 */
export const FINDING_ACTIONS: readonly FindingAction[] = [
  insightsAction,
  suggestionAction,
  muteAction,
  openConsoleAction,
];

export function findingButtons(ctx: FindingActionContext, actions: readonly FindingAction[] = FINDING_ACTIONS) {
  return actions.map((action) => action(ctx)).filter((b): b is ButtonElement => b !== undefined);
}
