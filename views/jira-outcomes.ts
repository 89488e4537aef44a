import type { JiraIssueOutcome } from '../src/jira/jira-service.js';
import { context, section, type Block, type MessageView } from './blocks.js';
import { ACTION_IDS } from './finding-ref.js';
import { titleNamingResource, type FindingLike } from './finding-line.js';
import { code, escapeMrkdwn, mention, plural, truncate } from './limits.js';

/** At most this many issues per bulk request: Jira rate-limits, and a Slack answer has room for so many lines. */
export const MAX_BULK_ISSUES = 50;

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

/** A finding of a digest group and what asking Jira for its issue came to. */
export interface GroupIssueRow {
  finding: FindingLike;
  outcome: JiraIssueOutcome;
}

const GROUP_ROWS_SHOWN = 40;

/** The digest thread's reply after a group's bulk click: which resources got which issue, and who asked. */
export function groupIssuesMessage(
  groupLabel: string,
  rows: readonly GroupIssueRow[],
  userId: string,
  leftOut: number,
): MessageView {
  const count = (kind: JiraIssueOutcome['outcome']) => rows.filter((r) => r.outcome.outcome === kind).length;
  const summary = `${count('created')} created, ${count('existing')} already there, ${count('queued')} queued for retry`;
  const lines = rows
    .slice(0, GROUP_ROWS_SHOWN)
    .map(({ finding, outcome }) => `• ${titleNamingResource(finding)} — ${issueText(outcome)}`);
  if (rows.length > GROUP_ROWS_SHOWN) lines.push(`and ${plural(rows.length - GROUP_ROWS_SHOWN, 'more finding')}`);
  const blocks: Block[] = [
    section(`*Jira issues for ${escapeMrkdwn(groupLabel, 300)}*: ${summary} · asked by ${mention(userId)}`),
    ...packedLines(lines),
  ];
  if (leftOut > 0)
    blocks.push(
      context(
        `${plural(leftOut, 'more finding')} of this group ${leftOut === 1 ? 'was' : 'were'} left out (at most ${MAX_BULK_ISSUES} at once): click the button again for them.`,
      ),
    );
  return { text: `Jira issues for ${truncate(groupLabel, 200)}: ${summary}`, blocks };
}

/** A second click, nothing new to file: said to the person who clicked, not to the channel. */
export function groupIssuesThereMessage(groupLabel: string, rows: readonly GroupIssueRow[]): MessageView {
  const keys = rows.map((r) => issueText(r.outcome)).slice(0, 30);
  return {
    text: `Every finding of ${truncate(groupLabel, 200)} already has a Jira issue.`,
    blocks: [
      section(
        truncate(
          `Every finding of *${escapeMrkdwn(groupLabel, 300)}* already has a Jira issue; none was filed again: ${keys.join(', ')}${rows.length > keys.length ? ` and ${rows.length - keys.length} more` : ''}.`,
          2900,
        ),
      ),
    ],
  };
}

const KEYS_SHOWN = 8;

/**
 * The digest's blocks with a group's issue keys under its heading. The group's button goes once every finding of
 * the group has an issue (nothing queued, none left beyond the bulk limit).
 */
export function digestGroupWithIssues(
  blocks: readonly Record<string, unknown>[],
  buttonValue: string,
  rows: readonly GroupIssueRow[],
  complete: boolean,
): Record<string, unknown>[] {
  const issues = rows.filter((r) => r.outcome.outcome !== 'queued').map((r) => issueText(r.outcome));
  const keys = `Jira: ${issues.slice(0, KEYS_SHOWN).join(', ')}${issues.length > KEYS_SHOWN ? ` and ${issues.length - KEYS_SHOWN} more (in the thread)` : ''}`;
  const done = complete && rows.every((r) => r.outcome.outcome !== 'queued');
  return blocks.map((block) => {
    const accessory = block.accessory as { action_id?: string; value?: string } | undefined;
    if (accessory?.action_id !== ACTION_IDS.jiraGroup || accessory.value !== buttonValue) return block;
    const text = block.text as { type: string; text: string } | undefined;
    const { accessory: _button, ...rest } = block;
    return {
      ...(done ? rest : block),
      ...(text && { text: { ...text, text: truncate(`${text.text.split('\nJira: ')[0]}\n${keys}`, 2900) } }),
    };
  });
}

function issueText(outcome: JiraIssueOutcome): string {
  if (outcome.outcome === 'queued') return 'queued, Jira will get it on a retry';
  const link = `<${truncate(outcome.url, 500)}|${escapeMrkdwn(outcome.key, 100)}>`;
  return outcome.outcome === 'existing' ? `${link} (already there)` : link;
}

function packedLines(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let text = '';
  for (const line of lines) {
    if (text && text.length + line.length + 1 > 2800) {
      blocks.push(section(text));
      text = '';
    }
    text = text ? `${text}\n${line}` : line;
  }
  if (text) blocks.push(section(text));
  return blocks;
}
