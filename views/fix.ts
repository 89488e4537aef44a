import { describeCall, planDiff } from '../src/remediate/preview.js';
import type { FixPlan, NeedsInput, NoFix } from '../src/remediate/types.js';
import type { ApprovalRecord, FixRecord } from '../src/store/index.js';
import {
  actions,
  context,
  header,
  plain,
  section,
  type Block,
  type InputBlock,
  type MessageView,
  type ModalView,
} from './blocks.js';
import { ACTION_IDS } from './finding-ref.js';
import { BLOCK_KIT, code, escapeKeepingMentions, escapeMrkdwn, mention, truncate } from './limits.js';

export { mention };

/** Action ids and callback ids of the Fix in AWS flow. */
export const FIX_IDS = {
  request: 'fix.request',
  submit: 'fix.submit',
  approve: 'fix.approve',
  reject: 'fix.reject',
  rollback: 'fix.rollback',
  input: 'fix.input',
} as const;

/** Where the fix-input form carries its one value in view_submission. */
export const FIX_INPUT_FIELD = { block: 'fix.input.value', action: 'value' } as const;

// A diff in a code block; longer ones are cut here and uploaded whole to the thread.
const DIFF_SHOWN = 2_400;
const CALLS_SHOWN = 8;

/** What the requester sees before asking for approval: the plan, the calls, the diff, who will be asked. */
export function fixPreviewModal(plan: FixPlan, approvers: readonly string[], draftId: string): ModalView {
  return {
    type: 'modal',
    title: plain('Fix in AWS', 24),
    submit: plain('Request approval', 24),
    close: plain('Cancel', 24),
    callback_id: FIX_IDS.submit,
    private_metadata: draftId,
    blocks: [
      ...planBlocks(plan),
      section(
        approvers.length > 0
          ? `*Approval* goes to ${approvers.map(mention).join(', ')}. Nothing changes in AWS before one of them approves.`
          : '*No approver*: the resource has no owner tag mapped to a team and `access.approvers` is empty.',
      ),
    ],
  };
}

/** Why there is no automatic fix (or what it needs), with the console as the way. */
export function noFixModal(outcome: NoFix | NeedsInput, findingId: string): ModalView {
  const text =
    outcome.kind === 'no-fix'
      ? `*No automatic fix*: ${escapeMrkdwn(outcome.reason, 1500)}`
      : `*This fix needs input*: ${escapeMrkdwn(outcome.prompt, 500)} (e.g. ${code(outcome.example, 200)}).\nAn operator can apply it with \`rightsize fix apply ${findingId} --${outcome.input === 'externalId' ? 'external-id' : 'oidc-sub'} &lt;value&gt; --approved-by &lt;owner&gt;\`.`;
  return {
    type: 'modal',
    title: plain('Fix in AWS', 24),
    close: plain('Close', 24),
    blocks: [
      section(text),
      actions({
        type: 'button',
        text: plain('Open in AWS console'),
        action_id: ACTION_IDS.openConsole,
        url: truncate(outcome.consoleUrl, BLOCK_KIT.buttonUrl),
      }),
    ],
  };
}

/**
 * A fix that needs a value nobody may invent (the ExternalId agreed with a partner, the OIDC subject to pin):
 * asked for here, then planned with it. `findingValue` goes back as private_metadata.
 */
export function fixInputModal(outcome: NeedsInput, findingValue: string): ModalView {
  const field: InputBlock = {
    type: 'input',
    block_id: FIX_INPUT_FIELD.block,
    label: plain(outcome.input === 'externalId' ? 'ExternalId' : 'OIDC subject (sub)'),
    element: {
      type: 'plain_text_input',
      action_id: FIX_INPUT_FIELD.action,
      min_length: outcome.input === 'externalId' ? 2 : 1,
      max_length: outcome.input === 'externalId' ? 1224 : 500,
      placeholder: plain(`e.g. ${outcome.example}`, 150),
    },
    hint: plain('The plan adds it as a condition; nothing changes in AWS before an approver agrees.', 150),
  };
  return {
    type: 'modal',
    callback_id: FIX_IDS.input,
    private_metadata: findingValue,
    title: plain('Fix in AWS', 24),
    submit: plain('Make the plan', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`*This fix needs one value*: ${escapeMrkdwn(outcome.prompt, 500)}`),
      field,
      actions({
        type: 'button',
        text: plain('Open in AWS console'),
        action_id: ACTION_IDS.openConsole,
        url: truncate(outcome.consoleUrl, BLOCK_KIT.buttonUrl),
      }),
    ],
  };
}

