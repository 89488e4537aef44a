import { context, section, type MessageView } from './blocks.js';
import { escapeMrkdwn, truncate } from './limits.js';

/** A slash subcommand as help shows it. */
export interface CommandHelp {
  usage: string;
  summary: string;
}

export function helpMessage(command: string, entries: readonly CommandHelp[]): MessageView {
  const lines = entries.map((e) => `\`${command} ${e.usage}\`\n${escapeMrkdwn(e.summary, 300)}`);
  return {
    text: `${command}: ${entries.map((e) => e.usage.split(' ')[0]).join(', ')}`,
    blocks: [
      section(`*Rightsize* finds AWS IAM risks. Commands:`),
      section(lines.join('\n\n')),
      context('A finding is named by its id (from any list), the resource ARN, or the resource name.'),
    ],
  };
}

/** Input that could not be understood: what was wrong, then the usage. */
export function usageMessage(command: string, problem: string, entries: readonly CommandHelp[]): MessageView {
  const help = helpMessage(command, entries);
  return {
    text: `${truncate(problem, 2000)} — try \`${command} help\``,
    blocks: [section(`:warning: ${escapeMrkdwn(problem, 1500)}`), ...help.blocks],
  };
}
