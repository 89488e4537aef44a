import type { CanAnswer, PathAnswer, PathStep, PrincipalRef, WhoCanAnswer } from '../src/queries/types.js';
import { contextText, OUTCOME_WORDS } from '../src/queries/render-text.js';
import type { Finding } from '../src/risks/types.js';
import type { ServedAccount } from '../src/scans/types.js';
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
import { SEVERITY_EMOJI, viewDetailsButton, type ScanRef } from './finding-line.js';
import { BLOCK_KIT, BlockBudget, code, escapeMrkdwn, MESSAGE_BUDGET, plural, truncate } from './limits.js';
import { accountName } from './scan-summary.js';

/** `/rightsize who-can`, `can` and `path` answers as Block Kit: paged, each principal with View details where it has findings. */

export const ACCESS_MORE_ACTION = 'access.more';
/** Principals (who-can) or actions (can) per message; Show more brings the next page. */
export const ACCESS_PAGE_SIZE = 10;
/** Kept free on each page for the Show more button, notes and limits. */
const FOOTER_RESERVE = { blocks: 8, textChars: 2500 };

/** A query as the Show more button carries it (Slack keeps a button value under 2,000 characters). */
export interface AccessPageRef {
  kind: 'who-can' | 'can';
  accountId: string;
  /** The command's words after the subcommand, as typed. */
  args: string[];
  /** The first row of the page. */
  offset: number;
}

export function encodeAccessPage(ref: AccessPageRef): string | undefined {
  const value = JSON.stringify({ k: ref.kind, a: ref.accountId, w: ref.args, o: ref.offset });
  return value.length <= BLOCK_KIT.buttonValue ? value : undefined;
}

export function decodeAccessPage(value: string | undefined): AccessPageRef | undefined {
  try {
    const { k, a, w, o } = JSON.parse(value ?? '') as Record<string, unknown>;
    if ((k !== 'who-can' && k !== 'can') || typeof a !== 'string' || !Number.isInteger(o) || (o as number) < 0)
      return undefined;
    if (!Array.isArray(w) || !w.every((x) => typeof x === 'string')) return undefined;
    return { kind: k, accountId: a, args: w as string[], offset: o as number };
  } catch {
    return undefined;
  }
}

export interface AccessView<T> {
  account: ServedAccount;
  answer: T;
  /** The latest scan's findings by principal ARN (the most severe first), for View details. */
  findings: ReadonlyMap<string, Finding>;
  scan: ScanRef;
  /** The first row shown: 0, or where the previous page's Show more left off. */
  offset: number;
  /** The Show more button's value for a page from `offset`, if the query fits in one. */
  more: (offset: number) => string | undefined;
  indexBuiltMs?: number;
}

/** The most severe finding about each principal, for its View details button. */
export function findingsByPrincipal(findings: readonly Finding[]): Map<string, Finding> {
  const rank = { critical: 0, high: 1, medium: 2, low: 3 } as const;
  const out = new Map<string, Finding>();
  for (const f of findings) {
    const known = out.get(f.resourceArn);
    if (!known || rank[f.severity] < rank[known.severity]) out.set(f.resourceArn, f);
  }
  return out;
}

const who = (p: PrincipalRef) => `${p.kind} ${code(p.name, 120)}`;

function principalSection(v: AccessView<unknown>, principal: PrincipalRef, text: string): Block {
  const finding = v.findings.get(principal.arn);
  const line = finding ? `${text}\n${SEVERITY_EMOJI[finding.severity]} ${escapeMrkdwn(finding.title, 200)}` : text;
  return section(truncate(line, 2900), finding ? viewDetailsButton(finding, v.scan) : undefined);
}

function footer(v: AccessView<unknown>, limits: readonly string[]): Block[] {
  const notes = [`${escapeMrkdwn(accountName(v.account), 200)}`];
  if (v.indexBuiltMs !== undefined)
    notes.push(`index built in ${Math.round(v.indexBuiltMs)} ms (first query on this scan; later ones reuse it)`);
  const blocks: Block[] = [context(notes.join(' · '))];
  for (const limit of limits) blocks.push(context(`:warning: ${escapeMrkdwn(limit, 600)}`));
  return blocks;
}

function moreButton(value: string | undefined, remaining: number): Block[] {
  if (!value || remaining <= 0) return [];
  const button: ButtonElement = {
    type: 'button',
    text: plain(`Show more (${remaining})`),
    action_id: ACCESS_MORE_ACTION,
    value,
  };
  return [actions(button)];
}

