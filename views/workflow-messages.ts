import type { WorkflowRunRecord } from '../src/store/types.js';
import type {
  FindingEventNotice,
  FixAppliedNotice,
  ScanEventNotice,
  WorkflowNotice,
} from '../src/workflows/notices.js';
import {
  actions,
  context,
  header,
  plain,
  section,
  type Block,
  type ButtonElement,
  type MessageView,
} from './blocks.js';
import { findingLine, findingSection } from './finding-line.js';
import { BlockBudget, MESSAGE_BUDGET, code, escapeMrkdwn, plural, truncate } from './limits.js';
import { slackDate } from './scan-summary.js';

export const WORKFLOW_ACTION_IDS = { rollbackFix: 'workflow.fix.rollback' } as const;

/** What a workflow says in Slack, as a message. */
export function workflowNoticeMessage(notice: WorkflowNotice): MessageView {
  switch (notice.kind) {
    case 'finding-event':
      return findingEventMessage(notice);
    case 'scan-event':
      return scanEventMessage(notice);
    case 'fix-applied':
      return fixAppliedMessage(notice);
  }
}

const EVENT_WORDS: Record<string, string> = {
  'finding.new': 'New finding',
  'finding.reopened': 'Finding reopened',
  'finding.resolved': 'Finding resolved',
  'finding.age': 'Finding still open',
};

/** A workflow's post about one finding, with the button to its details. */
export function findingEventMessage(input: Omit<FindingEventNotice, 'kind'>): MessageView {
  const { finding } = input;
  const what = EVENT_WORDS[input.event] ?? input.event;
  const age = input.ageDays === undefined ? '' : ` for ${plural(input.ageDays, 'day')}`;
  const lead = `*${what}${age}*${input.mention ? ` · ${input.mention}` : ''}`;
  const blocks: Block[] = [
    section(lead),
    input.event === 'finding.resolved'
      ? section(findingLine(finding))
      : findingSection(finding, { accountId: finding.accountId, scannedAt: finding.lastSeen }),
    context(
      truncate(
        `account ${escapeMrkdwn(finding.accountId)} · finding ${code(finding.id, 120)} · workflow ${code(input.workflow, 80)}`,
        1000,
      ),
    ),
  ];
  return { text: truncate(`${what}${age}: ${finding.title}`, 3000), blocks };
}

/** A workflow's post about a scan: which findings matched (a team digest), or why the scan failed. */
export function scanEventMessage(input: Omit<ScanEventNotice, 'kind'>): MessageView {
  const account = escapeMrkdwn(input.accountLabel, 200);
  if (input.error !== undefined) {
    const text = `Scan of ${input.accountLabel} failed`;
    return {
      text,
      blocks: [
        section(`:warning: *Scan of ${account} failed*\n${escapeMrkdwn(input.error, 2000)}`),
        context(`workflow ${code(input.workflow, 80)}`),
      ],
    };
  }
  const changed = input.findings.filter((f) => input.changedIds.has(f.id)).length;
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const blocks: Block[] = [
    header(truncate(`Rightsize: ${input.accountLabel}`, 150)),
    section(
      `${plural(input.findings.length, 'open finding')}${changed > 0 ? ` (${changed} new or reopened)` : ''}${input.scanFinishedAt ? ` · scan ${slackDate(input.scanFinishedAt)}` : ''}`,
    ),
  ];
  budget.take(...blocks, context('x'.repeat(200)));
  let shown = 0;
  for (const f of input.findings) {
    const line = findingSection(
      f,
      { accountId: f.accountId, scannedAt: f.lastSeen },
      input.changedIds.has(f.id) ? { mark: 'new' } : {},
    );
    if (!budget.fits(line)) break;
    budget.take(line);
    blocks.push(line);
    shown++;
  }
  const more = input.findings.length - shown;
  blocks.push(
    context(`${more > 0 ? `and ${plural(more, 'more finding')} · ` : ''}workflow ${code(input.workflow, 80)}`),
  );
  return { text: `Rightsize: ${input.accountLabel}: ${plural(input.findings.length, 'open finding')}`, blocks };
}

export function rollbackButton(fixId: string): ButtonElement {
  return {
    type: 'button',
    text: plain('Rollback'),
    action_id: WORKFLOW_ACTION_IDS.rollbackFix,
    value: truncate(fixId, 2000),
    style: 'danger',
  };
}

/** What an automatic fix changed, said to a person, with the way back. */
export function fixAppliedMessage(input: Omit<FixAppliedNotice, 'kind'>): MessageView {
  const blocks: Block[] = [
    section(
      `:wrench: *Rightsize applied a fix automatically*${input.mention ? ` · ${input.mention}` : ''}\n${escapeMrkdwn(input.summary, 1500)}`,
    ),
    section(findingLine(input.finding)),
    actions(rollbackButton(input.fixId)),
    context(
      truncate(
        `workflow ${code(input.workflow, 80)} · fix ${code(input.fixId, 120)} · allow-listed in workflowSettings.automaticFixes · Rollback restores the previous state`,
        1000,
      ),
    ),
  ];
  return { text: truncate(`Rightsize applied a fix: ${input.summary}`, 3000), blocks };
}

const STATUS_EMOJI: Record<WorkflowRunRecord['status'], string> = {
  running: ':hourglass_flowing_sand:',
  ok: ':white_check_mark:',
  partial: ':warning:',
  failed: ':x:',
  interrupted: ':double_vertical_bar:',
  'rate-limited': ':no_entry:',
};

/** `/rightsize workflows`: the configured workflows and their latest runs, newest first, failures spelled out. */
export function workflowRunsMessage(input: {
  workflows: readonly { name: string; when: string; enabled: boolean }[];
  runs: readonly WorkflowRunRecord[];
}): MessageView {
  const budget = new BlockBudget(MESSAGE_BUDGET);
  const names = input.workflows.map(
    (w) => `${code(w.name, 80)} (${escapeMrkdwn(w.when)}${w.enabled ? '' : ', disabled'})`,
  );
  const blocks: Block[] = [
    header('Rightsize workflows'),
    section(names.length > 0 ? truncate(names.join(' · '), 2500) : 'No workflows are configured.'),
  ];
  budget.take(...blocks, context('x'.repeat(200)));
  if (input.runs.length === 0) blocks.push(section('No runs yet.'));
  let shown = 0;
  for (const run of input.runs) {
    const block = section(runText(run));
    if (!budget.fits(block)) break;
    budget.take(block);
    blocks.push(block);
    shown++;
  }
  const failures = input.runs.filter((r) => r.status === 'failed' || r.status === 'partial').length;
  blocks.push(
    context(
      `${shown < input.runs.length ? `and ${plural(input.runs.length - shown, 'older run')} · ` : ''}${plural(failures, 'run')} with failures · \`rightsize workflows runs\` lists them all`,
    ),
  );
  return { text: `Rightsize workflows: ${plural(input.runs.length, 'recent run')}`, blocks };
}

function runText(run: WorkflowRunRecord): string {
  const head = `${STATUS_EMOJI[run.status]} ${code(run.workflow, 80)} · ${escapeMrkdwn(run.trigger)} · ${escapeMrkdwn(run.subjectLabel, 200)} · ${slackDate(run.startedAt)}`;
  const steps = run.steps.map(
    (s) =>
      `${s.status === 'ok' ? '✓' : s.status === 'failed' ? '✗' : '–'} ${escapeMrkdwn(s.action)}: ${escapeMrkdwn(s.detail, 300)}`,
  );
  return truncate([head, ...steps].join('\n'), 2800);
}
