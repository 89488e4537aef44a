import type { Command } from 'commander';
import { can, parseContext } from '../queries/index.js';
import { renderCanText } from '../queries/render-text.js';
import { contextOption, formatOption, indexNote, loadAccessIndex, timed } from './access-queries.js';
import type { CommandContext } from './context.js';
import { snapshotOption } from './options.js';

/** `rightsize can <principal> <action> [resource]`: allowed, denied or conditional, and which statements decide. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<principal>', 'user, role or group: name, kind/name (role/deploy), ARN or an unambiguous name prefix')
    .argument('<action>', 'an action or pattern: s3:GetObject, s3:Get*')
    .argument('[resource]', 'a resource ARN or pattern; default: *', '*')
    .addOption(snapshotOption())
    .addOption(contextOption())
    .addOption(formatOption())
    .action(
      async (
        query: string,
        action: string,
        resource: string,
        opts: { snapshot?: string; context?: string[]; format: 'text' | 'json' },
      ) => {
        const context = parseContext(opts.context);
        const loaded = await loadAccessIndex(ctx, opts.snapshot, { escalation: false });
        const principal = loaded.index.find(query);
        const { answer, ms } = timed(() => can(loaded.index, principal, action, resource, context));
        ctx.stdout(opts.format === 'json' ? JSON.stringify(answer, null, 2) : renderCanText(answer));
        ctx.stderr(indexNote(loaded, ms));
      },
    );
}
