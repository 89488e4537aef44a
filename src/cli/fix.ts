import { Option, type Command } from 'commander';
import type { RightsizeConfig } from '../config/index.js';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { FixError, NotFoundError } from '../errors.js';
import { describeResult, describeRollback } from '../remediate/describe.js';
import type { FixService } from '../remediate/fix-service.js';
import { renderPlanText } from '../remediate/preview.js';
import type { FixInputs, FixPlan, PlanOutcome } from '../remediate/types.js';
import { runRules } from '../risks/run.js';
import type { Finding } from '../risks/types.js';
import { type AccountSnapshot } from '../snapshot/index.js';
import { loadAccountSnapshot } from '../organization/load.js';
import { findByIdOrPrefix, type StateStore } from '../store/index.js';
import { cliActor, commandConfig, requireStore, STATE_OPTION_HELP, type CommandContext } from './context.js';

interface PlanOptions {
  snapshot?: string;
  externalId?: string;
  oidcSub?: string;
  format: 'text' | 'json';
}

interface ApplyOptions extends PlanOptions {
  approvedBy: string;
  by?: string;
  state?: string;
  dryRun?: boolean;
}

/** `rightsize fix plan|apply|rollback`: Fix in AWS for operators, with the same approvals recorded as in Slack. */
export function register(fix: Command, ctx: CommandContext): void {
  const planOptions = (command: Command) =>
    command
      .argument('<finding>', 'finding id, or an unambiguous prefix of it (as printed by `rightsize scan`)')
      .option('-s, --snapshot <dir>', 'snapshot the finding comes from (default: the bundled demo account)')
      .option('--external-id <value>', 'open-trust: the sts:ExternalId the partner must send')
      .option('--oidc-sub <value>', 'open-trust: the OIDC subject to require, e.g. repo:org/repo:ref:refs/heads/main')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'));

  planOptions(fix.command('plan'))
    .description(
      'print the plan: the exact AWS API calls, their undo, before/after as a diff (reads AWS, changes nothing)',
    )
    .action(async (ref: string, opts: PlanOptions) => {
      const { service, finding, snapshot } = await prepare(ctx, ref, opts, false);
      const outcome = await service.plan(finding, snapshot, inputs(opts));
      if (opts.format === 'json') ctx.stdout(JSON.stringify(outcome, null, 2));
      else if (outcome.kind === 'plan') ctx.stdout(renderPlanText(outcome.plan));
      planOf(outcome);
    });

  planOptions(fix.command('apply'))
    .description(
      'plan, check nothing changed since (drift), apply, read back, re-run the rule; recorded with the approval',
    )
    .requiredOption(
      '--approved-by <name>',
      'who approved the fix (recorded; must not be you unless fixes.allowSelfApproval)',
    )
    .option('--by <name>', 'who applies it, for the audit log (default: $USER)')
    .option('--dry-run', 'check for drift and print the calls without making them or recording anything')
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .action(async (ref: string, opts: ApplyOptions) => {
      const { service, finding, snapshot } = await prepare(ctx, ref, opts, !opts.dryRun);
      const by = cliActor(ctx, opts.by);
      const approvedBy = { id: opts.approvedBy, via: 'cli' as const };
      if (by.id === approvedBy.id && !service.fixes.allowSelfApproval)
        throw new FixError(`${by.id} cannot approve their own fix`, {
          hint: 'name the person who approved it with --approved-by, or set fixes.allowSelfApproval in the config',
        });
      const plan = planOf(await service.plan(finding, snapshot, inputs(opts)));
      const { fix: record, result } = await service.applyWithApproval(plan, by, approvedBy, snapshot, {
        dryRun: opts.dryRun,
      });
      if (opts.format === 'json') ctx.stdout(JSON.stringify({ plan, result, fix: record }, null, 2));
      else ctx.stdout(`${renderPlanText(plan)}\n${describeResult(result, record)}`);
      if (result.status !== 'dry-run' && record?.status !== 'verified')
        throw new FixError(`the fix of ${finding.id} did not go through: ${record?.status ?? result.status}`, {
          hint: 'the output above says what was applied and rolled back; `rightsize history <finding>` has the record',
        });
    });

  fix
    .command('rollback')
    .description('roll back an applied fix (within fixes.rollbackWindowHours), refused if the resource changed since')
    .argument('<fix>', 'fix id, or the finding id (its latest fix)')
    .option('--by <name>', 'who rolls back, for the audit log (default: $USER)')
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .action(async (ref: string, opts: { by?: string; state?: string }) => {
      const config = await commandConfig(ctx);
      const store = await requireStore(opts.state, ctx, config);
      const service = await fixService(ctx, config, store);
      const outcome = await service.rollback(resolveFixRef(store, ref), cliActor(ctx, opts.by));
      ctx.stdout(describeRollback(outcome));
      if (outcome.kind !== 'rolled-back' || outcome.result.status !== 'rolled-back')
        throw new FixError(`fix ${outcome.fix.id} was not rolled back`);
    });
}