/** The approval request DM: the plan and diff, Approve / Reject. */
export function approvalRequestMessage(approval: ApprovalRecord, plan: FixPlan): MessageView {
  return {
    text: `Fix approval requested by ${approval.requestedBy.id}: ${truncate(plan.summary, 200)}`,
    blocks: [
      header('Fix in AWS: approval requested'),
      ...planBlocks(plan),
      context(
        `Requested by ${mention(approval.requestedBy.id)} · request ${code(approval.id)}${approval.expiresAt ? ` · expires <!date^${Math.floor(Date.parse(approval.expiresAt) / 1000)}^{date_short_pretty} {time}|${approval.expiresAt}>` : ''}`,
      ),
      actions(
        { type: 'button', text: plain('Approve'), action_id: FIX_IDS.approve, value: approval.id, style: 'primary' },
        { type: 'button', text: plain('Reject'), action_id: FIX_IDS.reject, value: approval.id, style: 'danger' },
      ),
    ],
  };
}

/** The request once decided (or expired): the buttons are gone, the outcome is said. */
export function approvalClosedMessage(approval: ApprovalRecord, plan: FixPlan, outcome: string): MessageView {
  return {
    text: `Fix ${approval.status}: ${truncate(plan.summary, 200)}`,
    blocks: [
      header(`Fix in AWS: ${approval.status}`),
      section(`*${escapeMrkdwn(plan.summary, 1500)}*`),
      section(escapeKeepingMentions(outcome, 2500)),
      context(`Request ${code(approval.id)} · finding ${code(plan.findingId)}`),
    ],
  };
}

/** The result of an apply, in the thread, with Rollback while the window is open. */
export function fixResultMessage(fix: FixRecord, text: string, rollbackOpen: boolean): MessageView {
  const blocks: Block[] = [section(`*Fix ${code(fix.id)}: ${fix.status}*\n${escapeMrkdwn(text, 2600)}`)];
  if (rollbackOpen && fix.rollbackUntil)
    blocks.push(
      actions({ type: 'button', text: plain('Rollback'), action_id: FIX_IDS.rollback, value: fix.id, style: 'danger' }),
      context(
        `Rollback possible until <!date^${Math.floor(Date.parse(fix.rollbackUntil) / 1000)}^{date_short_pretty} {time}|${fix.rollbackUntil}>`,
      ),
    );
  return { text: `Fix ${fix.id}: ${fix.status}`, blocks };
}

/** One step of the flow, as a thread reply; the people it names (`<@U…>`) show as mentions. */
export function threadNote(text: string): MessageView {
  return { text: truncate(text, 3000), blocks: [section(escapeKeepingMentions(text, 2900))] };
}

function planBlocks(plan: FixPlan): Block[] {
  const calls = plan.steps
    .slice(0, CALLS_SHOWN)
    .map((s, i) => `${i + 1}. ${code(describeCall(s.call), 400)}${s.irreversible ? ' (cannot be undone)' : ''}`);
  if (plan.steps.length > CALLS_SHOWN) calls.push(`and ${plan.steps.length - CALLS_SHOWN} more`);
  const diff = planDiff(plan);
  const shown =
    diff.length > DIFF_SHOWN
      ? `${diff.slice(0, DIFF_SHOWN)}\n… (${diff.length - DIFF_SHOWN} more characters in the thread)`
      : diff;
  const blocks: Block[] = [
    section(
      `*${escapeMrkdwn(plan.summary, 1000)}*\nResource ${code(plan.resourceArn, 400)} · finding ${code(plan.findingId)}`,
    ),
    section(`*AWS API calls*\n${truncate(calls.join('\n'), 2800)}`),
  ];
  if (plan.notes.length > 0)
    blocks.push(
      section(`*Before you approve*\n${truncate(plan.notes.map((n) => `• ${escapeMrkdwn(n, 600)}`).join('\n'), 2800)}`),
    );
  blocks.push(section(`*Diff*\n\`\`\`${escapeMrkdwn(shown.replace(/```/g, "'''"), 2_850)}\`\`\``));
  return blocks;
}
