import { UsageError } from '../../src/errors.js';
import { helpMessage } from '../../views/help.js';
import { closestName } from './closest.js';
import { SLASH_COMMAND, type Subcommand } from './registry.js';

/** `help [command]`: the subcommands this app has (only those that work), or one of them. */
export function helpSubcommand(all: () => readonly Subcommand[]): Subcommand {
  return {
    name: 'help',
    usage: 'help [command]',
    summary: 'the subcommands and what they do',
    options: {},
    positionals: { min: 0, max: 1, name: 'command' },
    prepare: (input, services) => {
      const offered = all().filter((s) => s.available?.(services) ?? true);
      const asked = input.positionals[0]?.toLowerCase();
      if (!asked) return { reply: helpMessage(SLASH_COMMAND, offered) };
      const names = offered.map((s) => s.name);
      const one = offered.find((s) => s.name === asked);
      if (one) return { reply: helpMessage(SLASH_COMMAND, [one]) };
      const near = closestName(asked, names);
      throw new UsageError(
        `no command "${asked}"${near ? `; did you mean ${near}?` : `; commands: ${names.join(', ')}`}`,
      );
    },
  };
}
