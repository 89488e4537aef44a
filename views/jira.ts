import type { JiraIssueOutcome } from '../src/jira/jira-service.js';
import { context, section, type MessageView } from './blocks.js';
import { code, escapeMrkdwn, truncate } from './limits.js';

/** What asking for a finding's Jira issue came to: the issue (new or already there), or that Jira will get it later. */
export function jiraOutcomeMessage(outcome: JiraIssueOutcome): MessageView {
  const finding = code(outcome.findingId);
  if (outcome.outcome !== 'queued') {
    const link = `<${truncate(outcome.url, 2000)}|${escapeMrkdwn(outcome.key, 100)}>`;
    const text =
      outcome.outcome === 'created'
        ? `:white_check_mark: Created Jira issue ${link} for finding ${finding}.`
        : `Finding ${finding} already has Jira issue ${link}; no second issue was created.`;
    return { text: `${outcome.key}: ${outcome.url}`, blocks: [section(text)] };
  }
  const { error } = outcome;
  return {
    text: `Jira did not take the issue for ${outcome.findingId} yet; the request is kept and retried.`,
    blocks: [
      section(
        `:hourglass_flowing_sand: Jira did not take the issue for finding ${finding} yet: ${escapeMrkdwn(error.message, 1500)}\nThe request is kept and retried with backoff (next attempt <!date^${Math.floor(Date.parse(outcome.nextAttemptAt) / 1000)}^{date_short_pretty} {time}|${outcome.nextAttemptAt}>); it will not be created twice.`,
      ),
      ...(error.hint ? [context(escapeMrkdwn(error.hint, 1500))] : []),
    ],
  };
}

/** Several findings' issues at once (a digest group, `/rightsize jira` with several ids): one line each. */
export function jiraOutcomesMessage(outcomes: readonly JiraIssueOutcome[], title: string): MessageView {
  const lines = outcomes.map((o) =>
    o.outcome === 'queued'
      ? `• ${code(o.findingId)}: queued — ${escapeMrkdwn(o.error.message, 200)}`
      : `• ${code(o.findingId)}: <${truncate(o.url, 500)}|${escapeMrkdwn(o.key, 100)}>${o.outcome === 'existing' ? ' (already there)' : ''}`,
  );
  const count = (kind: JiraIssueOutcome['outcome']) => outcomes.filter((o) => o.outcome === kind).length;
  const summary = `${escapeMrkdwn(title, 200)}: ${count('created')} created, ${count('existing')} already there, ${count('queued')} queued for retry`;
  return {
    text: summary,
    blocks: [section(`*${summary}*`), section(truncate(lines.join('\n'), 2900))],
  };
}
