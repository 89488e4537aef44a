import { describe, expect, it } from 'vitest';
import { adfProblems } from '../../test/support/adf-validator.js';
import type { RichText } from '../store/index.js';
import { toAdf } from './adf.js';
import { nextAttemptAt } from './backoff.js';
import { routeIssue } from './routing.js';
import { toWikiMarkup } from './wiki-markup.js';

const text: RichText = [
  { type: 'heading', text: 'Evidence' },
  {
    type: 'paragraph',
    content: [
      { text: 'Allows ' },
      { text: 'iam:*', code: true, strong: true },
      { text: ' on [every] resource\nsee ' },
      { text: 'policy|doc', href: 'https://example.com/a|b]' },
    ],
  },
  { type: 'bullets', items: [[{ text: 'one', strong: true }], [{ text: '-flagged- {x}' }]] },
  { type: 'code', language: 'diff', text: '--- a\n+++ b\n{noformat}' },
];

describe('rich text for Jira', () => {
  it('is valid ADF: code marks only with links, newlines as hardBreak, code blocks without marks', () => {
    const adf = toAdf(text);
    expect(adfProblems(adf)).toEqual([]);
    expect(adf.content[1]!.content!.map((n) => n.type)).toEqual(['text', 'text', 'text', 'hardBreak', 'text', 'text']);
    expect(adf.content[1]!.content![1]).toEqual({ type: 'text', text: 'iam:*', marks: [{ type: 'code' }] });
  });

  it('is wiki markup with formatting characters escaped and blocks that cannot be closed early', () => {
    expect(toWikiMarkup(text)).toBe(
      [
        'h3. Evidence',
        'Allows {{iam:\\*}} on \\[every\\] resource\\\\ see [policy\\|doc|https://example.com/a%7Cb%5D]',
        '* *one*\n* \\-flagged\\- \\{x\\}',
        '{noformat}\n--- a\n+++ b\n{noformat\\}\n{noformat}',
      ].join('\n\n'),
    );
  });
});

describe('routing and backoff', () => {
  const ownership = {
    tagKeys: ['owner', 'team'],
    teams: { Payments: { jiraProject: 'PAY', jiraAssignee: 'bob' }, sre: {} },
  };

  it('takes the first ownership tag that names a configured team, case-insensitively, else the default project', () => {
    expect(routeIssue([{ owner: 'someone@acme.io', Team: 'payments' }], ownership, { project: 'SEC' })).toEqual({
      project: 'PAY',
      team: 'Payments',
      assignee: 'bob',
    });
    expect(routeIssue([{}, { team: 'sre' }], ownership, { project: 'SEC' })).toEqual({ project: 'SEC', team: 'sre' });
    expect(() => routeIssue([{ team: 'sre' }], ownership, {})).toThrow(
      /ownership\.teams\.sre\.jiraProject: team "sre"/,
    );
  });

  it('backs off from one minute, doubling to six hours, and never sooner than Retry-After', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const after = (attempts: number, retryAfterMs?: number) =>
      (nextAttemptAt(now, attempts, retryAfterMs).getTime() - now.getTime()) / 60_000;
    expect([1, 2, 3, 10, 20].map((n) => after(n))).toEqual([1, 2, 4, 360, 360]);
    expect(after(1, 15 * 60_000)).toBe(15);
  });
});
