import { lookupRef, type FindingMatch } from '../../src/scans/find-finding.js';
import type { LatestScan } from '../../src/scans/types.js';
import type { ModalView } from '../../views/blocks.js';
import type { FindingRef } from '../../src/scans/types.js';
import { decodeFindingRef } from '../../views/finding-ref.js';
import { noticeModal } from '../../views/notice.js';
import { accountName } from '../../views/scan-summary.js';
import type { AppServices } from '../services.js';

/** A finding button's target as of the latest scan, or the answer for a button that no longer points at one. */
export type ClickedFinding =
  | { kind: 'found'; ref: FindingRef; match: FindingMatch }
  | { kind: 'notice'; title: string; text: string; hint: string };

/** What the button points at now, given the latest scan of its account (undefined: not served, or not scanned). */
export function lookupClicked(services: AppServices, value: string | undefined): ClickedFinding & { unscanned?: true } {
  const ref = decodeFindingRef(value);
  if (!ref)
    return {
      kind: 'notice',
      title: 'Finding details',
      text: 'This button comes from a message this version of Rightsize cannot read.',
      hint: 'Run `/rightsize show <finding id>` or `/rightsize risks` for a current list.',
    };
  // A cross-account finding's button names the organisation: its pass is scanned like an account.
  const served = services.scans.accounts().some((a) => a.id === ref.accountId || a.organization?.id === ref.accountId);
  const latest = served ? services.scans.latest(ref.accountId) : undefined;
  if (served && !latest) return { ...answer(ref, undefined), unscanned: true };
  return answer(ref, latest);
}

/** The same, scanning the account first when the app has not scanned it since it started. */
export async function resolveClicked(services: AppServices, value: string | undefined): Promise<ClickedFinding> {
  const clicked = lookupClicked(services, value);
  if (!clicked.unscanned) return clicked;
  const ref = decodeFindingRef(value)!;
  return answer(ref, await services.scans.scan(ref.accountId));
}

function answer(ref: FindingRef, latest: LatestScan | undefined): ClickedFinding {
  const found = lookupRef(ref, latest);
  const current = '`/rightsize risks` lists the current findings.';
  switch (found.kind) {
    case 'found':
      return { kind: 'found', ref, match: found.match };
    case 'resolved':
      return {
        kind: 'notice',
        title: 'Finding resolved',
        text: `The scan of ${utcTime(found.scan.scannedAt)} no longer reports finding ${ref.findingId}: it has been resolved (or the resource removed) since this message was posted.`,
        hint: current,
      };
    case 'unknown-finding':
      return {
        kind: 'notice',
        title: 'Unknown finding',
        text: `The latest scan of ${accountName(found.scan.account)} has no finding ${ref.findingId}.`,
        hint: current,
      };
    case 'unknown-account':
      return {
        kind: 'notice',
        title: 'Unknown account',
        text: `Account ${ref.accountId} is not served by this Rightsize app any more.`,
        hint: '`/rightsize status` lists the accounts it serves.',
      };
  }
}

export function clickedNoticeModal(notice: Extract<ClickedFinding, { kind: 'notice' }>): ModalView {
  return noticeModal(notice.title, notice.text, notice.hint);
}

/** Notices are plain text (no Slack date formatting), so the time is spelled out. */
const utcTime = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
