import type { CanAnswer, PathAnswer, PathStep, QueryContext, WhoCanAnswer } from './types.js';

/** Access answers as the CLI prints them. Pure. */

export function contextText(context: QueryContext): string {
  const pairs = Object.entries(context).flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`));
  return pairs.length > 0 ? ` with ${pairs.join(', ')}` : '';
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function actionsText(actions: readonly string[], count: number): string {
  return count > actions.length ? `${actions.join(', ')} … (${count} actions)` : actions.join(', ');
}

export function renderWhoCanText(x: WhoCanAnswer): string {
  const lines: string[] = [];
  const what = `${x.action}${x.actionCount > 1 ? ` (${x.actionCount} actions)` : ''} on ${x.resource}${contextText(x.context)}`;
  lines.push(`Who can ${what}: ${x.principals} principals checked`);
  if (x.via !== 'escalation') {
    lines.push('', `  Directly (${x.direct.length})`);
    for (const d of x.direct) {
      const cond = d.condition === 'none' ? '' : ' [conditions hold in the given context]';
      const part = d.onPart ? ` [only part of it: ${d.onPart.join(', ')}]` : '';
      lines.push(`    ${d.principal.kind} ${d.principal.name}${cond}${part}`);
      if (x.actionCount > 1) lines.push(`      ${actionsText(d.actions, d.actionCount)}`);
      for (const s of d.statements) lines.push(`      ${s}`);
    }
    lines.push('', `  Conditionally (${x.conditional.length})`);
    for (const c of x.conditional) {
      lines.push(`    ${c.principal.kind} ${c.principal.name}: depends on ${c.keys.join(', ') || 'a policy variable'}`);
      if (x.actionCount > 1) lines.push(`      ${actionsText(c.actions, c.actionCount)}`);
      for (const s of c.statements) lines.push(`      ${s}`);
    }
  }
  if (x.via !== 'direct') {
    lines.push('', `  Through escalation (${x.escalation.length})`);
    for (const e of x.escalation) {
      lines.push(
        `    ${e.principal.kind} ${e.principal.name}: becomes ${e.reaches} in ${plural(e.steps.length, 'step')}${e.conditional ? ' (when conditions hold)' : ''}`,
      );
      lines.push(...stepLines(e.steps, '      '));
    }
  }
  if (x.conditional.length > 0 && Object.keys(x.context).length === 0 && x.via !== 'escalation')
    lines.push('', '  Give --context key=value (e.g. aws:MultiFactorAuthPresent=true) to decide the conditional ones.');
  for (const limit of x.limits) lines.push('', `  Note: ${limit}`);
  return lines.join('\n');
}

const VERDICT_WORDS: Record<CanAnswer['verdict'], string> = {
  allowed: 'ALLOWED',
  'partly allowed': 'PARTLY ALLOWED',
  conditional: 'CONDITIONAL',
  denied: 'DENIED',
};

/** Each action's outcome in words, for the CLI and Slack alike. */
export const OUTCOME_WORDS = {
  allow: 'allowed',
  'explicit-deny': 'denied (explicit Deny)',
  'implicit-deny': 'denied (no Allow)',
  conditional: 'conditional',
} as const;

export function renderCanText(x: CanAnswer): string {
  const lines: string[] = [];
  lines.push(
    `${x.principal.kind} ${x.principal.name} → ${x.action} on ${x.resource}${contextText(x.context)}: ${VERDICT_WORDS[x.verdict]}`,
  );
  if (x.counts.actions > 1)
    lines.push(
      `  ${x.counts.actions} actions: ${x.counts.allowed} allowed, ${x.counts.conditional} conditional, ${x.counts.denied} denied`,
    );
  for (const d of x.decisions) {
    const indent = x.counts.actions > 1 ? '    ' : '  ';
    if (x.counts.actions > 1) lines.push(`  ${d.action}: ${OUTCOME_WORDS[d.outcome]}`);
    for (const b of d.because) lines.push(`${indent}${b}`);
  }
  if (x.decisions.length < x.counts.actions)
    lines.push(`  … ${x.counts.actions - x.decisions.length} more actions (use --format json for all)`);
  for (const p of x.partial)
    lines.push(
      `  ${p.effect === 'Allow' ? 'allowed on part of it' : 'denied on part of it'}: ${p.action} on ${p.resource} by ${p.statement.text}`,
    );
  for (const limit of x.limits) lines.push(`  Note: ${limit}`);
  return lines.join('\n');
}

export function renderPathText(x: PathAnswer): string {
  const to = x.to === 'administrator' ? 'administrator' : `${x.to.kind} ${x.to.name}`;
  const lines = [
    `${x.from.kind} ${x.from.name} → ${to}: ${x.outcome === 'path' ? plural(x.steps.length, 'step') : x.outcome}`,
  ];
  lines.push(...stepLines(x.steps, '  '));
  for (const e of x.explanation) lines.push(`  ${e}`);
  return lines.join('\n');
}

export function stepLines(steps: readonly PathStep[], indent: string): string[] {
  const lines: string[] = [];
  steps.forEach((s, i) => {
    const flags = `${s.conditional ? ' [only when conditions hold]' : ''}${s.assumption ? ` [assumes ${s.assumption}]` : ''}`;
    lines.push(`${indent}step ${i + 1}: ${s.from} → ${s.to}: ${s.title}${flags}`);
    for (const a of s.actions)
      lines.push(
        `${indent}  ${a.action}${a.resource ? ` on ${a.resource}` : ''}${a.statement ? `: ${a.statement.replace(`${a.action}: `, '')}` : ''}`,
      );
  });
  return lines;
}