/** Rows from `offset` while they fit the page (and the message budget); the blocks, and where the next page starts. */
function page<T>(
  rows: readonly T[],
  offset: number,
  placed: readonly Block[],
  render: (row: T, previous: T | undefined) => Block[],
): { blocks: Block[]; next: number } {
  const budget = new BlockBudget({
    blocks: MESSAGE_BUDGET.blocks - FOOTER_RESERVE.blocks,
    textChars: MESSAGE_BUDGET.textChars - FOOTER_RESERVE.textChars,
  });
  budget.take(...placed);
  const blocks: Block[] = [];
  let i = offset;
  for (; i < rows.length && i < offset + ACCESS_PAGE_SIZE; i++) {
    const rendered = render(rows[i]!, i > offset ? rows[i - 1] : undefined);
    if (!budget.fits(...rendered) && i > offset) break;
    budget.take(...rendered);
    blocks.push(...rendered);
  }
  return { blocks, next: i };
}

interface Row {
  principal: PrincipalRef;
  text: string;
  heading: string;
}

export function whoCanMessage(v: AccessView<WhoCanAnswer>): MessageView {
  const x = v.answer;
  const rows: Row[] = [
    ...x.direct.map((d) => ({
      principal: d.principal,
      heading: `*Directly* (${x.direct.length})`,
      text: `${who(d.principal)}${d.condition === 'none' ? '' : ' · conditions hold in the given context'}${
        d.onPart ? ` · only on ${d.onPart.map((p) => code(p, 150)).join(', ')}` : ''
      }${x.actionCount > 1 ? ` · ${plural(d.actionCount, 'action')}` : ''}\n${escapeMrkdwn(d.statements[0] ?? '', 400)}`,
    })),
    ...x.conditional.map((c) => ({
      principal: c.principal,
      heading: `*Conditionally* (${x.conditional.length})`,
      text: `${who(c.principal)} · depends on ${c.keys.map((k) => code(k, 100)).join(', ') || 'a policy variable'}\n${escapeMrkdwn(c.statements[0] ?? '', 400)}`,
    })),
    ...x.escalation.map((e) => ({
      principal: e.principal,
      heading: `*Through escalation* (${x.escalation.length})`,
      text: `${who(e.principal)} · becomes ${escapeMrkdwn(e.reaches, 150)} in ${plural(e.steps.length, 'step')}${e.conditional ? ' (when conditions hold)' : ''}\n${stepsText(e.steps, 2)}`,
    })),
  ];
  const title = `Who can ${x.action} on ${x.resource}${contextText(x.context)}`;
  const counts = [
    x.via !== 'escalation' && `${x.direct.length} directly`,
    x.via !== 'escalation' && `${x.conditional.length} conditionally`,
    x.via !== 'direct' && `${x.escalation.length} through escalation`,
  ].filter(Boolean);
  const blocks: Block[] = [
    header(v.offset === 0 ? 'Who can' : `Who can · from ${v.offset + 1}`),
    section(
      `${code(x.action, 200)} on ${code(x.resource, 600)}${escapeMrkdwn(contextText(x.context), 600)}${x.actionCount > 1 ? ` (${plural(x.actionCount, 'action')})` : ''}\n${counts.join(' · ')} of ${plural(x.principals, 'principal')}`,
    ),
  ];
  const shown = page(rows, v.offset, blocks, (row, previous) => [
    ...(row.heading !== previous?.heading ? [section(row.heading)] : []),
    principalSection(v, row.principal, row.text),
  ]);
  blocks.push(...shown.blocks);
  if (rows.length === 0) blocks.push(section('No principal in this account can.'));
  if (x.conditional.length > 0 && Object.keys(x.context).length === 0 && v.offset === 0)
    blocks.push(
      context('Add `--context key=value` (e.g. `aws:MultiFactorAuthPresent=true`) to decide the conditional ones.'),
    );
  blocks.push(...moreButton(v.more(shown.next), rows.length - shown.next));
  blocks.push(...footer(v, v.offset === 0 ? x.limits : []));
  return { text: truncate(`${title}: ${counts.join(', ')}`, 3000), blocks };
}

const VERDICT: Record<CanAnswer['verdict'], string> = {
  allowed: ':large_green_circle: *Allowed*',
  'partly allowed': ':large_yellow_circle: *Partly allowed*',
  conditional: ':large_yellow_circle: *Conditional*',
  denied: ':red_circle: *Denied*',
};

