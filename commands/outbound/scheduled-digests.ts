import type { LineLogger } from '../../src/log.js';
import type { AccountScans } from '../../src/scans/types.js';
import type { ScheduleListener, Scheduler } from '../../src/schedule/index.js';
import { noticeMessage } from '../../views/notice.js';
import { accountName } from '../../views/scan-summary.js';
import { asMessage } from '../block-kit.js';
import {
  deliverDigest,
  deliverOrganizationDigest,
  type DeliveredDigest,
  type DigestDelivery,
} from './publish-digest.js';

export interface ScheduledDigestOptions extends DigestDelivery {
  /** The served accounts, to name one whose scan failed. */
  scans: Pick<AccountScans, 'accounts'>;
  logger: LineLogger;
}

/**
 * After each scheduled scan, posts the digest the scheduler built to the schedule's channel: what changed since that
 * channel's previous digest (its first one is the baseline), findings below the schedule's minSeverity counted but
 * not listed, and a one-line "no change" (or nothing) per `onNoChange` when nothing changed. A failed scan is reported
 * in the channel, so a missing digest is never silent. Returns the function that unsubscribes.
 */
export function postScheduledDigests(scheduler: Pick<Scheduler, 'subscribe'>, options: ScheduledDigestOptions) {
  const { client, scans, logger } = options;
  const listener: ScheduleListener = {
    digest: async ({ schedule, channel, digest, onNoChange }) => {
      if (!channel) return;
      const delivered = await deliverDigest(options, channel, digest, onNoChange);
      const where = whereDelivered(delivered);
      logger.info(`${schedule}: digest of ${digest.accountId} ${where}`);
    },
    organizationDigest: async ({ schedule, channel, digest, onNoChange }) => {
      const delivered = await deliverOrganizationDigest(options, channel, digest, onNoChange);
      const where = whereDelivered(delivered);
      logger.info(`${schedule}: digest of organisation ${digest.organizationId} ${where}`);
    },
    failed: async ({ schedule, channel, accountId, error }) => {
      if (!channel) return;
      const account = scans.accounts().find((a) => a.id === accountId);
      const reason = error instanceof Error ? error.message : String(error);
      const notice = noticeMessage(
        `:warning: The scheduled scan "${schedule}" of ${account ? accountName(account) : accountId} failed, so there is no digest this time: ${reason}`,
        'The app log has the details; `/rightsize status` shows the last successful scan.',
      );
      await client.chat.postMessage({ channel, ...asMessage(notice) });
    },
  };
  return scheduler.subscribe(listener);
}

function whereDelivered(delivered: DeliveredDigest): string {
  return delivered.kind === 'skipped'
    ? 'not posted (no change)'
    : `${delivered.kind} posted to ${delivered.channel} (${delivered.ts})`;
}
