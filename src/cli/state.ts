import { Option, type Command } from 'commander';
import { checkState, repairState, type StateCheck } from '../store/index.js';
import { cliActor, givenConfig, STATE_OPTION_HELP, statePath, type CommandContext } from './context.js';
import { UsageError } from '../errors.js';

/** `rightsize state check|repair`: what is wrong with a state file, and making it usable without losing it. */
export function register(state: Command, ctx: CommandContext): void {
  const resolvePath = async (option: string | undefined) => {
    const path = statePath(option, ctx, await givenConfig(ctx));
    if (!path) throw new UsageError('no state file given', { hint: 'pass --state FILE or set RIGHTSIZE_STATE' });
    return path;
  };

  state
    .command('check')
    .description('read the state file without changing it and list what is wrong with it (exit 1 when anything is)')
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .action(async (opts: { state?: string }) => {
      const check = await checkState(await resolvePath(opts.state));
      ctx.stdout(renderCheck(check));
      if (check.status === 'problems' || check.status === 'unusable') ctx.setExitCode(1);
    });

  state
    .command('repair')
    .description(
      'make the state file usable: drop invalid records (an unparsable file is set aside and replaced by an empty state); the original is kept next to it',
    )
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .option('--by <name>', 'who repairs, for the audit log (default: $USER)')
    .action(async (opts: { state?: string; by?: string }) => {
      const repair = await repairState(await resolvePath(opts.state), ctx.now(), cliActor(ctx, opts.by));
      if (repair.actions.length === 0) {
        ctx.stdout(`${repair.check.file}: nothing to repair`);
        return;
      }
      ctx.stdout([`${repair.check.file}: repaired`, ...repair.actions.map((a) => `  - ${a}`)].join('\n'));
      if (repair.backup) ctx.stdout(`  the file as it was: ${repair.backup}`);
    });
}

function renderCheck(check: StateCheck): string {
  const lines: string[] = [];
  if (check.status === 'absent') lines.push(`${check.file}: no state file yet (recording a scan creates it)`);
  else if (check.status === 'unusable')
    lines.push(
      `${check.file}: unusable: ${check.unusable}`,
      '  `rightsize state repair` sets it aside and starts again',
    );
  else {
    const counts = Object.entries(check.counts ?? {})
      .map(([name, n]) => `${n} ${name}`)
      .join(', ');
    lines.push(`${check.file}: schema version ${check.schemaVersion}; ${counts}`);
    if (check.status === 'ok') lines.push('  ok');
    else {
      lines.push(`  ${check.problems.length} problem(s):`);
      for (const p of check.problems.slice(0, 50)) lines.push(`  - ${p.path}: ${p.message}`);
      if (check.problems.length > 50) lines.push(`  and ${check.problems.length - 50} more`);
      lines.push('  `rightsize state repair` drops these records (keeping a copy of the file)');
    }
  }
  for (const temp of check.leftoverTempFiles ?? [])
    lines.push(`  note: ${temp} was left by an interrupted write; the state file is the last complete one`);
  return lines.join('\n');
}
