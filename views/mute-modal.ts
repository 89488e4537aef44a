import type { Finding } from '../src/risks/types.js';
import { MAX_MUTE_DAYS } from '../src/store/mute-days.js';
import type { MuteOutcome, UnmuteOutcome } from '../src/scans/served-accounts.js';
import { context, plain, section, type InputBlock, type MessageView, type ModalView } from './blocks.js';
import { findingLine } from './finding-line.js';
import type { FindingRef } from '../src/scans/types.js';
import { CALLBACK_IDS, encodeFindingRef } from './finding-ref.js';
import { code, escapeMrkdwn, mention } from './limits.js';
import { slackDate } from './scan-summary.js';

/** The block and action ids of the mute form's fields, where view_submission carries their values. */
export const MUTE_FIELDS = {
  days: { block: 'mute.days', action: 'days' },
  reason: { block: 'mute.reason', action: 'reason' },
} as const;

export const MUTE_REASON_MAX = 500;

/** The Mute form: how many days, and why (both go to the audit log). */
export function muteModal(finding: Finding, ref: FindingRef, defaultDays = 30): ModalView {
  const days: InputBlock = {
    type: 'input',
    block_id: MUTE_FIELDS.days.block,
    label: plain('Days'),
    element: {
      type: 'number_input',
      action_id: MUTE_FIELDS.days.action,
      is_decimal_allowed: false,
      min_value: '1',
      max_value: String(MAX_MUTE_DAYS),
      initial_value: String(defaultDays),
    },
    hint: plain(`1 to ${MAX_MUTE_DAYS}; the finding counts again after that`, 150),
  };
  const reason: InputBlock = {
    type: 'input',
    block_id: MUTE_FIELDS.reason.block,
    label: plain('Reason'),
    element: {
      type: 'plain_text_input',
      action_id: MUTE_FIELDS.reason.action,
      multiline: true,
      min_length: 1,
      max_length: MUTE_REASON_MAX,
      placeholder: plain('Why is this risk accepted for now?', 150),
    },
  };
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.mute,
    private_metadata: encodeFindingRef(ref),
    title: plain('Mute finding'),
    submit: plain('Mute'),
    close: plain('Cancel'),
    blocks: [
      section(findingLine(finding, { showRule: true })),
      days,
      reason,
      context(
        'A muted finding leaves digests, lists and counts until then. The audit log records who muted it, when and why.',
      ),
    ],
  };
}

/** Where the people who may mute are configured (approvers may too), for a "not allowed" answer. */
export const MUTE_SETTINGS = ['access.muters', 'access.approvers'] as const;

/** What a mute did: muted until when and why, or nothing because the finding was resolved since. */
export function muteOutcomeMessage(outcome: MuteOutcome): MessageView {
  const f = outcome.finding;
  const what = `${escapeMrkdwn(f.title, 300)} (${code(f.id, 80)})`;
  if (outcome.kind === 'resolved')
    return {
      text: `Finding ${f.id} was resolved; nothing to mute.`,
      blocks: [
        section(
          `${what} was resolved${f.resolvedAt ? ` by the scan of ${slackDate(f.resolvedAt)}` : ''}: there is nothing to mute. If it comes back, a digest will say so.`,
        ),
      ],
    };
  const { mute } = outcome;
  return {
    text: `Muted ${f.id} until ${mute.until}`,
    blocks: [
      section(
        `:mute: Muted ${what} until ${slackDate(mute.until)}.\n*Reason:* ${escapeMrkdwn(mute.reason, MUTE_REASON_MAX + 50)}`,
      ),
      context(
        `It leaves digests, lists and counts until then; the audit log records the mute by ${mention(mute.by.id)}. \`/rightsize unmute ${escapeMrkdwn(f.id, 80)}\` lifts it early.`,
      ),
    ],
  };
}

/** The answer to `/rightsize unmute`: the finding counts again, or it was not muted. */
export function unmuteOutcomeMessage(outcome: UnmuteOutcome): MessageView {
  const f = outcome.finding;
  const what = `${escapeMrkdwn(f.title, 300)} (${code(f.id, 80)})`;
  return outcome.wasMuted
    ? {
        text: `Unmuted ${f.id}`,
        blocks: [
          section(`:loud_sound: Unmuted ${what}: it counts again in digests, lists and counts.`),
          context('The audit log records who lifted the mute and when.'),
        ],
      }
    : { text: `${f.id} was not muted`, blocks: [section(`${what} was not muted: nothing changed.`)] };
}
