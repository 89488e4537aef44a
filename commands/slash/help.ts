import { helpMessage } from '../../views/help.js';
import { SLASH_COMMAND, type Subcommand } from './registry.js';

/** `help`: the subcommands this app has (only those that work). */
export function helpSubcommand(all: () => readonly Subcommand[]): Subcommand {
  return {
    name: 'help',
    usage: 'help',
    summary: 'the subcommands and what they do',
    options: {},
    positionals: { min: 0, max: 1, name: 'command' },
    prepare: (_input, services) => ({
      reply: helpMessage(
        SLASH_COMMAND,
        all().filter((s) => s.available?.(services) ?? true),
      ),
    }),
  };
}