async function prepare(ctx: CommandContext, ref: string, opts: PlanOptions & { state?: string }, records: boolean) {
  const config = await commandConfig(ctx);
  const [snapshot, engine] = await Promise.all([loadAccountSnapshot(opts.snapshot ?? demoSnapshotDir()), ctx.engine()]);
  const result = runRules(snapshot, engine, { now: ctx.now(), settings: config.rules });
  const finding = findFinding(result.findings, ref);
  const store = records ? await requireStore(opts.state, ctx, config) : undefined;
  return { service: await fixService(ctx, config, store), finding, snapshot: snapshot as AccountSnapshot };
}

async function fixService(ctx: CommandContext, config: RightsizeConfig, store?: StateStore): Promise<FixService> {
  // The AWS SDK and the fix flow load when a fix is planned, applied or rolled back, not for `fix --help`.
  const [{ remediationGateways }, { FixService }] = await Promise.all([
    import('../aws/remediation-target.js'),
    import('../remediate/fix-service.js'),
  ]);
  return new FixService({
    ...(store && { store }),
    gateway: remediationGateways(config.fixes),
    engine: await ctx.engine(),
    settings: config.rules,
    fixes: config.fixes,
    now: ctx.now,
  });
}

function findFinding(findings: readonly Finding[], ref: string): Finding {
  return findByIdOrPrefix(
    findings,
    ref,
    () =>
      new NotFoundError(`the snapshot has no finding ${ref}`, {
        hint: '`rightsize scan --snapshot DIR` prints the finding ids',
      }),
  );
}

function resolveFixRef(store: StateStore, ref: string): string {
  const fixes = store.data.fixes;
  const match =
    fixes.find((f) => f.id === ref) ?? fixes.filter((f) => f.findingId === ref || f.findingId.startsWith(ref)).at(-1);
  if (!match)
    throw new NotFoundError(`no fix ${ref} in the state`, { hint: '`rightsize history <finding>` lists fixes' });
  return match.id;
}

function inputs(opts: PlanOptions): FixInputs {
  return {
    ...(opts.externalId && { externalId: opts.externalId }),
    ...(opts.oidcSub && { oidcSubject: opts.oidcSub }),
  };
}

/** The plan, or the reason there is none as an error (exit 1). */
function planOf(outcome: PlanOutcome): FixPlan {
  if (outcome.kind === 'plan') return outcome.plan;
  if (outcome.kind === 'needs-input')
    throw new FixError(outcome.prompt, {
      hint: `pass ${outcome.input === 'externalId' ? '--external-id' : '--oidc-sub'} (e.g. ${outcome.example})`,
    });
  throw new FixError(`no automatic fix: ${outcome.reason}`, { hint: `fix it by hand: ${outcome.consoleUrl}` });
}
