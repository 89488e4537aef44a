import { Command, CommanderError, Help } from 'commander';
import { COMMANDS, type CommandEntry } from './cli/commands.js';
import { commandContext } from './cli/context.js';
import { processIo, type CliIo } from './cli/io.js';
import { RightsizeError, UsageError } from './errors.js';

/**
 * `rightsize`: the command-line entry. Only the module of the subcommand that runs is loaded (a scan never loads
 * the Slack app, the AWS SDK or Jira); the others are listed for help.
 * Exit codes: 0 ok, 1 an error the message explains, 2 bad usage, 3 findings at or above --fail-on.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = new Command('rightsize')
    .description(
      'Find and fix AWS IAM identity risks. Every command runs on the bundled demo account unless given --snapshot.',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .configureHelp({
      // Subcommands not loaded have no options or arguments yet; help lists them as their entries say.
      subcommandTerm(this: Help, command: Command) {
        const entry = command.parent?.parent ? undefined : entryOf(command.name());
        return entry?.term ?? Help.prototype.subcommandTerm.call(this, command);
      },
    })
    .showHelpAfterError('(run with --help for usage)')
    .option('-c, --config <file>', 'config file, YAML or JSON (default: RIGHTSIZE_CONFIG)');
  const ctx = commandContext(program, io);
  try {
    const running = entryOf(subcommandName(program, argv));
    for (const entry of COMMANDS) {
      const command = program.command(entry.name).description(entry.summary);
      if (entry === running) (await entry.load()).register(command, ctx);
    }
    await program.parseAsync(argv as string[]);
    return ctx.exitCode();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof RightsizeError) {
      io.stderr(`rightsize: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`);
      return e instanceof UsageError ? 2 : 1;
    }
    throw e;
  }
}

const entryOf = (name: string | undefined): CommandEntry | undefined => COMMANDS.find((c) => c.name === name);

/** The subcommand argv names, after the global options (`help scan` names scan), by commander's own parser. */
function subcommandName(program: Command, argv: readonly string[]): string | undefined {
  const { operands } = program.parseOptions(argv.slice(2));
  return operands[0] === 'help' ? operands[1] : operands[0];
}
