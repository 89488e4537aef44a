import type { Finding, ScanResult } from '../risks/types.js';
import { describeUnknownAction } from '../risks/unknown-actions.js';
import { countBySeverity, groupFindings, type FindingFilter, filterFindings, type GroupBy } from './group.js';

export type ReportFormat = 'text' | 'json' | 'markdown';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown'];

export interface ReportOptions {
  format: ReportFormat;
  groupBy: GroupBy;
  filter: FindingFilter;
  ruleTitles: ReadonlyMap<string, string>;
  /** When the scan was recorded in a state file: what changed since the last one. */
  lifecycle?: ScanLifecycle;
}

/** What a recorded scan changed; muted findings are left out of the report's list. */
export interface ScanLifecycle {
  stateFile: string;
  scanId: string;
  baseline: boolean;
  new: string[];
  reopened: string[];
  resolved: { id: string; severity: string; title: string }[];
  muted: string[];
  /** Open before, not re-checked by this scan (gaps, rules that did not run): kept open. */
  unverified: number;
}

/** Renders a scan for the terminal, for machines (JSON) or for a pull request / wiki (Markdown). */
export function renderScanReport(result: ScanResult, options: ReportOptions): string {
  return [...scanReportPieces(result, options)].join('');
}

/**
 * The same report in pieces of about 16 KiB, to be written one after another: the JSON of a 50,000-principal
 * account (~170,000 findings with their evidence) is longer than the longest string Node can build.
 */
export function* scanReportPieces(result: ScanResult, options: ReportOptions): Generator<string> {
  const muted = new Set(options.lifecycle?.muted);
  const findings = filterFindings(result.findings, options.filter).filter((f) => !muted.has(f.id));
  if (options.format === 'json') yield* jsonReportPieces(result, findings, options.lifecycle);
  else yield* linePieces(textReportLines(result, findings, options));
}

/**
 * Exactly `lines.join('\n').trimEnd()`, in pieces of about PIECE_CHARS that each end a line, but the last: a
 * scan's text at 10k principals is ~15 MB, one large string to build and encode otherwise.
 */
function* linePieces(lines: readonly string[]): Generator<string> {
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trimEnd() === '') last--;
  let piece = '';
  for (let i = 0; i < last; i++) {
    piece += `${lines[i]}\n`;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield last >= 0 ? `${piece}${lines[last]!.trimEnd()}` : piece;
}

/**
 * Small enough that a piece, even of two-byte characters (`…`, `→`), is a young-generation string: pieces of a
 * mebibyte each took fresh large-object memory and made writing the report three times slower (1k principals:
 * 230 ms → 75 ms of CPU to build and encode 19 MB). A pipe takes 64 KiB at a time anyway.
 */
const PIECE_CHARS = 1 << 14;
/** A finding as the second level of nested arrays, `[[finding]]`, is indented as the report's findings are. */
const NESTED_OPEN = '[\n  [\n';
const NESTED_CLOSE = '\n  ]\n]';
/** Stands for the findings array while the rest of the report is stringified; no finding's text can be it. */
const FINDINGS_SLOT = '\u0000rightsize-findings\u0000';

