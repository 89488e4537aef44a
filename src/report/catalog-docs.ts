import { methodCoverage, type PublishedCatalogs } from '../risks/escalation/coverage.js';
import { ESCALATION_METHODS, UNMODELLED_SOURCES } from '../risks/escalation/methods.js';
import type { Rule } from '../risks/types.js';

/** The README's rule table, generated from the rule modules so it cannot drift from them. */
export function renderRuleTable(rules: readonly Rule[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '| id | severity (default) | resources | needs | what it finds | why it matters |',
    '|---|---|---|---|---|---|',
    ...rules.map(
      (r) =>
        `| \`${r.id}\` | ${r.severity} | ${r.resourceTypes.join(', ')} | ${r.needs?.join(', ') ?? '—'} | ${cell(r.title)} | ${cell(r.rationale)} |`,
    ),
  ];
  return lines.join('\n');
}

/** The README's statement of which published escalation catalogs the method table covers. */
export function renderEscalationCoverage(published: PublishedCatalogs): string {
  const c = methodCoverage(published);
  const modelled = ESCALATION_METHODS.filter((m) => m.kind !== 'composite').length;
  const composites = ESCALATION_METHODS.length - modelled;
  const line = (name: string, source: string, x: { covered: number; total: number }) =>
    `| ${name} | ${source} | ${x.covered} / ${x.total} |`;
  return [
    `${ESCALATION_METHODS.length} methods in \`src/risks/escalation/methods.ts\` (${modelled} modelled as graph edges, ${composites} combinations found as multi-hop paths), each with the catalog entries it covers:`,
    '',
    '| catalog | source | covered |',
    '|---|---|---|',
    line('Rhino Security Labs', published.rhino.source, c.rhino),
    line('Cloudsplaining', published.cloudsplaining.source, c.cloudsplaining),
    line('Prowler', published.prowler.source, c.prowler),
    '',
    ...ESCALATION_METHODS.filter((m) => m.retired).map(
      (m) => `Retired: \`${m.id}\` (${m.sources.join(', ')}): ${m.retired}.`,
    ),
    '',
    `Not modelled: ${Object.entries(UNMODELLED_SOURCES)
      .map(([id, why]) => `\`${id}\` (${why})`)
      .join('; ')}.`,
  ].join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(document: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} section`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}
