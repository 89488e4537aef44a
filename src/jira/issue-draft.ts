import type { JiraConfig } from '../config/index.js';
import type { Evidence, Finding } from '../risks/types.js';
import type { FindingRecord, InlineText, IssueDraft, RichText } from '../store/index.js';
import type { IssueRoute } from './routing.js';

/** Everything about a finding an issue describes; the scan's evidence plus what the state remembers. */
export interface FindingDetails {
  finding: Finding;
  rule: { title: string; rationale: string; remediation: string };
  /** Tags of the resource, then of related principals (a workload's role): ownership is read in this order. */
  tagSets: Record<string, string>[];
  /** The unified diff of today's policies against the suggested least-privilege one, when there is one. */
  suggestionDiff?: string;
  /** Where the evidence was read, e.g. `snapshot directory /data/prod`, and when the snapshot was collected. */
  source: string;
  collectedAt: string;
}

export interface DraftContext {
  route: IssueRoute;
  jira: Pick<JiraConfig, 'issueType' | 'priorities' | 'labels'>;
  record?: FindingRecord;
  slackPermalink?: string;
}

const MAX_EVIDENCE = 25;
const MAX_ACTIONS = 12;
// Jira limits a description to 32,767 characters; leave room for the rest of the text.
const MAX_DIFF_CHARS = 20_000;
const MAX_SUMMARY = 255;

/** Labels may not contain spaces; the finding id (rule id + hash) never does. */
export function findingLabel(findingId: string): string {
  return `rightsize-${findingId}`;
}

/** The issue for a finding: project and people from the route, priority from severity, and a description. */
export function buildIssueDraft(details: FindingDetails, context: DraftContext): IssueDraft {
  const { finding } = details;
  const summary = `[Rightsize] ${finding.title}`;
  return {
    project: context.route.project,
    issueType: context.jira.issueType,
    summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
    priority: context.jira.priorities[finding.severity],
    labels: [...new Set(['rightsize', finding.ruleId, finding.accountId, ...context.jira.labels])],
    findingLabel: findingLabel(finding.id),
    ...(context.route.assignee && { assignee: context.route.assignee }),
    ...(context.route.component && { component: context.route.component }),
    description: describeFinding(details, context),
  };
}

function describeFinding(details: FindingDetails, context: DraftContext): RichText {
  const { finding, rule } = details;
  const text: RichText = [
    { type: 'heading', text: 'What' },
    { type: 'paragraph', content: [{ text: finding.title, strong: true }] },
    {
      type: 'bullets',
      items: [
        [{ text: 'Rule: ' }, { text: finding.ruleId, code: true }, { text: ` (${rule.title})` }],
        [{ text: `Severity: ${finding.severity}` }],
        [{ text: `Account: ${finding.accountId}` }],
        [
          { text: `Resource: ${finding.resourceType} ${finding.resourceName} ` },
          { text: finding.resourceArn, code: true },
        ],
        ...(context.route.team ? [[{ text: `Owning team: ${context.route.team}` }]] : []),
        ...(context.record ? [[{ text: `First seen: ${context.record.firstSeen}` }]] : []),
        [{ text: `Evidence read from ${details.source}, collected ${details.collectedAt}` }],
      ],
    },
    { type: 'heading', text: 'Why it matters' },
    { type: 'paragraph', content: [{ text: rule.rationale }] },
    { type: 'heading', text: 'Evidence' },
    evidenceList(finding.evidence),
    { type: 'heading', text: 'Remediation' },
    { type: 'paragraph', content: [{ text: finding.remediation.summary }] },
    ...(rule.remediation !== finding.remediation.summary
      ? [{ type: 'paragraph' as const, content: [{ text: rule.remediation }] }]
      : []),
    { type: 'paragraph', content: [{ text: 'Open in the AWS console', href: finding.remediation.consoleUrl }] },
  ];
  if (details.suggestionDiff) {
    const diff = details.suggestionDiff;
    const cut = diff.length > MAX_DIFF_CHARS ? diff.slice(0, diff.lastIndexOf('\n', MAX_DIFF_CHARS)) : diff;
    text.push(
      { type: 'heading', text: 'Suggested policy' },
      {
        type: 'paragraph',
        content: [
          { text: 'A least-privilege policy built from actual usage, as a diff against today’s policies (' },
          { text: 'rightsize suggest', code: true },
          { text: cut === diff ? ' prints it too):' : ' prints all of it; it is cut here):' },
        ],
      },
      { type: 'code', language: 'diff', text: cut },
    );
  }
  const links: InlineText[][] = [];
  if (context.slackPermalink) links.push([{ text: 'The Slack message this came from', href: context.slackPermalink }]);
  links.push([
    { text: 'Finding ' },
    { text: finding.id, code: true },
    {
      text: ': Rightsize comments here and moves this issue to done when a scan shows it resolved, and reopens it if it comes back.',
    },
  ]);
  text.push({ type: 'heading', text: 'Links' }, { type: 'bullets', items: links });
  return text;
}

function evidenceList(evidence: readonly Evidence[]): RichText[number] {
  const items = evidence.slice(0, MAX_EVIDENCE).map(evidenceItem);
  if (evidence.length > MAX_EVIDENCE) items.push([{ text: `and ${evidence.length - MAX_EVIDENCE} more` }]);
  if (items.length === 0) items.push([{ text: 'none recorded' }]);
  return { type: 'bullets', items };
}

function evidenceItem(e: Evidence): InlineText[] {
  const parts: InlineText[] = [{ text: e.summary }];
  const where = [
    e.policyName && `policy ${e.policyName}`,
    e.statementIndex !== undefined && `statement ${e.statementIndex}${e.sid ? ` (${e.sid})` : ''}`,
    e.viaGroup && `via group ${e.viaGroup}`,
    e.target && `target ${e.target}`,
  ].filter(Boolean);
  if (where.length > 0) parts.push({ text: ` — ${where.join(', ')}` });
  if (e.actions && e.actions.length > 0) {
    const shown = e.actions.slice(0, MAX_ACTIONS).join(', ');
    parts.push({ text: ': ' }, { text: shown, code: true });
    if (e.actions.length > MAX_ACTIONS) parts.push({ text: ` and ${e.actions.length - MAX_ACTIONS} more` });
  }
  return parts;
}
