import { groupFindings } from '../src/report/group.js';
import type { Finding } from '../src/risks/types.js';
import type { SnapshotProblem } from '../src/snapshot/types.js';
import { actions, context, plain, section, type Block, type ButtonElement, type ModalView } from './blocks.js';
import { findingSection, SEVERITY_LABEL, titleNamingResource, type FindingLike, type ScanRef } from './finding-line.js';
import { BLOCK_KIT, code, escapeMrkdwn, plural, truncate } from './limits.js';
import { PAGE_ACTIONS, PAGE_CALLBACK, atPage, encodePageQuery, showAllButton, type PageQuery } from './page-query.js';

/** Findings per page: group headings and View details buttons stay well inside a modal's 100 blocks. */
export const FINDINGS_PER_PAGE = 20;
const LINES_PER_PAGE = 40;
const EVIDENCE_PER_PAGE = 15;
const PROBLEMS_PER_PAGE = 10;
const SECTION_MAX = BLOCK_KIT.sectionText - 100;

/** A finding and the scan its View details button points at. */
export interface PagedFinding {
  finding: Finding;
  ref: ScanRef;
}

/** One page of findings, grouped as the list was, with Previous / Next. `scope` says what the list is. */
export function findingsPage(
  query: Extract<PageQuery, { kind: 'findings' }>,
  findings: readonly PagedFinding[],
  scope: string,
  ruleTitles: ReadonlyMap<string, string>,
): ModalView {
  const refs = new Map(findings.map((f) => [f.finding.id, f.ref]));
  const ordered = groupFindings(
    findings.map((f) => f.finding),
    query.groupBy,
    ruleTitles,
  ).flatMap((group) => group.findings.map((finding) => ({ finding, group })));
  const { page, pages, start } = pageOf(query.page, ordered.length, FINDINGS_PER_PAGE);
  const blocks: Block[] = [section(truncate(`*${plural(ordered.length, 'finding')}* · ${scope}`, 2900))];
  let heading: string | undefined;
  for (const { finding, group } of ordered.slice(start, start + FINDINGS_PER_PAGE)) {
    if (query.groupBy !== 'none' && heading !== group.key) {
      heading = group.key;
      const continued = group.findings[0] !== finding ? ' (continued)' : '';
      blocks.push(
        section(`*${escapeMrkdwn(group.label, 300)}*${continued} — ${plural(group.findings.length, 'finding')}`),
      );
    }
    blocks.push(findingSection(finding, refs.get(finding.id)!, { showRule: query.groupBy !== 'risk' }));
  }
  if (ordered.length === 0) blocks.push(section('No open findings match now.'));
  return pageModal('Findings', { ...query, page }, pages, blocks);
}

/** A finding of a change list: in the latest scan (with its button), or resolved (its record's headline). */
export type ChangedFinding =
  | { kind: 'new' | 'reopened'; finding: Finding; ref: ScanRef }
  | { kind: 'resolved'; finding: FindingLike; resolvedAt?: string };

/** What changed since a time: new and reopened findings (with View details), then resolved ones. */
export function changesPage(
  query: Extract<PageQuery, { kind: 'changes' }>,
  changes: readonly ChangedFinding[],
  scope: string,
): ModalView {
  const { page, pages, start } = pageOf(query.page, changes.length, FINDINGS_PER_PAGE);
  const count = (kind: ChangedFinding['kind']) => changes.filter((c) => c.kind === kind).length;
  const blocks: Block[] = [
    section(
      truncate(
        `*${count('new').toLocaleString('en-US')} new* · *${count('reopened').toLocaleString('en-US')} reopened* · *${count('resolved').toLocaleString('en-US')} resolved* · ${scope}`,
        2900,
      ),
    ),
  ];
  for (const change of changes.slice(start, start + FINDINGS_PER_PAGE))
    blocks.push(
      change.kind === 'resolved'
        ? section(
            truncate(
              `:white_check_mark: *Resolved* · ${SEVERITY_LABEL[change.finding.severity]} · ${titleNamingResource(change.finding)}`,
              400,
            ),
          )
        : findingSection(change.finding, change.ref, { showRule: true, mark: change.kind }),
    );
  if (changes.length === 0) blocks.push(section('Nothing changed in this scope.'));
  return pageModal('Changes', { ...query, page }, pages, blocks);
}

