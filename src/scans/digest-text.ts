import { SEVERITIES } from '../risks/types.js';
import type { Digest, DigestFinding, DigestSince } from './digest.js';
import { plural } from '../text/plural.js';

/** The digest as plain text, for the log and the terminal. */
export function renderDigestText(digest: Digest): string {
  const c = digest.counts;
  const name = digest.accountName ? `${digest.accountName} (${digest.accountId})` : digest.accountId;
  const scope = digest.minSeverity === 'low' ? '' : ` (${digest.minSeverity} and worse)`;
  const lines = [
    `Rightsize digest for ${name} · ${digest.scanId ? `scan ${digest.scanId} · ` : ''}${digest.scannedAt}`,
    digest.baseline
      ? `  baseline: ${baselineOf(digest.since)}, ${plural(c.open, 'open finding')}${scope}; later digests report what changes`
      : `  since ${sinceText(digest.since)}: ${c.new} new · ${c.reopened} reopened · ${c.resolved} resolved · ${c.open} open · ${c.muted} muted${scope}`,
    `  open by severity: ${SEVERITIES.map((s) => `${c.bySeverity[s]} ${s}`).join(', ')}`,
  ];
  if (c.leftOut > 0 || c.changesLeftOut > 0)
    lines.push(
      `  left out below ${digest.minSeverity}: ${plural(c.leftOut, 'open finding')}${c.changesLeftOut > 0 ? `, ${plural(c.changesLeftOut, 'change')}` : ''}`,
    );
  if (c.unverified > 0)
    lines.push(
      `  ${plural(c.unverified, 'finding')} not re-checked (their data had gaps or the rule did not run): kept open`,
    );
  const list = (title: string, items: DigestFinding[], total: number) => {
    if (total === 0) return;
    lines.push('', `${title} — ${total}`);
    for (const f of items) lines.push(`  [${f.severity.toUpperCase()}] ${f.title} · ${f.resourceName}  (${f.id})`);
    if (total > items.length) lines.push(`  and ${total - items.length} more`);
  };
  if (!digest.baseline) {
    list('New', digest.new, c.new);
    list('Reopened', digest.reopened, c.reopened);
    list('Resolved', digest.resolved, c.resolved);
  }
  list('Top open findings', digest.top, c.open);
  if (digest.groupBy !== 'none' && digest.groups.length > 0) {
    lines.push('', `Open findings by ${digest.groupBy}`);
    for (const g of digest.groups.slice(0, 10))
      lines.push(`  ${g.label}: ${g.open}${g.new > 0 ? ` (${g.new} new)` : ''}`);
    if (digest.groups.length > 10) lines.push(`  and ${digest.groups.length - 10} more groups`);
  }
  if (digest.gaps.length > 0) {
    lines.push('', 'Gaps (data the scan could not read)');
    for (const g of digest.gaps) lines.push(`  - ${g.source}: ${g.message}`);
  }
  return lines.join('\n');
}

function baselineOf(since: DigestSince): string {
  return since.kind === 'baseline' && since.of === 'channel' ? 'first digest in this channel' : 'first recorded scan';
}

function sinceText(since: DigestSince): string {
  return since.kind === 'digest'
    ? `the last digest (${since.at})`
    : since.kind === 'scan'
      ? `the last scan (${since.at})`
      : '';
}

/** The digest as one JSON line (`rightsize schedule --format json`): the summary, without the findings' evidence. */
export function digestJson(digest: Digest): string {
  const {
    scan: _scan,
    filter: _filter,
    ruleTitles: _titles,
    newIds: _new,
    reopenedIds: _reopened,
    ...summary
  } = digest;
  return JSON.stringify(summary);
}
