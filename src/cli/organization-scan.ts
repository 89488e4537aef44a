import type { RightsizeConfig } from '../config/index.js';
import { UsageError } from '../errors.js';
import { readOrganizationFile } from '../organization/file.js';
import { loadAccountSnapshot } from '../organization/load.js';
import { CROSS_ACCOUNT_ESCALATION } from '../org-graph/findings.js';
import { organizationPass, scanAccountOfOrganization, type OrganizationResult } from '../org-graph/scan.js';
import { accountSummary } from '../org-graph/summary.js';
import type { AccountSummary } from '../org-graph/types.js';
import { organizationTree, type OrganizationTree } from '../organization/tree.js';
import { filterFindings, type FindingFilter, type GroupBy } from '../report/group.js';
import { organizationReportLines, organizationSection } from '../report/organization-report.js';
import { scanReportPieces, type ReportFormat, type ScanLifecycle } from '../report/scan-report.js';
import { RULES } from '../risks/rules/index.js';
import { createRuleContext } from '../risks/run.js';
import { SEVERITIES, type Finding, type ScanResult, type Severity } from '../risks/types.js';
import type { CommandContext } from './context.js';

export interface OrganizationScanOptions {
  format: ReportFormat;
  groupBy: GroupBy;
  filter: FindingFilter;
  failOn?: Severity;
  /** The state file to record each account's scan in, when recording. */
  statePath?: string;
}

/** Every rule's title, and the organisation pass's: what reports group findings under. */
export const RULE_TITLES: ReadonlyMap<string, string> = new Map([
  ...RULES.map((r): [string, string] => [r.id, r.title]),
  [CROSS_ACCOUNT_ESCALATION.id, CROSS_ACCOUNT_ESCALATION.title],
]);

/**
 * `rightsize scan` over several accounts: each account is scanned and printed in turn (its report as a one-account
 * scan prints it) and only its summary is kept; then the organisation pass joins the summaries and its section is
 * printed. JSON: `{ "accounts": [report, …], "organization": {…} }`.
 */
export async function scanOrganization(
  accountDirs: readonly string[],
  organizationFile: string | undefined,
  opts: OrganizationScanOptions,
  ctx: CommandContext,
  config: RightsizeConfig | undefined,
): Promise<void> {
  const tree = organizationFile ? organizationTree(await readOrganizationFile(organizationFile)) : undefined;
  const engine = await ctx.engine();
  const settings = config ? { settings: config.rules } : {};
  const json = opts.format === 'json';
  const limit = opts.failOn ? SEVERITIES.indexOf(opts.failOn) : -1;
  let failed = false;
  const failing = (findings: readonly Finding[], muted: readonly string[] = []) => {
    const skip = new Set(muted);
    if (filterFindings(findings, opts.filter).some((f) => !skip.has(f.id) && SEVERITIES.indexOf(f.severity) <= limit))
      failed = true;
  };

  const startedAt = ctx.now();
  const summaries: AccountSummary[] = [];
  const printed: string[] = [];
  let first = true;
  if (json) ctx.stdout('{\n"accounts": [\n');
  for (const dir of accountDirs) {
    const snapshot = await loadAccountSnapshot(dir, { ...(organizationFile && { organizationFile }) });
    if (summaries.some((s) => s.accountId === snapshot.accountId))
      throw new UsageError(`${dir} holds account ${snapshot.accountId} a second time`, {
        hint: 'give each account once',
      });
    const accountName = tree?.accountName(snapshot.accountId) ?? snapshot.accountAlias;
    const options = { now: ctx.now(), ...settings, ...(accountName && { accountName }) };
    let result: ScanResult;
    let lifecycle: ScanLifecycle | undefined;
    if (opts.statePath && config) {
      const { recordScan } = await import('./scan-recording.js');
      const recorded = await recordScan(dir, snapshot, opts.statePath, ctx, config);
      ({ result, lifecycle } = recorded);
      // The recorded scan leaves the summary of an account its organization.json places; any other is summarised here.
      summaries.push(recorded.summary ?? accountSummary(createRuleContext(snapshot, engine, options), accountName));
    } else {
      const scanned = scanAccountOfOrganization(snapshot, engine, options);
      result = scanned.result;
      summaries.push(scanned.summary);
    }
    const accounts = opts.filter.accounts;
    if (accounts?.length && !accounts.includes(result.accountId)) continue;
    printed.push(result.accountId);
    failing(result.findings, lifecycle?.muted);
    if (!first) ctx.stdout(json ? ',\n' : '');
    first = false;
    for (const piece of scanReportPieces(result, {
      format: opts.format,
      groupBy: opts.groupBy,
      ruleTitles: RULE_TITLES,
      filter: opts.filter,
      ...(lifecycle && { lifecycle }),
    })) {
      ctx.stdout(piece);
      await ctx.drained();
    }
  }
  if (opts.filter.accounts?.length && printed.length === 0)
    throw new UsageError(
      `--account ${opts.filter.accounts.join(', ')} matches none of the scanned accounts: ${summaries.map((s) => s.accountId).join(', ')}`,
    );

  const organization = organizationPass(summaries, tree);
  const passLifecycle = opts.statePath && (await recordPass(organization, summaries, opts.statePath, ctx, startedAt));
  failing(organization.findings, passLifecycle ? passLifecycle.muted : []);
  const reportOptions = {
    format: opts.format,
    groupBy: opts.groupBy,
    filter: opts.filter,
    ruleTitles: RULE_TITLES,
    ...(passLifecycle && { lifecycle: passLifecycle }),
  };
  if (json)
    ctx.stdout(`\n],\n"organization": ${JSON.stringify(organizationSection(organization, reportOptions), null, 2)}\n}`);
  else ctx.stdout(`\n${organizationReportLines(organization, reportOptions).join('\n').trimEnd()}`);
  await ctx.drained();
  if (failed) ctx.setExitCode(3);
}

/**
 * Records the pass under the organisation's id, as the Slack app does; without an organization.json there is no
 * organisation to record it under, and stderr says so.
 */
async function recordPass(
  organization: OrganizationResult,
  summaries: readonly AccountSummary[],
  statePath: string,
  ctx: CommandContext,
  startedAt: Date,
): Promise<ScanLifecycle | undefined> {
  const { organizationId } = organization;
  if (!organizationId) {
    ctx.stderr(
      'note: the organisation pass is not recorded: no organization.json names the organisation (give --organization FILE)',
    );
    return undefined;
  }
  const { recordOrganizationScan } = await import('./scan-recording.js');
  const collectedAt = summaries.map((s) => s.collectedAt).sort()[0] ?? startedAt.toISOString();
  return recordOrganizationScan({ ...organization, organizationId }, statePath, ctx, { startedAt, collectedAt });
}

/** The organisation tree to label a join with, when an organization.json is given. */
export async function treeOf(file: string | undefined): Promise<OrganizationTree | undefined> {
  return file ? organizationTree(await readOrganizationFile(file)) : undefined;
}