/** A principal's services, provisioned → used, as `insights` lists them. */
export function servicesPage(
  query: Extract<PageQuery, { kind: 'services' }>,
  lines: readonly string[],
  scope: string,
): ModalView {
  const heading = `*${plural(lines.length, 'service')}* (provisioned → used · last use) · ${scope}`;
  return linesPage('Services', query, lines, LINES_PER_PAGE, heading);
}

/** A finding's evidence, every item. */
export function evidencePage(
  query: Extract<PageQuery, { kind: 'evidence' }>,
  lines: readonly string[],
  scope: string,
): ModalView {
  const heading = `*${plural(lines.length, 'evidence item')}* · ${scope}`;
  return linesPage(
    'Evidence',
    query,
    lines.map((l) => `• ${l}`),
    EVIDENCE_PER_PAGE,
    heading,
  );
}

/**
 * The policy problems of a scan, errors first: each with its level, the policy or principal it concerns, what is
 * wrong, and the file and JSON path that hold it.
 */
export function problemsPage(
  query: Extract<PageQuery, { kind: 'problems' }>,
  problems: readonly SnapshotProblem[],
  scope: string,
): ModalView {
  const errors = problems.filter((p) => p.level === 'error');
  const ordered = [...errors, ...problems.filter((p) => p.level !== 'error')];
  const heading = `*${plural(problems.length, 'policy problem')}* (${plural(errors.length, 'error')}) · ${scope}`;
  const page = linesPage('Policy problems', query, ordered.map(problemLine), PROBLEMS_PER_PAGE, heading);
  if (problems.length === 0) page.blocks.splice(1, 0, section('The latest scan found no policy problems.'));
  return page;
}

function problemLine(p: SnapshotProblem): string {
  const where = p.path ? `${code(p.file, 200)} ${code(p.path, 800)}` : code(p.file, 200);
  return [
    `• *${p.level === 'error' ? 'Error' : 'Warning'}*${p.subject ? ` · ${code(p.subject, 800)}` : ''}`,
    `   ${escapeMrkdwn(p.message, 1000)}`,
    `   ${where}`,
  ].join('\n');
}

/** One page of text lines under a heading. */
function linesPage(title: string, query: PageQuery, lines: readonly string[], perPage: number, heading: string) {
  const { page, pages, start } = pageOf(query.page, lines.length, perPage);
  const blocks: Block[] = [section(truncate(heading, 2900)), ...packed(lines.slice(start, start + perPage))];
  return pageModal(title, { ...query, page }, pages, blocks);
}

/** A modal page with its query (for the next click), "page 2 of 5", and Previous / Next. */
function pageModal(title: string, query: PageQuery, pages: number, blocks: Block[]): ModalView {
  const buttons: ButtonElement[] = [];
  const previous = query.page > 0 && showAllButton('‹ Previous', atPage(query, query.page - 1), PAGE_ACTIONS.previous);
  const next = query.page < pages - 1 && showAllButton('Next ›', atPage(query, query.page + 1), PAGE_ACTIONS.next);
  if (previous) buttons.push(previous);
  if (next) buttons.push(next);
  return {
    type: 'modal',
    title: plain(title, BLOCK_KIT.modalTitle),
    close: plain('Close'),
    callback_id: PAGE_CALLBACK,
    private_metadata: truncate(encodePageQuery(query), BLOCK_KIT.privateMetadata),
    blocks: [
      ...blocks,
      context(`Page ${(query.page + 1).toLocaleString('en-US')} of ${pages.toLocaleString('en-US')}`),
      ...(buttons.length > 0 ? [actions(...buttons)] : []),
    ],
  };
}

/** The page asked for, held within the pages there are (a list may have shrunk since the button was made). */
function pageOf(asked: number, items: number, perPage: number): { page: number; pages: number; start: number } {
  const pages = Math.max(1, Math.ceil(items / perPage));
  const page = Math.min(Math.max(0, asked), pages - 1);
  return { page, pages, start: page * perPage };
}

/** Lines packed into as few sections as fit Slack's 3,000 characters each. */
function packed(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let text = '';
  for (const raw of lines) {
    const line = truncate(raw, SECTION_MAX);
    if (text && text.length + line.length + 1 > SECTION_MAX) {
      blocks.push(section(text));
      text = '';
    }
    text = text ? `${text}\n${line}` : line;
  }
  if (text) blocks.push(section(text));
  return blocks;
}
