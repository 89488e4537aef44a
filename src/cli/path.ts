import type { Command } from 'commander';
import { path } from '../queries/index.js';
import { renderPathText } from '../queries/render-text.js';
import { formatOption, indexNote, loadAccessIndex, timed } from './access-queries.js';
import type { CommandContext } from './context.js';
import { snapshotOption } from './options.js';

/** `rightsize path <from> <to>`: how one principal can become another, or administrator, step by step. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<from>', 'the principal that starts: name, kind/name, ARN or an unambiguous name prefix')
    .argument('<to>', 'the principal to become, or "administrator" (admin)')
    .addOption(snapshotOption())
    .addOption(formatOption())
    .action(async (from: string, to: string, opts: { snapshot?: string; format: 'text' | 'json' }) => {
      const loaded = await loadAccessIndex(ctx, opts.snapshot, { escalation: true });
      const { index } = loaded;
      const target = /^(administrator|admin)$/i.test(to) ? 'administrator' : index.find(to);
      const source = index.find(from);
      const { answer, ms } = timed(() => path(index, source, target));
      ctx.stdout(opts.format === 'json' ? JSON.stringify(answer, null, 2) : renderPathText(answer));
      ctx.stderr(indexNote(loaded, ms));
    });
}
