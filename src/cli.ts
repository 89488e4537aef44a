import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { list } from './cli/options.js';
import { registerCollectCommand } from './cli/collect.js';
import { registerUsageCommands } from './cli/usage.js';
import { commandConfig, type CommandContext } from './cli/context.js';
import { registerHistoryCommand } from './cli/history.js';
import { registerFixCommand } from './cli/fix.js';
import { registerJiraCommands } from './cli/jira.js';
import { registerMuteCommands } from './cli/mute.js';
import { scanSnapshotDir } from './cli/scan-recording.js';
import { registerScheduleCommand } from './cli/schedule.js';
import { registerStateCommands } from './cli/state.js';
import { registerWorkflowCommands } from './cli/workflows.js';
import type { Environment } from './config/load.js';
import { demoSnapshotDir } from './snapshot/demo.js';
import { RightsizeError, UsageError } from './errors.js';
import { loadActionCatalog } from './iam/catalog-loader.js';
import { PolicyEngine } from './iam/index.js';
import { GROUP_BY, type GroupBy } from './report/group.js';
import { explainPermissions, renderPermissionsText } from './report/permissions-report.js';
import { REPORT_FORMATS, renderScanReport, type ReportFormat } from './report/scan-report.js';
import { RULES } from './risks/rules/index.js';
import { registerServeCommand } from './cli/serve.js';
import { RESOURCE_TYPES, SEVERITIES, type ResourceType, type Severity } from './risks/types.js';
import { AccountIndex, loadSnapshot } from './snapshot/index.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => Date;
  /** Environment variables (RIGHTSIZE_CONFIG, RIGHTSIZE_STATE, secrets the config names); none when absent. */
  env?: Environment;
  /** Process signals, for `rightsize schedule`; ignored when absent. */
  onSignal?: CommandContext['onSignal'];
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  now: () => new Date(),
  env: process.env,
  onSignal: (signal, handler) => {
    process.on(signal, handler);
    return () => process.off(signal, handler);
  },
};

/** Exit codes: 0 ok, 1 an error the message explains, 2 bad usage, 3 findings at or above --fail-on. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('rightsize')
    .description(
      'Find and fix AWS IAM identity risks. Every command runs on the bundled demo account unless given --snapshot.',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run with --help for usage)')
    .option('-c, --config <file>', 'config file, YAML or JSON (default: RIGHTSIZE_CONFIG)');
  const ctx: CommandContext = {
    stdout: io.stdout,
    stderr: io.stderr,
    now: io.now,
    env: io.env ?? {},
    onSignal: io.onSignal ?? (() => () => undefined),
    program,
    engine: loadEngine,
  };
  const setExitCode = (code: number) => (exitCode = code);

  const snapshotOption = () =>
    new Option('-s, --snapshot <dir>', 'snapshot directory (AWS CLI output files); default: the bundled demo account');

  program
    .command('scan')
    .description('run the risk rules over an account snapshot and list the findings')
    .addOption(snapshotOption())
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
      const known = new Set(RULES.map((r) => r.id));
      const unknown = (opts.rule ?? []).filter((r) => !known.has(r));
      if (unknown.length > 0)
        throw new UsageError(`unknown rule ${unknown.join(', ')}; rules: ${[...known].join(', ')}`);
      const badTypes = (opts.type ?? []).filter((t) => !(RESOURCE_TYPES as readonly string[]).includes(t));
      if (badTypes.length > 0)
        throw new UsageError(`unknown resource type ${badTypes.join(', ')}; types: ${RESOURCE_TYPES.join(', ')}`);
      const { result, lifecycle } = await scanSnapshotDir(
        opts.snapshot ?? demoSnapshotDir(),
        { record: opts.record, ...(opts.state && { state: opts.state }) },
        ctx,
        await commandConfig(ctx),
      );
      const muted = new Set(lifecycle?.muted);
      io.stdout(
        renderScanReport(result, {
          format: opts.format,
          groupBy: opts.groupBy,
          ruleTitles: new Map(RULES.map((r) => [r.id, r.title])),
          ...(lifecycle && { lifecycle }),
          filter: {
            ...(opts.severity && { minSeverity: opts.severity }),
            ...(opts.rule && { rules: opts.rule }),
            ...(opts.type && { resourceTypes: opts.type as ResourceType[] }),
            ...(opts.account && { accounts: opts.account }),
          },
        }),
      );
      if (opts.failOn) {
        const limit = SEVERITIES.indexOf(opts.failOn);
        if (result.findings.some((f) => !muted.has(f.id) && SEVERITIES.indexOf(f.severity) <= limit)) exitCode = 3;
      }
    });

  program
    .command('permissions')
    .description(
      "explain a principal's effective permissions: services, action counts, which policy grants what, conditional parts",
    )
    .argument('<principal>', 'user, role or group: name, kind/name (role/deploy) or ARN')
    .addOption(snapshotOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option(
      '--service <prefixes>',
      'also list the allowed actions of these services (comma-separated, e.g. iam,s3)',
      list,
    )
    .action(async (query: string, opts: { snapshot?: string; format: 'text' | 'json'; service?: string[] }) => {
      const [snapshot, engine] = await Promise.all([loadSnapshot(opts.snapshot ?? demoSnapshotDir()), loadEngine()]);
      const principal = new AccountIndex(snapshot).find(query);
      const unknownServices = (opts.service ?? []).filter((s) => !engine.catalog.service(s));
      if (unknownServices.length > 0)
        throw new UsageError(`unknown service prefix ${unknownServices.join(', ')} (e.g. iam, s3, ec2)`);
      const explanation = explainPermissions(engine, principal, opts.service);
      io.stdout(opts.format === 'json' ? JSON.stringify(explanation, null, 2) : renderPermissionsText(explanation));
      const problems = snapshot.problems.filter(
        (p) =>
          p.subject?.startsWith(principal.arn) ||
          principal.policies.identity.some((a) => a.arn && p.subject?.startsWith(a.arn)),
      );
      for (const p of problems) io.stderr(`warning: ${p.file} ${p.path}: ${p.message}`);
    });

  registerUsageCommands(program, {
    stdout: io.stdout,
    snapshotOption,
    loadEngine,
    setExitCode,
  });
  registerHistoryCommand(program, ctx);
  registerMuteCommands(program, ctx);
  registerFixCommand(program, ctx);
  registerStateCommands(program, ctx, setExitCode);
  registerScheduleCommand(program, ctx, setExitCode);
  registerWorkflowCommands(program, ctx);
  registerCollectCommand(program, io, setExitCode);
  registerServeCommand(program, io);
  registerJiraCommands(program, ctx, setExitCode);

  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      io.stderr(`rightsize: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`);
      return 2;
    }
    if (e instanceof RightsizeError) {
      io.stderr(`rightsize: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`);
      return 1;
    }
    throw e;
  }
}

interface ScanOptions {
  snapshot?: string;
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

const STATE_DEFAULTS = 'default: RIGHTSIZE_STATE, then stateFile in the config';

async function loadEngine(): Promise<PolicyEngine> {
  return new PolicyEngine(await loadActionCatalog());
}

// Run when executed directly (node dist/src/cli.js in the container image); bin/rightsize.js imports main.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await main(process.argv);
}
