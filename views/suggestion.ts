import type { KeepReason, StillOpen, SuggestionEffect } from '../src/downsize/suggestion-effect.js';
import type { Suggestion } from '../src/downsize/types.js';
import { describeWindow } from '../src/report/insights-report.js';
import { renderSuggestionSummary } from '../src/report/suggestion-report.js';
import type { ServedAccount } from '../src/scans/types.js';
import { context, header, plain, section, type Block, type MessageView, type ModalView } from './blocks.js';
import { findingLine, type FindingLike } from './finding-line.js';
import { BLOCK_KIT, code, escapeMrkdwn, plural, truncate } from './limits.js';
import { count } from './numbers.js';
import { accountName } from './scan-summary.js';

export interface SuggestionInput {
  suggestion: Suggestion;
  /** The unified diff of today's policies against the suggested ones; empty when nothing changes. */
  diff: string;
  account: ServedAccount;
  /** Set when the diff was too long for a message and went out as a file: where to find it. */
  fileNote?: string;
  /** Which of the principal's open findings it would resolve, and which remain. */
  effect?: SuggestionEffect;
}

/** Above this (escaped) length a diff goes out as a file: a message holds about 12,000 characters in all. */
export const DIFF_INLINE_MAX = 5_000;
const DIFF_SECTION_MAX = BLOCK_KIT.sectionText - 100;

/** Whether the diff fits in the message or modal, or has to be uploaded as a file. */
export function diffFitsInline(diff: string): boolean {
  return escapeMrkdwn(diff).length <= DIFF_INLINE_MAX;
}

export function suggestionBlocks(input: SuggestionInput): Block[] {
  const s = input.suggestion;
  const blocks: Block[] = [
    header(truncate(`Suggested policy · ${s.principal.kind}/${s.principal.name}`, BLOCK_KIT.headerText)),
    section(`${code(s.principal.arn, 600)} in ${escapeMrkdwn(accountName(input.account), 250)}`),
    section(truncate(verdictText(s), 2900)),
  ];
  const kept = keptText(s);
  if (kept) blocks.push(section(truncate(kept, 2900)));
  const removed = removedText(s);
  if (removed) blocks.push(section(truncate(removed, 2900)));
  if (input.effect) blocks.push(section(truncate(effectText(s, input.effect), 2900)));
  blocks.push(
    context(
      truncate(
        `Usage: ${escapeMrkdwn(describeWindow(s.window), 200)} · confidence ${s.confidence}${s.notes.length > 0 ? ` · ${escapeMrkdwn(s.notes.map((n) => n.message).join(' · '), 1200)}` : ''}`,
        1900,
      ),
    ),
  );
  if (!input.diff) blocks.push(section('No policy change: nothing to show as a diff.'));
  else if (input.fileNote) blocks.push(section(escapeMrkdwn(input.fileNote, 1000)));
  else blocks.push(...diffSections(input.diff));
  blocks.push(
    context(
      `Nothing changes in AWS: this is a suggestion. \`rightsize suggest ${escapeMrkdwn(`${s.principal.kind}/${s.principal.name}`, 200)} --verify\` checks every used action stays allowed.`,
    ),
  );
  return blocks;
}

const VERDICTS: Record<Suggestion['verdict'], string> = {
  downsize: 'Downsize',
  unchanged: 'No change',
  remove: 'Remove',
  'insufficient-data': 'Not enough usage data',
};

/** At most `max` items as code spans, then how many more. */
function codes(items: readonly string[], max = 8): string {
  const shown = items.slice(0, max).map((i) => code(i, 120));
  return items.length > max ? `${shown.join(', ')} and ${count(items.length - max)} more` : shown.join(', ');
}

function verdictText(s: Suggestion): string {
  const total = s.kept.actions + s.removed.actions;
  const what =
    s.verdict === 'downsize'
      ? `keeps ${count(s.kept.actions)} of ${plural(total, 'allowed action')} in ${plural(s.kept.services.length, 'service')} and removes ${count(s.removed.actions)}; every action used in the window stays allowed.`
      : escapeMrkdwn(s.explanation, 1500);
  const replaces =
    s.current.length > 0 && s.verdict !== 'insufficient-data'
      ? `\nReplaces ${codes(s.current.map((p) => `${p.kind} ${p.name}`))} with ${codes(s.policies.map((p) => p.name))}.`
      : '';
  return `*${VERDICTS[s.verdict]}*: ${what}${replaces}`;
}

function keptText(s: Suggestion): string | undefined {
  if (s.verdict === 'insufficient-data') return undefined;
  const lines: string[] = [];
  if (s.kept.scopedActions.length > 0)
    lines.push(`• scoped to the resources they were used on: ${codes(s.kept.scopedActions)}`);
  if (s.kept.serviceWildcards.length > 0)
    lines.push(
      `• written as whole services (nearly all used, no high-risk action added): ${codes(s.kept.serviceWildcards)}`,
    );
  if (s.kept.denyStatements > 0) lines.push(`• ${plural(s.kept.denyStatements, 'Deny statement')}, as they are`);
  if (s.kept.conditionalStatements > 0)
    lines.push(`• the conditions of ${plural(s.kept.conditionalStatements, 'statement')}`);
  if (s.unchanged.groupPolicies.length > 0)
    lines.push(
      `• through groups, unchanged: ${codes(s.unchanged.groupPolicies.map((p) => `${p.name} (group ${p.group})`))}`,
    );
  if (s.unchanged.boundary) lines.push(`• the permissions boundary ${code(s.unchanged.boundary, 300)}`);
  return lines.length > 0 ? `*Kept*\n${lines.join('\n')}` : undefined;
}

