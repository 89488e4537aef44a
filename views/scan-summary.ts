import { countBySeverity } from '../src/report/group.js';
import { SEVERITIES, type Finding } from '../src/risks/types.js';
import type { FindingFilter } from '../src/report/group.js';
import type { LatestScan, ServedAccount, ServedOrganization } from '../src/scans/types.js';
import { context, fieldsSection, type ContextBlock, type SectionBlock } from './blocks.js';
import { SEVERITY_EMOJI, SEVERITY_LABEL } from './finding-line.js';
import { escapeMrkdwn, plural, truncate } from './limits.js';

/** "· 3 muted" after a count, when any finding of the scan is muted. */
export function mutedNote(scan: Pick<LatestScan, 'mutes'>): string {
  const muted = scan.mutes?.size ?? 0;
  return muted > 0 ? ` · ${plural(muted, 'muted finding')} left out` : '';
}

export function accountName(account: ServedAccount): string {
  return account.label ? `${account.label} (${account.id})` : account.id;
}

/** Where the account sits in its organisation, "o-acme12345 · Root/Workloads"; undefined outside any. */
export function organizationPlace(account: ServedAccount): string | undefined {
  const org = account.organization;
  return org && `${org.id} · ${ouPlace(org)}`;
}

/** "Root/Workloads", or what stands in for an OU path. */
export function ouPlace(org: ServedOrganization): string {
  return org.isManagementAccount ? 'management account' : (org.ouPath ?? 'not placed in organization.json');
}

/** The account's name and, in an organisation, its place: "acme-demo (111122223333) · o-acme12345 · Root/Workloads". */
export function accountTitle(account: ServedAccount): string {
  const place = organizationPlace(account);
  return place ? `${accountName(account)} · ${place}` : accountName(account);
}

/** Slack renders `<!date^…>` in each reader's own time zone; the fallback is the ISO time. */
export function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  if (!Number.isFinite(seconds)) return escapeMrkdwn(iso);
  return `<!date^${seconds}^{date_short_pretty} {time}|${iso}>`;
}

/**
 * Every open finding by severity, whatever a list shows: the real counts, with what a filter leaves out of the
 * list marked ("not listed", "12 listed"), and the last field saying how many the list holds.
 */
export function severityCounts(
  all: readonly Pick<Finding, 'severity'>[],
  listed?: readonly Pick<Finding, 'severity'>[],
): SectionBlock {
  const counts = countBySeverity(all);
  const shown = listed ? countBySeverity(listed) : counts;
  const partly = listed !== undefined && listed.length !== all.length;
  return fieldsSection([
    ...SEVERITIES.map((s) => {
      const note = shown[s] === counts[s] ? '' : shown[s] === 0 ? ' · _not listed_' : ` · ${count(shown[s])} listed`;
      return `${SEVERITY_EMOJI[s]} *${SEVERITY_LABEL[s]}*\n${count(counts[s])}${note}`;
    }),
    partly ? `*Listed*\n${count(listed.length)} of ${count(all.length)}` : `*Total*\n${count(all.length)}`,
  ]);
}

const count = (n: number) => n.toLocaleString('en-US');

export function scanContext(scan: LatestScan): ContextBlock {
  const { result } = scan;
  return context(
    truncate(
      `Scanned ${slackDate(scan.scannedAt)} · data collected ${slackDate(result.collectedAt)} · ${plural(result.stats.principals, 'principal')} · ${plural(result.stats.rules, 'rule')} · ${escapeMrkdwn(scan.account.source, 300)}`,
      1000,
    ),
  );
}

/** Says a scan was partial (gaps, rules that could not run), so an empty list never reads as "no risks". */
export function partialScanNotice(scan: LatestScan): ContextBlock | undefined {
  const { gaps, notices } = scan.result;
  if (gaps.length === 0 && notices.length === 0) return undefined;
  const parts: string[] = [];
  if (gaps.length > 0)
    parts.push(
      `${plural(gaps.length, 'data gap')} (${escapeMrkdwn([...new Set(gaps.map((g) => g.source))].join(', '), 300)})`,
    );
  if (notices.length > 0) parts.push(`${plural(notices.length, 'rule notice')}`);
  return context(`:warning: Partial scan: ${parts.join(' · ')} — \`/rightsize status\` lists them`);
}

/** "severity high or worse · rules a, b" for a filter; empty when nothing is filtered. */
export function describeFilter(filter: FindingFilter): string {
  const parts: string[] = [];
  if (filter.minSeverity) parts.push(`severity ${filter.minSeverity} or worse`);
  if (filter.rules?.length) parts.push(`rules ${filter.rules.join(', ')}`);
  if (filter.resourceTypes?.length) parts.push(`types ${filter.resourceTypes.join(', ')}`);
  if (filter.accounts?.length) parts.push(`accounts ${filter.accounts.join(', ')}`);
  return escapeMrkdwn(parts.join(' · '), 1000);
}
