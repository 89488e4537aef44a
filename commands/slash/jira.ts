import { jiraOutcomeMessage, jiraOutcomesMessage } from '../../views/jira-outcomes.js';
import { noticeMessage } from '../../views/notice.js';
import { createJiraIssues, JIRA_NOT_SET_UP, JIRA_SETUP_HINT, MAX_BULK_ISSUES } from '../jira-issues.js';
import type { Subcommand } from './registry.js';

export const jiraSubcommand: Subcommand = {
  name: 'jira',
  usage: 'jira <finding> [finding…]',
  summary: `create the Jira issue of a finding (id or a unique prefix), or show the one it has; up to ${MAX_BULK_ISSUES} at once. When Jira is down the request is kept and retried`,
  options: {},
  positionals: { min: 1, max: MAX_BULK_ISSUES, name: 'finding' },
  available: (services) => services.jira !== undefined,
  prepare(input, services) {
    const jira = services.jira;
    if (!jira) return { reply: noticeMessage(JIRA_NOT_SET_UP, JIRA_SETUP_HINT) };
    const findings = input.positionals;
    return {
      pending: findings.length > 1 ? `Asking Jira for ${findings.length} issues…` : 'Asking Jira…',
      async run(ctx) {
        const outcomes = await createJiraIssues({ jira }, findings, ctx.userId);
        await ctx.respond(
          outcomes.length === 1 ? jiraOutcomeMessage(outcomes[0]!) : jiraOutcomesMessage(outcomes, 'Jira issues'),
        );
      },
    };
  },
};
