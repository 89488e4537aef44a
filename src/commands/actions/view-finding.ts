import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { View } from '@slack/web-api';
import { lookupRef } from '../../serve/find-finding.js';
import type { ScanRecord } from '../../serve/types.js';
import type { ModalView } from '../../views/blocks.js';
import { findingDetailsModal } from '../../views/finding-details.js';
import { hasFixKind } from '../../remediate/target.js';
import { ACTION_IDS, decodeFindingRef, encodeFindingRef, type FindingRef } from '../../views/finding-ref.js';
import { noticeModal } from '../../views/notice.js';
import { accountName, slackDate } from '../../views/scan-summary.js';
import { ruleInfo, type AppServices } from '../services.js';

/**
 * View details: opens the finding in a modal. A modal works from channel messages, ephemeral replies and
 * the Home tab alike, and carries the answer for a stale or unknown button too.
 */
export function registerViewFinding(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.viewFinding, async ({ ack, action, body, client }) => {
    await ack();
    const ref = decodeFindingRef(action.value);
    const account = ref && services.scans.accounts().find((a) => a.id === ref.accountId);
    const latest = account && services.scans.latest(account.id);
    if (!ref || !account || latest) {
      await client.views.open({ trigger_id: body.trigger_id, view: asView(findingModal(services, ref, latest)) });
      return;
    }
    // No scan since the app started: the trigger expires in 3 s, so open a modal now and fill it after the scan.
    const opened = await client.views.open({
      trigger_id: body.trigger_id,
      view: asView(noticeModal('Finding details', `Scanning ${accountName(account)} to find this finding…`)),
    });
    const scan = await services.scans.scan(account.id);
    if (opened.view?.id)
      await client.views.update({ view_id: opened.view.id, view: asView(findingModal(services, ref, scan)) });
  });
}

function findingModal(services: AppServices, ref: FindingRef | undefined, latest: ScanRecord | undefined): ModalView {
  if (!ref)
    return noticeModal(
      'Finding details',
      'This button comes from a message this version of Rightsize cannot read.',
      'Run `/rightsize show <finding id>` or `/rightsize risks` for a current list.',
    );
  const found = lookupRef(ref, latest);
  switch (found.kind) {
    case 'found':
      return findingDetailsModal({
        finding: found.match.finding,
        scan: found.match.scan,
        ...ruleInfo(services, found.match.finding.ruleId),
        ...(services.fixes && hasFixKind(found.match.finding) && { fixValue: encodeFindingRef(ref) }),
      });
    case 'resolved':
      return noticeModal(
        'Finding resolved',
        `The scan of ${slackDate(found.scan.scannedAt)} no longer reports finding ${ref.findingId}: it has been resolved (or the resource removed) since this message was posted.`,
        '`/rightsize risks` lists the current findings.',
      );
    case 'unknown-finding':
      return noticeModal(
        'Unknown finding',
        `The latest scan of ${accountName(found.scan.account)} has no finding ${ref.findingId}.`,
        '`/rightsize risks` lists the current findings.',
      );
    case 'unknown-account':
      return noticeModal(
        'Unknown account',
        `Account ${ref.accountId} is not served by this Rightsize app any more.`,
        '`/rightsize status` lists the accounts it serves.',
      );
  }
}

const asView = (view: ModalView): View => view as View;
