import type { Command } from 'commander';
import { defaultConfig, loadConfig, type Environment, type RightsizeConfig } from '../config/index.js';
import { UsageError } from '../errors.js';
import { loadActionCatalog } from '../iam/catalog-loader.js';
import { PolicyEngine } from '../iam/index.js';
import { StateStore, type Actor } from '../store/index.js';
import type { CliIo, Signal } from './io.js';

/** What a subcommand gets from the entry: output, the clock, the environment, signals, the exit code. */
export interface CommandContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => Date;
  env: Environment;
  /** Calls `handler` on the signal; returns the function that stops listening. */
  onSignal: (signal: Signal, handler: () => void) => () => void;
  /** The program, to read its global options (--config). */
  program: Command;
  /** The policy engine over the AWS action catalog (loading it takes a moment, so only commands that scan do). */
  engine: () => Promise<PolicyEngine>;
  /** The exit code when the command returns normally (errors set theirs): 1 a failure it reports, 3 --fail-on. */
  setExitCode: (code: number) => void;
}

/** The context of one run of the program over `io`; the exit code it sets is read back with `exitCode()`. */
export function commandContext(program: Command, io: CliIo): CommandContext & { exitCode(): number } {
  let exitCode = 0;
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    now: io.now,
    env: io.env ?? {},
    onSignal: io.onSignal ?? (() => () => undefined),
    program,
    engine: async () => new PolicyEngine(await loadActionCatalog()),
    setExitCode: (code) => (exitCode = code),
    exitCode: () => exitCode,
  };
}

/** The config file from --config or RIGHTSIZE_CONFIG; the defaults (no accounts, no schedules) without one. */
export async function commandConfig(ctx: CommandContext): Promise<RightsizeConfig> {
  const file = (ctx.program.opts() as { config?: string }).config ?? ctx.env.RIGHTSIZE_CONFIG;
  return file ? loadConfig(file, ctx.env) : defaultConfig();
}

/** The state file: --state, else RIGHTSIZE_STATE, else the config's `stateFile`; undefined when none is given. */
export function statePath(
  option: string | undefined,
  ctx: CommandContext,
  config: RightsizeConfig,
): string | undefined {
  return option ?? (ctx.env.RIGHTSIZE_STATE || undefined) ?? config.stateFile;
}

/** Opens the state for a command that cannot work without one. */
export async function requireStore(
  option: string | undefined,
  ctx: CommandContext,
  config: RightsizeConfig,
): Promise<StateStore> {
  const path = statePath(option, ctx, config);
  if (!path)
    throw new UsageError('no state file given', {
      hint: 'pass --state FILE, set RIGHTSIZE_STATE, or set stateFile in the config',
    });
  return StateStore.open(path);
}

/** The person at the terminal, for the audit log. */
export function cliActor(ctx: CommandContext, by?: string): Actor {
  return { id: by ?? ctx.env.USER ?? ctx.env.USERNAME ?? 'cli', via: 'cli' };
}

export const STATE_OPTION_HELP = 'state file (default: RIGHTSIZE_STATE, then stateFile in the config)';
