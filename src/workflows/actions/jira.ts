import { resolveOwner } from '../owner.js';
import { availability, findingOf, need, type ActionContext, type ActionHandler } from './context.js';

function project(action: { project?: string }, ctx: ActionContext): string | undefined {
  return action.project ?? resolveOwner(findingOf(ctx).finding.tags, ctx.config.ownership)?.jiraProject;
}

export const createJiraIssue: ActionHandler<'create-jira-issue'> = {
  async run(action, ctx) {
    const jira = need(ctx, 'jira');
    const { finding } = findingOf(ctx);
    const key = project(action, ctx);
    const issue = await jira.createIssueForFinding(finding.id, {
      requestedBy: ctx.actor,
      ...(key && { project: key }),
    });
    return `${issue.created ? 'created' : 'already had'} ${issue.issueKey} ${issue.url}`;
  },
  async describe(action, ctx) {
    const key = project(action, ctx);
    return `create a Jira issue for ${findingOf(ctx).finding.id}${key ? ` in ${key}` : ' (default project)'}${availability(ctx, 'jira')}`;
  },
};
