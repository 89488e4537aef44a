import type { LineLogger } from '../log.js';
import type { FindingMutes } from '../scans/served-accounts.js';
import { describeDelivery } from './delivery-report.js';
import type { JiraService } from './jira-service.js';

/** Mutes from Slack that also comment on the finding's Jira issue (kept and retried when Jira is down). */
export function jiraCommentedMutes(mutes: FindingMutes, jira: JiraService, logger: LineLogger): FindingMutes {
  return {
    async mute(request) {
      const outcome = await mutes.mute(request);
      if (outcome.kind === 'muted')
        for (const line of describeDelivery(await jira.afterMute(outcome.finding, outcome.mute)))
          logger.info(`jira: ${line}`);
      return outcome;
    },
    unmute: (request) => mutes.unmute(request),
  };
}
