import type { KnownBlock, WebClient } from '@slack/web-api';
import type { ScheduleListener, Scheduler, SchedulerLogger } from '../../src/schedule/index.js';
import type { ScanService } from '../../src/scans/types.js';
import { renderDigest } from '../../views/digest.js';
import { noticeMessage } from '../../views/notice.js';
import { accountName } from '../../views/scan-summary.js';
import { publishDigest } from './publish-digest.js';

export interface ScheduledDigestOptions {
  client: WebClient;
  /** Where the scheduled scan's record (findings with evidence, changes, mutes) is read from. */
  scans: Pick<ScanService, 'latest' | 'accounts'>;
  ruleTitles: ReadonlyMap<string, string>;
  logger: SchedulerLogger;
  /** Jira is configured: groups get a "Create Jira issues" button. */
  jira?: boolean;
}

/**
 * After each scheduled scan, posts the digest to the schedule's channel: new and resolved since the last scan
 * (or "baseline"), grouped by the schedule's groupBy, findings below its minSeverity left out. A failed scan is
 * reported in the channel, so a missing digest is never silent. Returns the function that unsubscribes.
 */
export function postScheduledDigests(scheduler: Pick<Scheduler, 'subscribe'>, options: ScheduledDigestOptions) {
  const { client, scans, ruleTitles, logger } = options;
  const listener: ScheduleListener = {
    digest: async ({ schedule, channel, digest }) => {
      if (!channel) return;
      const scan = scans.latest(digest.accountId);
      if (!scan) throw new Error(`no recorded scan of ${digest.accountId} to post`);
      const plan = renderDigest({
        scan,
        groupBy: digest.groupBy,
        ruleTitles,
        ...(options.jira && { jira: true }),
        ...(digest.minSeverity !== 'low' && { filter: { minSeverity: digest.minSeverity } }),
      });
      const posted = await publishDigest(client, channel, plan);
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
      await client.chat.postMessage({ channel, text: notice.text, blocks: notice.blocks as KnownBlock[] });
    },
  };
  return scheduler.subscribe(listener);
}
