import type { Finding } from '../src/risks/types.js';
import { hasFixKind } from '../src/remediate/fix-kinds.js';
import { principalArnOf } from '../src/risks/finding-principal.js';
import { plain, type ButtonElement } from './blocks.js';
import type { FindingRef } from '../src/scans/types.js';
import { ACTION_IDS, encodeFindingRef } from './finding-ref.js';
import { FIX_IDS } from './fix.js';
import { BLOCK_KIT, truncate } from './limits.js';

/** Which integrations the app has for this finding: no button for what it cannot do (no dead buttons). */
export interface FindingOffers {
  /** Fix in AWS: the finding's account can be fixed from here. */
  fix?: boolean;
  /** Create Jira issue: Jira is configured. */
  jira?: boolean;
}

/** What a finding's buttons know: the finding, which scan showed it, what the app can do, and its state for this viewer. */
export interface FindingActionContext {
  finding: Finding;
  ref: FindingRef;
  offers?: FindingOffers;
  /** The person looking may mute and unmute (`access.muters`, `access.approvers`). */
  mayMute?: boolean;
  /** The finding is muted now: Unmute instead of Mute. */
  muted?: boolean;
  /** The finding's Jira issue, once it has one: a link to it instead of Create Jira issue. */
  jiraIssue?: { key: string; url: string };
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

/** Only for findings whose rule has a reversible fix; the plan itself may still say why not (console link). */
export const fixAction: FindingAction = ({ finding, ref, offers }) =>
  offers?.fix && hasFixKind(finding)
    ? { ...refButton('Fix in AWS', FIX_IDS.request, ref), style: 'primary' }
    : undefined;

export const jiraAction: FindingAction = ({ ref, offers, jiraIssue }) => {
  if (jiraIssue)
    return {
      type: 'button',
      text: plain(`Open ${jiraIssue.key} in Jira`),
      action_id: ACTION_IDS.openJira,
      url: truncate(jiraIssue.url, BLOCK_KIT.buttonUrl),
    };
  return offers?.jira ? refButton('Create Jira issue', ACTION_IDS.jira, ref) : undefined;
};

/** Mute or Unmute, as the finding is now; neither for someone who may not (the button would only refuse). */
export const muteAction: FindingAction = ({ ref, mayMute, muted }) => {
  if (!mayMute) return undefined;
  return muted ? refButton('Unmute', ACTION_IDS.unmute, ref) : refButton('Mute', ACTION_IDS.mute, ref);
};

export const openConsoleAction: FindingAction = ({ finding }) => ({
  type: 'button',
  text: plain('Open in AWS console'),
  action_id: ACTION_IDS.openConsole,
  url: truncate(finding.remediation.consoleUrl, BLOCK_KIT.buttonUrl),
});

/**
 * The buttons of a finding's details, in order. A new action (a fix, a ticket) is one more entry here and a
 * listener in commands/actions/.
 */
export const FINDING_ACTIONS: readonly FindingAction[] = [
  fixAction,
  insightsAction,
  suggestionAction,
  jiraAction,
  muteAction,
  openConsoleAction,
];

export function findingButtons(ctx: FindingActionContext, actions: readonly FindingAction[] = FINDING_ACTIONS) {
  return actions.map((action) => action(ctx)).filter((b): b is ButtonElement => b !== undefined);
}
