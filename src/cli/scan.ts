import { dirname } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { filterFindings, GROUP_BY, type FindingFilter, type GroupBy } from '../report/group.js';
import { REPORT_FORMATS, scanReportPieces, type ReportFormat, type ScanLifecycle } from '../report/scan-report.js';
import { RULES } from '../risks/rules/index.js';
import { runRules } from '../risks/run.js';
import { RESOURCE_TYPES, SEVERITIES, type ResourceType, type ScanResult, type Severity } from '../risks/types.js';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { type AccountSnapshot } from '../snapshot/index.js';
import { loadAccountSnapshot } from '../organization/load.js';
import { commandConfig, givenConfig, statePath, type CommandContext } from './context.js';
import { list, organizationFileOption } from './options.js';

/** The organisation pass's rule (src/org-graph/findings.ts), named here so that a one-account scan loads none of it. */
const CROSS_ACCOUNT_ESCALATION_ID = 'cross-account-escalation';

interface ScanOptions {
  snapshot?: string[];
  organization?: string;
  summaryOut?: string;
  groupBy: GroupBy;
  format: ReportFormat;
  severity?: Severity;
  rule?: string[];
  type?: string[];
  account?: string[];
  failOn?: Severity;
  state?: string;
  record: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;
const STATE_DEFAULTS = 'default: RIGHTSIZE_STATE, then stateFile in the config';

/** `rightsize scan`: every rule over a snapshot, the findings printed; recorded when a state file is given. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .addOption(
      new Option(
        '-s, --snapshot <dir>',
        'an account snapshot directory, or an organisation one (organization.json and a directory per account); repeat it to scan several accounts as one organisation; default: the bundled demo organisation',
      ).argParser((dir: string, previous: string[] | undefined) => [...(previous ?? []), dir]),
    )
    .addOption(organizationFileOption())
    .option(
      '--summary-out <file>',
      "write the account's summary for `rightsize organization join` (one account per run: a job of its own)",
    )
    .addOption(new Option('-g, --group-by <how>', 'group findings').choices(GROUP_BY).default('risk'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .addOption(new Option('--severity <min>', 'only findings of this severity or worse').choices(SEVERITIES))
    .option('--rule <ids>', 'only these rules (comma-separated)', list)
    .option('--type <types>', 'only these resource types (comma-separated)', list)
    .option('--account <ids>', 'only these account ids (comma-separated)', list)
    .addOption(
      new Option('--fail-on <severity>', 'exit 3 when a finding of this severity or worse exists (for CI)').choices(
        SEVERITIES,
      ),
    )
    .option('--state <file>', `record the scan in this state file (${STATE_DEFAULTS}); muted findings are left out`)
    .option('--no-record', 'do not record the scan even when a state file is configured')
    .action(async (opts: ScanOptions) => {
      checkFilters(opts);
      const filter: FindingFilter = {
        ...(opts.severity && { minSeverity: opts.severity }),
        ...(opts.rule && { rules: opts.rule }),
        ...(opts.type && { resourceTypes: opts.type as ResourceType[] }),
        ...(opts.account && { accounts: opts.account }),
      };
      const target = await scanTarget(opts.snapshot ?? [dirname(demoSnapshotDir())], opts.organization);
      if (target.kind === 'organization') {
        if (opts.summaryOut)
          throw new UsageError("--summary-out writes one account's summary: give one account directory", {
            hint: 'run one `rightsize scan --snapshot ACCOUNT_DIR --summary-out FILE` per account, then `rightsize organization join`',
          });
        const config = await givenConfig(ctx);
        const path = opts.record ? statePath(opts.state, ctx, config) : undefined;
        const { scanOrganization } = await import('./organization-scan.js');
        await scanOrganization(
          target.accountDirs,
          target.organizationFile,
          {
            format: opts.format,
            groupBy: opts.groupBy,
            filter,
            ...(opts.failOn && { failOn: opts.failOn }),
            ...(path && { statePath: path }),
          },
          ctx,
          path ? (config ?? (await commandConfig(ctx))) : config,
        );
        return;
      }
      const { result, lifecycle } = await scan(target.dir, { ...opts, organization: target.organizationFile }, ctx);
      if (opts.summaryOut) await writeAccountSummary(target.dir, opts.summaryOut, target.organizationFile, ctx);
      const report = scanReportPieces(result, {
        format: opts.format,
        groupBy: opts.groupBy,
        ruleTitles: new Map(RULES.map((r) => [r.id, r.title])),
        ...(lifecycle && { lifecycle }),
        filter,
      });
      for (const piece of report) {
        ctx.stdout(piece);
        await ctx.drained();
      }
      // --fail-on judges what the filters keep, as printed: a pipeline that scans one rule fails on that rule only.
      if (opts.failOn) {
        const muted = new Set(lifecycle?.muted);
        const limit = SEVERITIES.indexOf(opts.failOn);
        const counted = filterFindings(result.findings, filter).filter((f) => !muted.has(f.id));
        if (counted.some((f) => SEVERITIES.indexOf(f.severity) <= limit)) ctx.setExitCode(3);
      }
    });
}

function checkFilters(opts: ScanOptions): void {
  const known = new Set([...RULES.map((r) => r.id), CROSS_ACCOUNT_ESCALATION_ID]);
  const unknown = (opts.rule ?? []).filter((r) => !known.has(r));
  if (unknown.length > 0) throw new UsageError(`unknown rule ${unknown.join(', ')}; rules: ${[...known].join(', ')}`);
  const badTypes = (opts.type ?? []).filter((t) => !(RESOURCE_TYPES as readonly string[]).includes(t));
  if (badTypes.length > 0)
    throw new UsageError(`unknown resource type ${badTypes.join(', ')}; types: ${RESOURCE_TYPES.join(', ')}`);
  const badAccounts = (opts.account ?? []).filter((a) => !ACCOUNT_ID.test(a));
  if (badAccounts.length > 0)
    throw new UsageError(`--account ${badAccounts.join(', ')}: not an AWS account id (12 digits)`);
}

/** What --snapshot names: one account, or the accounts of an organisation (one directory of them, or several). */
async function scanTarget(
  dirs: readonly string[],
  organization: string | undefined,
): Promise<
  | { kind: 'account'; dir: string; organizationFile?: string }
  | { kind: 'organization'; accountDirs: string[]; organizationFile?: string }
> {
  const [{ snapshotLayout }, { findOrganizationFile }] = await Promise.all([
    import('./organization-files.js'),
    import('../organization/file.js'),
  ]);
  const layouts = await Promise.all(dirs.map(snapshotLayout));
  const accountDirs = layouts.flatMap((l) => (l.kind === 'account' ? [l.dir] : l.accountDirs));
  const organizationFile =
    organization ??
    layouts.flatMap((l) => (l.kind === 'organization' ? [l.organizationFile] : []))[0] ??
    (await findOrganizationFile(accountDirs[0]!));
  if (layouts.length === 1 && layouts[0]!.kind === 'account')
    return { kind: 'account', dir: accountDirs[0]!, ...(organizationFile && { organizationFile }) };
  return { kind: 'organization', accountDirs, ...(organizationFile && { organizationFile }) };
}

/** `--summary-out`: the account's summary for the organisation pass, written whole. */
async function writeAccountSummary(
  dir: string,
  file: string,
  organizationFile: string | undefined,
  ctx: CommandContext,
): Promise<void> {
  const [{ accountSummary }, { writeSummary }, { readOrganizationFile }, { createRuleContext }, { organizationTree }] =
    await Promise.all([
      import('../org-graph/summary.js'),
      import('./organization-files.js'),
      import('../organization/file.js'),
      import('../risks/run.js'),
      import('../organization/tree.js'),
    ]);
  const config = await givenConfig(ctx);
  const [snapshot, engine] = await Promise.all([
    loadAccountSnapshot(dir, { ...(organizationFile && { organizationFile }) }),
    ctx.engine(),
  ]);
  const tree = organizationFile ? organizationTree(await readOrganizationFile(organizationFile)) : undefined;
  const name = tree?.accountName(snapshot.accountId) ?? snapshot.accountAlias;
  const context = createRuleContext(snapshot, engine, { now: ctx.now(), ...(config && { settings: config.rules }) });
  await writeSummary(file, accountSummary(context, name));
  ctx.stderr(`wrote the summary of account ${snapshot.accountId} to ${file}`);
}

/** An --account that names none of the snapshot's accounts would print nothing and pass every --fail-on. */
function checkAccountFilter(accounts: readonly string[] | undefined, snapshot: AccountSnapshot): void {
  if (accounts && !accounts.includes(snapshot.accountId))
    throw new UsageError(
      `--account ${accounts.join(', ')} matches nothing: the snapshot holds account ${snapshot.accountId}`,
      {
        hint: 'leave --account out, or give the id of the account the snapshot holds',
      },
    );
}

/**
 * Runs the rules over a snapshot directory and, when a state file is given (--state, RIGHTSIZE_STATE or the config)
 * and --no-record is not, records the scan and reports what changed.
 */
async function scan(
  dir: string,
  opts: Pick<ScanOptions, 'state' | 'record' | 'account' | 'organization'>,
  ctx: CommandContext,
): Promise<{ result: ScanResult; lifecycle?: ScanLifecycle }> {
  const load = { ...(opts.organization && { organizationFile: opts.organization }) };
  const config = await givenConfig(ctx);
  const path = opts.record ? statePath(opts.state, ctx, config) : undefined;
  if (!path) {
    const [snapshot, engine] = await Promise.all([loadAccountSnapshot(dir, load), ctx.engine()]);
    checkAccountFilter(opts.account, snapshot);
    return { result: runRules(snapshot, engine, { now: ctx.now(), ...(config && { settings: config.rules }) }) };
  }
  // Checked before anything is recorded.
  const snapshot = await loadAccountSnapshot(dir, load);
  checkAccountFilter(opts.account, snapshot);
  // Recording brings the state store, Jira and the workflows with their integrations: loaded only for it.
  const { recordScan } = await import('./scan-recording.js');
  return recordScan(dir, snapshot, path, ctx, config ?? (await commandConfig(ctx)));
}
