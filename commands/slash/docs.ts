import { defaultSubcommands } from './subcommands.js';
import { SLASH_COMMAND } from './registry.js';

/** The README's slash-command table, generated from the registered subcommands (`npm run docs`). */
export function renderSlashCommandTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '| in Slack | what happens |',
    '|---|---|',
    ...defaultSubcommands().map((s) => `| \`${cell(`${SLASH_COMMAND} ${s.usage}`)}\` | ${cell(s.summary)} |`),
  ].join('\n');
}
