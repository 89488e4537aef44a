import type { JiraIssueOutcome } from '../src/jira/jira-service.js';
import { MAX_BULK_ISSUES } from '../views/jira-outcomes.js';
import type { AppServices } from './services.js';

/** Why there is no Jira here, said the same way by the button, the bulk action and `/rightsize jira`. */
export const JIRA_NOT_SET_UP = 'Jira is not set up in this app.';
export const JIRA_SETUP_HINT = 'Add a `jira` section to the config file (README: "Jira") and restart the app.';

export { MAX_BULK_ISSUES };

/**
 * Creates (or finds) the Jira issues of findings on behalf of a Slack user, one after the other, so a failing
 * Jira queues each request once instead of hammering it.
 */
export async function createJiraIssues(
  services: Required<Pick<AppServices, 'jira'>>,
  findingIds: readonly string[],
  userId: string,
  slackPermalink?: string,
): Promise<JiraIssueOutcome[]> {
  const outcomes: JiraIssueOutcome[] = [];
  for (const findingId of findingIds.slice(0, MAX_BULK_ISSUES))
    outcomes.push(
      await services.jira.createIssueForFinding(findingId, {
        requestedBy: { id: userId, via: 'slack' },
        ...(slackPermalink && { slackPermalink }),
      }),
    );
  return outcomes;
}
