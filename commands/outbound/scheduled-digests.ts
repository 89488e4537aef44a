import type { WebClient } from '@slack/web-api';
import type { LineLogger } from '../../src/log.js';
import type { AccountScans } from '../../src/scans/types.js';
import type { ScheduleListener, Scheduler } from '../../src/schedule/index.js';
import { renderDigest } from '../../views/digest-messages.js';
import { noticeMessage } from '../../views/notice.js';
import { accountName } from '../../views/scan-summary.js';
import { asMessage } from '../block-kit.js';
import { publishDigest } from './publish-digest.js';

export interface ScheduledDigestOptions {
  client: WebClient;
  /** The served accounts, to name one whose scan failed. */
  scans: Pick<AccountScans, 'accounts'>;
  logger: LineLogger;
  /** Jira is configured: groups get a "Create Jira issues" button. */
  jira?: boolean;
}

/**
 * After each scheduled scan, posts the digest the scheduler built to the schedule's channel: new and resolved since
 * the last scan (or "baseline"), grouped by the schedule's groupBy, findings below its minSeverity left out. A failed
 * scan is reported in the channel, so a missing digest is never silent. Returns the function that unsubscribes.
 */
export function postScheduledDigests(scheduler: Pick<Scheduler, 'subscribe'>, options: ScheduledDigestOptions) {
  const { client, scans, logger } = options;
  const listener: ScheduleListener = {
    digest: async ({ schedule, channel, digest }) => {
      if (!channel) return;
      const posted = await publishDigest(
        client,
        channel,
        renderDigest({ ...digest, ...(options.jira && { jira: true }) }),
      );
      logger.info(`${schedule}: digest of ${digest.accountId} posted to ${posted.channel} (${posted.ts})`);
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
