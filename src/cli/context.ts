import type { Command } from 'commander';
import type { Environment, RightsizeConfig } from '../config/index.js';
import { UsageError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import type { Actor, StateStore } from '../store/index.js';
import type { CliIo, Signal } from './io.js';

// Every subcommand's module imports this one, `--help` and `--version` too: the config (zod, YAML), the engine and
// the state store (lowdb) are imported when a command asks for them, not before.

/** What a subcommand gets from the entry: output, the clock, the environment, signals, the exit code. */
export interface CommandContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves once what stdout was given has gone out (see CliIo.drained). */
  drained: () => Promise<void>;
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
    drained: io.drained ?? (async () => undefined),
    now: io.now,
    env: io.env ?? {},
    onSignal: io.onSignal ?? (() => () => undefined),
    program,
    engine: async () => {
      const [{ loadActionCatalog }, { PolicyEngine }] = await Promise.all([
        import('../iam/catalog-loader.js'),
        import('../iam/index.js'),
      ]);
      return new PolicyEngine(await loadActionCatalog());
    },
    setExitCode: (code) => (exitCode = code),
    exitCode: () => exitCode,
  };
}

/** The config file from --config or RIGHTSIZE_CONFIG; the defaults (no accounts, no schedules) without one. */
export async function commandConfig(ctx: CommandContext): Promise<RightsizeConfig> {
  return (await givenConfig(ctx)) ?? (await import('../config/index.js')).defaultConfig();
}

/**
 * The config file from --config or RIGHTSIZE_CONFIG, undefined without one: for a command that runs on the defaults
 * without validating them (reading the config schema costs a plain scan more than a third of its start-up).
 */
export async function givenConfig(ctx: CommandContext): Promise<RightsizeConfig | undefined> {
  const file = (ctx.program.opts() as { config?: string }).config ?? ctx.env.RIGHTSIZE_CONFIG;
  return file ? (await import('../config/index.js')).loadConfig(file, ctx.env) : undefined;
}

/** The state file: --state, else RIGHTSIZE_STATE, else the config's `stateFile`; undefined when none is given. */
export function statePath(
  option: string | undefined,
  ctx: CommandContext,
  config: Pick<RightsizeConfig, 'stateFile'> | undefined,
): string | undefined {
  return option ?? (ctx.env.RIGHTSIZE_STATE || undefined) ?? config?.stateFile;
}

/** Opens the state for a command that cannot work without one. */
export async function requireStore(
  option: string | undefined,
  ctx: CommandContext,
  config: Pick<RightsizeConfig, 'stateFile'> | undefined,
): Promise<StateStore> {
  const path = statePath(option, ctx, config);
  if (!path)
    throw new UsageError('no state file given', {
      hint: 'pass --state FILE, set RIGHTSIZE_STATE, or set stateFile in the config',
    });
  const { StateStore } = await import('../store/index.js');
  return StateStore.open(path);
}

/** The person at the terminal, for the audit log. */
export function cliActor(ctx: CommandContext, by?: string): Actor {
  return { id: by ?? ctx.env.USER ?? ctx.env.USERNAME ?? 'cli', via: 'cli' };
}

export const STATE_OPTION_HELP = 'state file (default: RIGHTSIZE_STATE, then stateFile in the config)';
