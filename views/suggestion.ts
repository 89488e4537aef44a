import type { Suggestion } from '../src/downsize/types.js';
import { renderSuggestionSummary } from '../src/report/suggestion-report.js';
import type { ServedAccount } from '../src/scans/types.js';
import { context, header, plain, section, type Block, type MessageView, type ModalView } from './blocks.js';
import { BLOCK_KIT, code, escapeMrkdwn, plural, truncate } from './limits.js';
import { accountName } from './scan-summary.js';

export interface SuggestionInput {
  suggestion: Suggestion;
  /** The unified diff of today's policies against the suggested ones; empty when nothing changes. */
  diff: string;
  account: ServedAccount;
  /** Set when the diff was too long for a message and went out as a file: where to find it. */
  fileNote?: string;
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
  // The CLI's summary, less its first line (the principal, which the header names).
  const summary = renderSuggestionSummary(s)
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
  const blocks: Block[] = [
    header(truncate(`Suggested policy · ${s.principal.kind}/${s.principal.name}`, BLOCK_KIT.headerText)),
    section(`${code(s.principal.arn, 600)} in ${escapeMrkdwn(accountName(input.account), 250)}`),
    section(escapeMrkdwn(truncate(summary.join('\n'), 2600), 2900)),
  ];
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