/** Exactly JSON.stringify(report, null, 2), with the findings array written a finding at a time. */
function* jsonReportPieces(
  result: ScanResult,
  findings: readonly Finding[],
  life: ScanLifecycle | undefined,
): Generator<string> {
  const frame = JSON.stringify(
    {
      accountId: result.accountId,
      collectedAt: result.collectedAt,
      findings: FINDINGS_SLOT,
      gaps: result.gaps,
      notices: result.notices,
      unknownActions: result.unknownActions,
      problems: result.problems,
      stats: result.stats,
      ...(life && { lifecycle: life }),
    },
    null,
    2,
  );
  const [before, after] = frame.split(JSON.stringify(FINDINGS_SLOT)) as [string, string];
  if (findings.length === 0) {
    yield `${before}[]${after}`;
    return;
  }
  let piece = `${before}[\n`;
  for (let i = 0; i < findings.length; i++) {
    // Two levels deep in the report, stringified two levels deep: its lines come out indented, with no second pass
    // over the text to add the spaces.
    const nested = JSON.stringify([[reportedFinding(findings[i]!)]], null, 2);
    const json = nested.slice(NESTED_OPEN.length, nested.length - NESTED_CLOSE.length);
    piece += `${json}${i < findings.length - 1 ? ',' : ''}\n`;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}  ]${after}`;
}

/** A finding as JSON reports print it. */
export function reportedFinding(f: Finding) {
  return {
    id: f.id,
    ruleId: f.ruleId,
    severity: f.severity,
    resourceArn: f.resourceArn,
    resourceType: f.resourceType,
    resourceName: f.resourceName,
    title: f.title,
    evidence: f.evidence,
    remediation: f.remediation,
    ...(f.relatedArns && { relatedArns: f.relatedArns }),
    ...(f.ouPath !== undefined && { ouPath: f.ouPath }),
  };
}

function textReportLines(result: ScanResult, findings: readonly Finding[], options: ReportOptions): string[] {
  const life = options.lifecycle;
  const md = options.format === 'markdown';
  const counts = countBySeverity(findings);
  const lines: string[] = [];
  lines.push(md ? `# Rightsize scan of account ${result.accountId}` : `Rightsize scan of account ${result.accountId}`);
  lines.push(
    `${md ? '' : '  '}collected ${result.collectedAt} · ${result.stats.principals} principals · ${result.stats.policies} managed policies · ${result.stats.rules} rules`,
  );
  lines.push(
    `${md ? '' : '  '}${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low`,
  );
  if (life) lines.push(`${md ? '' : '  '}${lifecycleLine(life)}`);
  const marks = new Map<string, string>([
    ...(life?.new ?? []).map((id): [string, string] => [id, 'NEW']),
    ...(life?.reopened ?? []).map((id): [string, string] => [id, 'REOPENED']),
  ]);
  const mark = (id: string) =>
    marks.has(id) ? (md ? ` _${marks.get(id)!.toLowerCase()}_` : `  ${marks.get(id)}`) : '';
  lines.push('');
  for (const group of groupFindings(findings, options.groupBy, options.ruleTitles)) {
    lines.push(md ? `## ${group.label} — ${group.findings.length}` : `${group.label} — ${group.findings.length}`);
    for (const f of group.findings) {
      const subject = options.groupBy === 'resource' ? `${f.ruleId}: ${f.title}` : f.title;
      lines.push(
        md
          ? `- **${f.severity}** ${subject} \`${f.id}\`${mark(f.id)}`
          : `  [${f.severity.toUpperCase()}] ${subject}  (${f.id})${mark(f.id)}`,
      );
      for (const e of f.evidence.slice(0, 3)) lines.push(md ? `  - ${e.summary}` : `      · ${e.summary}`);
      if (f.evidence.length > 3)
        lines.push(md ? `  - and ${f.evidence.length - 3} more` : `      · and ${f.evidence.length - 3} more`);
    }
    lines.push('');
  }
  if (findings.length === 0)
    lines.push(
      result.gaps.length > 0 ? 'No findings in the data that could be read (see gaps below).' : 'No findings.',
      '',
    );
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(md ? `## ${title}` : title);
    for (const item of items) lines.push(md ? `- ${item}` : `  - ${item}`);
    lines.push('');
  };
  section(
    'Resolved since the last scan',
    (life?.resolved ?? []).map((r) => `[${r.severity}] ${r.title} (${r.id})`),
  );
  section(
    'Not analysed (rules that could not run)',
    result.notices.map((n) => (n.ruleId === '*' ? n.message : `${n.ruleId}: ${n.message}`)),
  );
  section('Actions the AWS catalog does not know (retired, renamed or misspelt: they grant nothing)', [
    ...(result.unknownActions?.listed ?? []).map(describeUnknownAction),
    ...(result.unknownActions?.more ? [`and ${result.unknownActions.more} more`] : []),
  ]);
  section(
    'Gaps (data the snapshot lacks)',
    result.gaps.map((g) => `${g.source}: ${g.message}${g.api ? ` [${g.api}]` : ''}`),
  );
  section(
    'Policy problems',
    result.problems.map((p) => `${p.level}: ${p.file} ${p.path}: ${p.message}${p.subject ? ` (${p.subject})` : ''}`),
  );
  return lines;
}

/** "since the last scan: 2 new, …" or "recorded as the baseline of this account in …". */
export function lifecycleLine(life: ScanLifecycle, of: 'account' | 'organisation pass' = 'account'): string {
  const muted = life.muted.length > 0 ? ` · ${life.muted.length} muted (not listed)` : '';
  const unverified = life.unverified > 0 ? ` · ${life.unverified} not re-checked (gaps), kept open` : '';
  if (life.baseline) return `recorded as the baseline of this ${of} in ${life.stateFile}${muted}`;
  return `since the last ${of === 'account' ? 'scan' : 'pass'}: ${life.new.length} new, ${life.reopened.length} reopened, ${life.resolved.length} resolved${muted}${unverified} (${life.stateFile})`;
}
