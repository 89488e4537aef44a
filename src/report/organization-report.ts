import { describePath, type AccountLabels } from '../org-graph/findings.js';
import type { OrganizationResult } from '../org-graph/scan.js';
import type { Finding } from '../risks/types.js';
import { lifecycleLine, reportedFinding, type ScanLifecycle } from './scan-report.js';
import { countBySeverity, filterFindings, groupFindings, type FindingFilter, type GroupBy } from './group.js';

export interface OrganizationReportOptions {
  format: 'text' | 'json' | 'markdown';
  groupBy: GroupBy;
  filter: FindingFilter;
  ruleTitles: ReadonlyMap<string, string>;
  /** When the pass was recorded in a state file (under the organisation's id): what changed since the last one. */
  lifecycle?: ScanLifecycle;
}

/** Cross-account paths listed in text; JSON lists them all. */
const PATHS_LISTED = 50;

/** What an organisation scan adds after its accounts' reports: the organisation's own findings and paths. */
export function organizationSection(result: OrganizationResult, options: OrganizationReportOptions) {
  const labels = labelsOf(result);
  const findings = listedFindings(result, options);
  const accounts = options.filter.accounts;
  const paths = result.join.paths.filter((p) => !accounts?.length || accounts.includes(p.fromAccount));
  return {
    ...(result.organizationId && { id: result.organizationId }),
    accounts: result.accounts,
    findings: findings.map(organizationFinding),
    paths: paths.map((path) => ({
      from: path.from,
      fromAccount: path.fromAccount,
      to: path.target.role,
      toAccount: path.target.account,
      summary: describePath(path, labels),
      administrator: path.target.administrator !== undefined || path.target.escalation !== undefined,
      conditional: path.conditional,
      hops: path.hops.map((h) => ({ account: h.account, steps: h.steps.length, caller: h.caller, role: h.role })),
    })),
    unreachedRoles: result.join.unreachedRoles,
    unknownAccounts: result.join.unknownAccounts,
    ...(options.lifecycle && { lifecycle: options.lifecycle }),
  };
}

/** The findings the report lists: the filter's, without those muted in the state file. */
function listedFindings(result: OrganizationResult, options: OrganizationReportOptions): Finding[] {
  const muted = new Set(options.lifecycle?.muted);
  return filterFindings(result.findings, options.filter).filter((f) => !muted.has(f.id));
}

export function organizationReportLines(result: OrganizationResult, options: OrganizationReportOptions): string[] {
  const md = options.format === 'markdown';
  const labels = labelsOf(result);
  const section = organizationSection(result, options);
  const findings = listedFindings(result, options);
  const counts = countBySeverity(findings);
  const indent = md ? '' : '  ';
  const title = `Rightsize organisation${result.organizationId ? ` ${result.organizationId}` : ''} · ${result.accounts.length} account${result.accounts.length === 1 ? '' : 's'} scanned`;
  const lines = [md ? `# ${title}` : title];
  for (const account of result.accounts)
    lines.push(
      `${md ? '- ' : indent}${account.name ? `${account.name} (${account.accountId})` : account.accountId}${account.ouPath ? ` · ${account.ouPath}` : ''} · ${account.principals} principals${account.gaps.length > 0 ? ` · ${account.gaps.length} gaps` : ''}`,
    );
  lines.push(
    `${indent}${section.paths.length} cross-account path${section.paths.length === 1 ? '' : 's'} · ${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low`,
  );
  if (options.lifecycle) lines.push(`${indent}${lifecycleLine(options.lifecycle, 'organisation pass')}`);
  lines.push('');
  for (const group of groupFindings(findings, options.groupBy, options.ruleTitles)) {
    lines.push(md ? `## ${group.label} — ${group.findings.length}` : `${group.label} — ${group.findings.length}`);
    for (const f of group.findings) {
      lines.push(
        md ? `- **${f.severity}** ${f.title} \`${f.id}\`` : `  [${f.severity.toUpperCase()}] ${f.title}  (${f.id})`,
      );
      // A cross-account path is its evidence: every hop, with the statements that allow it.
      for (const e of f.evidence) lines.push(md ? `  - ${e.summary}` : `      · ${e.summary}`);
    }
    lines.push('');
  }
  const list = (heading: string, items: string[], more = 0) => {
    if (items.length === 0) return;
    lines.push(md ? `## ${heading}` : heading);
    for (const item of items) lines.push(md ? `- ${item}` : `  - ${item}`);
    if (more > 0)
      lines.push(
        md
          ? `- and ${more} more (--format json lists them all)`
          : `  - and ${more} more (--format json lists them all)`,
      );
    lines.push('');
  };
  list(
    `Cross-account paths — ${section.paths.length}`,
    section.paths.slice(0, PATHS_LISTED).map((p) => p.summary),
    section.paths.length - PATHS_LISTED,
  );
  const named = (account: string) => labels(account).name ?? account;
  list(
    'Roles other scanned accounts are trusted by, that none of their principals can assume',
    section.unreachedRoles.map(
      (r) =>
        `${named(r.account)}/${r.role.split('/').pop()}${r.deniedByRcp ? ` (sts:AssumeRole from there ${r.deniedByRcp})` : ''}`,
    ),
  );
  list(
    'Trusted accounts that were not scanned (who there reaches the role is unknown)',
    section.unknownAccounts.map((a) => (labels(a).name ? `${labels(a).name} (${a})` : a)),
  );
  return lines;
}

function labelsOf(result: OrganizationResult): AccountLabels {
  const byId = new Map(result.accounts.map((a) => [a.accountId, a]));
  return (accountId) => {
    const account = byId.get(accountId) ?? result.otherAccounts?.find((a) => a.accountId === accountId);
    const label: { name?: string; ouPath?: string } = {};
    if (account?.name) label.name = account.name;
    if (account?.ouPath) label.ouPath = account.ouPath;
    return label;
  };
}

/** As a one-account report prints a finding, with its account and OU path: the organisation's span accounts. */
function organizationFinding(f: Finding) {
  return { accountId: f.accountId, ...reportedFinding(f) };
}