function removedText(s: Suggestion): string | undefined {
  if (s.removed.actions === 0) return undefined;
  const lines: string[] = [];
  if (s.removed.services.length > 0) lines.push(`• whole services: ${codes(s.removed.services)}`);
  const partly = s.removed.byService.filter((c) => c.keptActions > 0);
  if (partly.length > 0)
    lines.push(
      `• part of ${partly
        .slice(0, 8)
        .map((c) => `${code(c.service, 60)} (${count(c.removedActions)} removed, ${count(c.keptActions)} kept)`)
        .join(', ')}${partly.length > 8 ? ` and ${count(partly.length - 8)} more` : ''}`,
    );
  if (s.removed.highRisk.length > 0)
    lines.push(`• high-risk, unused: ${codes(s.removed.highRisk.map((h) => h.action))}`);
  if (s.fromGroups && s.fromGroups.unusedActions > 0)
    lines.push(
      `• not here: ${plural(s.fromGroups.unusedActions, 'unused action')} through ${codes(s.fromGroups.groups.map((g) => `group/${g}`))}, downsized with the group`,
    );
  return `*Removed*: ${plural(s.removed.actions, 'action')}\n${lines.join('\n')}`;
}

const EFFECT_SHOWN = 8;

/** Which of the principal's open findings the suggestion resolves (its rules run again), and which stay. */
function effectText(s: Suggestion, effect: SuggestionEffect): string {
  const { resolved, remaining } = effect;
  const all = resolved.length + remaining.length;
  if (all === 0) return `*What it resolves*: ${s.principal.kind} ${code(s.principal.name, 200)} has no open findings.`;
  const lines = <T>(items: readonly T[], line: (item: T) => string) => {
    const shown = items.slice(0, EFFECT_SHOWN).map(line);
    if (items.length > EFFECT_SHOWN) shown.push(`• and ${plural(items.length - EFFECT_SHOWN, 'more finding')}`);
    return shown.join('\n');
  };
  const finding = (f: FindingLike) => `• ${findingLine(f, { showRule: true })}`;
  const stillOpen = (o: StillOpen) => `${finding(o.finding)}\n      ↳ ${whyText(o.why)}`;
  const parts = [
    `*What it resolves*: ${count(resolved.length)} of ${plural(all, 'open finding')} on this ${s.principal.kind} (their rules run again with the suggested policy in place)`,
  ];
  if (resolved.length > 0) parts.push(`Resolved:\n${lines(resolved, finding)}`);
  if (remaining.length > 0) parts.push(`Still open:\n${lines(remaining, stillOpen)}`);
  return parts.join('\n');
}

const WHY_SHOWN = 3;

/** What keeps a finding open, in a line: the first few reasons, then how many more. */
function whyText(why: readonly KeepReason[]): string {
  const shown = why.slice(0, WHY_SHOWN).map((r) => escapeMrkdwn(r.summary, 200));
  if (why.length > WHY_SHOWN) shown.push(`and ${count(why.length - WHY_SHOWN)} more`);
  return shown.join('; ');
}

/** The diff as code blocks, cut at line ends so each section stays within Slack's 3,000 characters. */
function diffSections(diff: string): Block[] {
  const blocks: Block[] = [];
  let chunk: string[] = [];
  let length = 0;
  const flush = () => {
    if (chunk.length > 0) blocks.push(section(`\`\`\`${chunk.join('\n')}\`\`\``));
    chunk = [];
    length = 0;
  };
  for (const raw of diff.replace(/\n$/, '').split('\n')) {
    const line = escapeMrkdwn(raw.replace(/```/g, "'''"), DIFF_SECTION_MAX - 10);
    if (length + line.length + 1 > DIFF_SECTION_MAX - 10) flush();
    chunk.push(line);
    length += line.length + 1;
  }
  flush();
  return blocks;
}

/** The file a long diff goes out as: the summary, then the diff. */
export function suggestionFile(s: Suggestion, diff: string) {
  return {
    filename: `rightsize-suggest-${s.principal.kind}-${s.principal.name}.diff`.replace(/[^\w.+=@-]/g, '_'),
    title: `Suggested policy for ${s.principal.kind}/${s.principal.name}`,
    content: `${renderSuggestionSummary(s)}\n\n${diff}`,
    comment: `The suggested least-privilege policy for ${s.principal.kind}/${s.principal.name}: a ${plural(diff.split('\n').length, 'line')} diff against today's policies.`,
  };
}

export function suggestionMessage(input: SuggestionInput): MessageView {
  const s = input.suggestion;
  return {
    text: `Suggested policy for ${s.principal.kind}/${s.principal.name}: ${s.verdict}`,
    blocks: suggestionBlocks(input),
  };
}

export function suggestionModal(input: SuggestionInput): ModalView {
  return { type: 'modal', title: plain('Suggested policy'), close: plain('Close'), blocks: suggestionBlocks(input) };
}
