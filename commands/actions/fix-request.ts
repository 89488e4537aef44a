import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { View } from '@slack/web-api';
import { lookupRef } from '../../src/scans/find-finding.js';
import type { ModalView } from '../../views/blocks.js';
import { decodeFindingRef } from '../../views/finding-ref.js';
import type { FixInputs } from '../../src/remediate/types.js';
import {
  approvalRequestMessage,
  FIX_IDS,
  FIX_INPUT_FIELD,
  fixInputModal,
  fixPreviewModal,
  mention,
  noFixModal,
  threadNote,
} from '../../views/fix.js';
import { noticeModal } from '../../views/notice.js';
import { asMessage, expandApprovers, type FixFlow } from './fix-threads.js';

/** A request goes to at most this many people by DM (a large group gets a note instead of 200 DMs). */
const MAX_DMS = 10;
import type { AppServices } from '../services.js';

/**
 * Fix in AWS → the requester sees the plan and its diff (a modal) → Request approval DMs the approvers.
 * Planning reads AWS and may take longer than a trigger lives (3 s): a modal opens at once and is filled after.
 */
export function registerFixRequest(app: App, services: AppServices): void {
  const flow = services.fixes;
  if (!flow) return;
  app.action<BlockAction<ButtonAction>>(FIX_IDS.request, async ({ ack, action, body, client, logger }) => {
    await ack();
    const planning = noticeModal('Fix in AWS', 'Reading the resource from AWS and making the plan…');
    const opened =
      body.view?.type === 'modal'
        ? await client.views.push({ trigger_id: body.trigger_id, view: asView(planning) })
        : await client.views.open({ trigger_id: body.trigger_id, view: asView(planning) });
    const viewId = opened.view?.id;
    let view: ModalView;
    try {
      view = await previewFor(flow, services, action.value, body.user.id);
    } catch (e) {
      logger.error('fix plan failed', e);
      view = noticeModal(
        'Fix in AWS',
        `The plan could not be made: ${(e as Error).message}`,
        'Nothing was changed in AWS.',
      );
    }
    if (viewId) await client.views.update({ view_id: viewId, view: asView(view) });
  });

  // The value a trust fix needs (ExternalId, OIDC subject): planned with it, as `fix apply --external-id` would.
  app.view(FIX_IDS.input, async ({ ack, body, view, client, logger }) => {
    const value = view.state.values[FIX_INPUT_FIELD.block]?.[FIX_INPUT_FIELD.action]?.value?.trim() ?? '';
    if (!value) {
      await ack({ response_action: 'errors', errors: { [FIX_INPUT_FIELD.block]: 'Enter the value the fix adds.' } });
      return;
    }
    await ack({
      response_action: 'update',
      view: asView(noticeModal('Fix in AWS', 'Reading the resource from AWS and making the plan…')),
    });
    let next: ModalView;
    try {
      next = await previewFor(flow, services, view.private_metadata, body.user.id, value);
    } catch (e) {
      logger.error('fix plan failed', e);
      next = noticeModal(
        'Fix in AWS',
        `The plan could not be made: ${(e as Error).message}`,
        'Nothing was changed in AWS.',
      );
    }
    await client.views.update({ view_id: view.id, view: asView(next) });
  });

  app.view(FIX_IDS.submit, async ({ ack, body, view, client }) => {
    const draft = flow.drafts.get(view.private_metadata);
    if (!draft || draft.requester !== body.user.id) {
      await ack({
        response_action: 'update',
        view: asView(
          noticeModal(
            'Fix in AWS',
            'This plan is no longer held (the app restarted or it was submitted).',
            'Click Fix in AWS again.',
          ),
        ),
      });
      return;
    }
    flow.drafts.delete(view.private_metadata);
    await ack();
    const requester = { id: body.user.id, via: 'slack' as const };
    // Everyone allowed may decide; the owner (else the fallback approvers, groups expanded) is asked by DM.
    const approval = await flow.service.request(draft.plan, requester, draft.approvers.allowed);
    const threads: NonNullable<typeof approval.threads> = [];
    const recipients = [...(await expandApprovers(flow.groups, draft.approvers.ask))].slice(0, MAX_DMS);
    for (const approver of recipients) {
      const posted = await client.chat.postMessage({
        channel: approver,
        ...asMessage(approvalRequestMessage(approval, draft.plan)),
      });
      if (posted.channel && posted.ts) threads.push({ channel: posted.channel, ts: posted.ts, role: 'approver' });
    }
    const mine = await client.chat.postMessage({
      channel: body.user.id,
      ...asMessage(
        threadNote(
          `You asked for a fix (request ${approval.id}): ${draft.plan.summary}. Asked: ${draft.approvers.ask.map(mention).join(', ')}. Each step will be posted in this thread.`,
        ),
      ),
    });
    if (mine.channel && mine.ts) threads.push({ channel: mine.channel, ts: mine.ts, role: 'requester' });
    await flow.service.linkThreads(approval.id, threads);
  });
}

async function previewFor(
  flow: FixFlow,
  services: AppServices,
  value: string | undefined,
  user: string,
  input?: string,
): Promise<ModalView> {
  const ref = decodeFindingRef(value);
  const latest = ref && (services.scans.latest(ref.accountId) ?? (await services.scans.scan(ref.accountId)));
  const found = ref && lookupRef(ref, latest);
  if (!ref || found?.kind !== 'found')
    return noticeModal(
      'Fix in AWS',
      'This finding is not in the latest scan any more.',
      '`/rightsize risks` lists the current findings.',
    );
  const finding = found.match.finding;
  const snapshot = await flow.snapshot(finding.accountId);
  let outcome = await flow.service.plan(finding, snapshot);
  if (outcome.kind === 'needs-input' && input !== undefined) {
    const inputs: FixInputs = { [outcome.input]: input };
    outcome = await flow.service.plan(finding, snapshot, inputs);
  }
  if (outcome.kind === 'needs-input' && input === undefined && value) return fixInputModal(outcome, value);
  if (outcome.kind !== 'plan') return noFixModal(outcome, finding.id);
  const approvers = flow.approvers(finding, snapshot);
  const draftId = randomUUID();
  flow.drafts.set(draftId, { plan: outcome.plan, requester: user, approvers });
  const preview = fixPreviewModal(outcome.plan, approvers.ask, draftId);
  // Without anyone to ask there is nothing to submit.
  if (approvers.ask.length === 0) delete preview.submit;
  return preview;
}

const asView = (view: ModalView): View => view as View;
