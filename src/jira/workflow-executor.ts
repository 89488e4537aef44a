import { WorkflowActionError } from '../errors.js';
import type { JiraExecutor } from '../workflows/executors.js';
import type { JiraService } from './jira-service.js';

/**
 * src/jira behind a workflow's `create-jira-issue`. A request Jira could not take yet stays in the outbox and
 * is retried; the workflow step says so as a failure, so the run shows it is not done.
 */
export function jiraExecutor(jira: JiraService): JiraExecutor {
  return {
    async createIssueForFinding(findingId, options) {
      const outcome = await jira.createIssueForFinding(findingId, options);
      if (outcome.outcome === 'queued')
        throw new WorkflowActionError(
          `Jira did not take the issue yet (${outcome.error.message}); the request is kept and retried (next attempt ${outcome.nextAttemptAt})`,
          outcome.error.hint ? { hint: outcome.error.hint } : undefined,
        );
      return { issueKey: outcome.key, url: outcome.url, created: outcome.outcome === 'created' };
    },
  };
}
