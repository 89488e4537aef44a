import type { StillOpen, SuggestionEffect } from '../downsize/suggestion-effect.js';
import type { Suggestion } from '../downsize/types.js';
import type { Finding } from '../risks/types.js';
import type { Verification } from '../downsize/verify.js';
import { plural } from '../text/plural.js';
import { describeWindow } from './insights-report.js';

const list = (items: readonly string[], max = 12) =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} … (+${items.length - max})`;

/** The summary that goes above the diff: what changes, what is lost, how sure it is. */
export function renderSuggestionSummary(s: Suggestion, verification?: Verification): string {
  const lines: string[] = [];
  lines.push(`${s.principal.kind} ${s.principal.name}  (${s.principal.arn})`);
  lines.push(`  suggestion: ${s.verdict} — ${s.explanation}`);
  lines.push(`  usage window: ${describeWindow(s.window)}; confidence: ${s.confidence}`);
  if (s.current.length > 0 && s.verdict !== 'insufficient-data')
    lines.push(`  replaces: ${list(s.current.map((p) => `${p.kind} ${p.name}`))}`);
  for (const p of s.policies) lines.push(`  suggested managed policy ${p.name}: ${p.size} of 6144 characters`);
  if (s.kept.serviceWildcards.length > 0)
    lines.push(
      `  written as service wildcards (nearly all used, no high-risk action added): ${list(s.kept.serviceWildcards)}`,
    );
  if (s.kept.scopedActions.length > 0) lines.push(`  scoped to the resources used: ${list(s.kept.scopedActions)}`);
  if (s.kept.denyStatements > 0) lines.push(`  kept: ${plural(s.kept.denyStatements, 'Deny statement')}`);
  if (s.kept.conditionalStatements > 0)
    lines.push(`  kept: the conditions of ${plural(s.kept.conditionalStatements, 'statement')}`);
  if (s.unchanged.boundary) lines.push(`  permissions boundary ${s.unchanged.boundary} stays`);
  if (s.unchanged.groupPolicies.length > 0)
    lines.push(
      `  unchanged (through groups): ${list(s.unchanged.groupPolicies.map((p) => `${p.name} (group ${p.group})`))}`,
    );
  if (s.removed.actions > 0) {
    lines.push(
      `  removed: ${plural(s.removed.actions, 'action')}${s.removed.services.length > 0 ? `; services entirely: ${list(s.removed.services)}` : ''}`,
    );
    const partly = s.removed.byService.filter((c) => c.keptActions > 0);
    if (partly.length > 0)
      lines.push(
        `  partly removed: ${list(partly.map((c) => `${c.service} (−${c.removedActions}, ${c.keptActions} kept)`))}`,
      );
    if (s.removed.highRisk.length > 0)
      lines.push(
        `  high-risk actions removed (${s.removed.highRisk.length}): ${list(s.removed.highRisk.map((r) => r.action))}`,
      );
  }
  if (s.fromGroups)
    lines.push(
      `  ${plural(s.fromGroups.unusedActions, 'unused action')} ${s.fromGroups.unusedActions === 1 ? 'comes' : 'come'} through ${s.fromGroups.groups.length === 1 ? 'group' : 'groups'} ${s.fromGroups.groups.join(', ')}: run \`rightsize suggest group/<name>\` for them`,
    );
  if (s.usedNotAllowedToday.length > 0)
    lines.push(`  used but not allowed by today's policies (not added): ${list(s.usedNotAllowedToday)}`);
  for (const n of s.notes) lines.push(`  note: ${n.message}`);
  if (verification)
    lines.push(
      verification.ok
        ? `  verification: ${verification.checked === 1 ? 'the 1 used action stays' : `all ${plural(verification.checked, 'used action')} stay`} allowed under the suggestion`
        : `  verification FAILED: ${plural(verification.failures.length, 'used action')} would be denied: ${list(verification.failures.map((f) => `${f.action} on ${f.resource}`))}`,
    );
  return lines.join('\n');
}

/** Which of the principal's open findings the suggestion resolves and which stay, each with what keeps it open. */
export function renderSuggestionEffect(s: Suggestion, effect: SuggestionEffect): string {
  const all = effect.resolved.length + effect.remaining.length;
  if (all === 0) return `  findings: ${s.principal.kind} ${s.principal.name} has no open findings`;
  const line = (f: Finding) => `[${f.severity}] ${f.ruleId} — ${f.title}`;
  const lines = [
    `  findings: resolves ${effect.resolved.length} of ${plural(all, 'open finding')} (their rules run again with the suggested policy in place)`,
    ...effect.resolved.map((f) => `    resolved: ${line(f)}`),
    ...effect.remaining.flatMap((o) => [
      `    still open: ${line(o.finding)}`,
      ...o.why.map((r) => `      why: ${r.summary}`),
    ]),
  ];
  return lines.join('\n');
}

/** The same for `suggest --format json`: each finding by id, rule, severity and title; what stays with its reasons. */
export function suggestionEffectJson(effect: SuggestionEffect) {
  const brief = (f: Finding) => ({ id: f.id, ruleId: f.ruleId, severity: f.severity, title: f.title });
  return {
    resolved: effect.resolved.map(brief),
    remaining: effect.remaining.map((o: StillOpen) => ({ ...brief(o.finding), why: o.why })),
  };
}