export function canMessage(v: AccessView<CanAnswer>): MessageView {
  const x = v.answer;
  const blocks: Block[] = [header(v.offset === 0 ? 'Can' : `Can · from action ${v.offset + 1}`)];
  blocks.push(
    principalSection(
      v,
      x.principal,
      `${who(x.principal)} → ${code(x.action, 200)} on ${code(x.resource, 600)}${escapeMrkdwn(contextText(x.context), 600)}: ${VERDICT[x.verdict]}${
        x.counts.actions > 1
          ? `\n${plural(x.counts.actions, 'action')}: ${x.counts.allowed} allowed, ${x.counts.conditional} conditional, ${x.counts.denied} denied`
          : ''
      }`,
    ),
  );
  const shown = page(x.decisions, v.offset, blocks, (d) => {
    const title = x.counts.actions > 1 ? `${code(d.action, 150)}: ${OUTCOME_WORDS[d.outcome]}\n` : '';
    return [section(truncate(`${title}${d.because.map((b) => `• ${escapeMrkdwn(b, 700)}`).join('\n')}`, 2900))];
  });
  blocks.push(...shown.blocks);
  if (v.offset === 0 && x.partial.length > 0)
    blocks.push(
      section(
        truncate(
          x.partial
            .slice(0, 8)
            .map(
              (p) =>
                `• ${p.effect === 'Allow' ? 'allowed' : 'denied'} on part of it: ${code(p.action, 100)} on ${code(p.resource, 300)} by ${escapeMrkdwn(p.statement.text, 500)}`,
            )
            .join('\n'),
          2900,
        ),
      ),
    );
  blocks.push(...moreButton(v.more(shown.next), x.decisions.length - shown.next));
  blocks.push(...footer(v, v.offset === 0 ? x.limits : []));
  return {
    text: truncate(`${x.principal.kind} ${x.principal.name} → ${x.action} on ${x.resource}: ${x.verdict}`, 3000),
    blocks,
  };
}

export function pathMessage(v: Omit<AccessView<PathAnswer>, 'offset' | 'more'>): MessageView {
  const x = v.answer;
  const to = x.to === 'administrator' ? 'administrator' : who(x.to);
  const outcome = x.outcome === 'path' ? plural(x.steps.length, 'step') : x.outcome;
  const blocks: Block[] = [
    header('Path'),
    principalSection({ ...v, offset: 0, more: () => undefined }, x.from, `${who(x.from)} → ${to}: *${outcome}*`),
  ];
  // At most 6 steps (the graph's search depth): each kept short enough for all of them and the explanation.
  x.steps.forEach((s, i) => blocks.push(section(truncate(stepText(s, i), 1100))));
  blocks.push(section(truncate(x.explanation.map((e) => escapeMrkdwn(e, 700)).join('\n'), 1500)));
  blocks.push(...footer({ ...v, offset: 0, more: () => undefined }, []));
  return {
    text: truncate(
      `${x.from.kind} ${x.from.name} → ${x.to === 'administrator' ? 'administrator' : `${x.to.kind} ${x.to.name}`}: ${outcome}`,
      3000,
    ),
    blocks,
  };
}

function stepText(s: PathStep, i: number): string {
  const flags = `${s.conditional ? ' _(only when conditions hold)_' : ''}${s.assumption ? ` _(assumes ${escapeMrkdwn(s.assumption, 200)})_` : ''}`;
  const lines = [
    `*Step ${i + 1}*: ${escapeMrkdwn(s.from, 150)} → ${escapeMrkdwn(s.to, 150)}: ${escapeMrkdwn(s.title, 400)}${flags}`,
  ];
  for (const a of s.actions)
    lines.push(
      `• ${code(a.action, 100)}${a.resource ? ` on ${code(a.resource, 300)}` : ''}${a.statement ? `: ${escapeMrkdwn(a.statement.replace(`${a.action}: `, ''), 500)}` : ''}`,
    );
  return lines.join('\n');
}

function stepsText(steps: readonly PathStep[], max: number): string {
  const shown = steps
    .slice(0, max)
    .map((s, i) => `${i + 1}. ${escapeMrkdwn(s.title, 250)} (${s.actions.map((a) => code(a.action, 80)).join(', ')})`);
  return truncate(shown.join('\n') + (steps.length > max ? `\n… ${steps.length - max} more steps` : ''), 600);
}
