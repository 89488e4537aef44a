import { randomUUID } from 'node:crypto';
import type { FixFlow } from '../../src/remediate/fix-flow.js';
import type { FixInputs } from '../../src/remediate/types.js';
import { lookupRef } from '../../src/scans/find-finding.js';
import type { ModalView } from '../../views/blocks.js';
import { decodeFindingRef } from '../../views/finding-ref.js';
import { fixInputModal, fixPreviewModal, noFixModal } from '../../views/fix.js';
import { noticeModal } from '../../views/notice.js';
import type { AppServices } from '../services.js';

/** Shown while the plan is made: planning reads AWS and may take longer than a trigger lives (3 s). */
export const PLANNING_MODAL = noticeModal('Fix in AWS', 'Reading the resource from AWS and making the plan…');

/**
 * The plan of the finding a Fix in AWS button points at, as the requester's preview (kept as a draft until they
 * submit it), or the question the plan needs answered, or why there is no plan.
 */
export async function previewFor(
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

/** The modal that says the plan could not be made. */
export function planFailedModal(e: unknown): ModalView {
  return noticeModal(
    'Fix in AWS',
    `The plan could not be made: ${(e as Error).message}`,
    'Nothing was changed in AWS.',
  );
}
