import { context, section, type MessageView } from './blocks.js';
import { escapeMrkdwn, truncate } from './limits.js';

/** A slash subcommand as help shows it. */
export interface CommandHelp {
  usage: string;
  summary: string;
}

/**
 * A usage line as inline code. Slack reads `<…>` as a link or mention even inside a code span and shows nothing of
 * one it cannot resolve, so the placeholders (`<finding>`) are escaped.
 */
export function usageCode(command: string, entry: CommandHelp): string {
  return `\`${escapeMrkdwn(`${command} ${entry.usage}`.replace(/`/g, "'"))}\``;
}

function entryText(command: string, entry: CommandHelp): string {
  return `${usageCode(command, entry)}\n${escapeMrkdwn(entry.summary, 300)}`;
}

export function helpMessage(command: string, entries: readonly CommandHelp[]): MessageView {
  return {
    text: `${command}: ${entries.map((e) => e.usage.split(' ')[0]).join(', ')}`,
    blocks: [
      section(`*Rightsize* finds AWS IAM risks. Commands:`),
      section(entries.map((e) => entryText(command, e)).join('\n\n')),
      context(
        'A finding is named by its id (from any list, or its first characters), the resource ARN, or the resource name.',
      ),
    ],
  };
}

/** Input a subcommand could not understand: what was wrong, then that subcommand's usage (not the whole help). */
export function usageMessage(command: string, problem: string, entry: CommandHelp): MessageView {
  return {
    text: `${truncate(problem, 2000)} — usage: ${truncate(`${command} ${entry.usage}`, 500)}`,
    blocks: [
      section(`:warning: ${escapeMrkdwn(problem, 1500)}`),
      section(`Usage: ${entryText(command, entry)}`),
      context(`\`${command} help\` lists every command.`),
    ],
  };
}

/** A subcommand nobody has: the closest one and its usage, or the names of all. */
export function unknownCommandMessage(
  command: string,
  typed: string,
  closest: (CommandHelp & { name: string }) | undefined,
  names: readonly string[],
): MessageView {
  const problem = `There is no \`${escapeMrkdwn(`${command} ${typed}`.replace(/`/g, "'"), 200)}\`.`;
  if (closest)
    return {
      text: `There is no ${truncate(`${command} ${typed}`, 200)}. Did you mean ${command} ${closest.name}?`,
      blocks: [
        section(`:warning: ${problem} Did you mean \`${command} ${closest.name}\`?`),
        section(entryText(command, closest)),
        context(`\`${command} help\` lists every command.`),
      ],
    };
  return {
    text: `There is no ${truncate(`${command} ${typed}`, 200)}. Commands: ${names.join(', ')}`,
    blocks: [
      section(`:warning: ${problem} Commands: ${names.map((n) => `\`${n}\``).join(', ')}.`),
      context(`\`${command} help\` says what each does.`),
    ],
  };
}
