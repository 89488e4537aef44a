import { Option, type Command } from 'commander';
import { parseContext, whoCan, type Via } from '../queries/index.js';
import { renderWhoCanText } from '../queries/render-text.js';
import { contextOption, formatOption, indexNote, loadAccessIndex, timed } from './access-queries.js';
import type { CommandContext } from './context.js';
import { snapshotOption } from './options.js';

/** `rightsize who-can <action> [resource]`: every principal that can, directly, under conditions, or by escalating. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<action>', 'an action or pattern: s3:GetObject, s3:Get*, iam:PassRole')
    .argument('[resource]', 'a resource ARN or pattern (arn:aws:s3:::payroll/*); default: *', '*')
    .addOption(snapshotOption())
    .addOption(
      new Option('--via <how>', 'which principals: allowed directly, only through escalation, or both')
        .choices(['direct', 'escalation', 'all'])
        .default('all'),
    )
    .addOption(contextOption())
    .addOption(formatOption())
    .action(
      async (
        action: string,
        resource: string,
        opts: { snapshot?: string; via: Via; context?: string[]; format: 'text' | 'json' },
      ) => {
        const context = parseContext(opts.context);
        const loaded = await loadAccessIndex(ctx, opts.snapshot, { escalation: opts.via !== 'direct' });
        const { answer, ms } = timed(() =>
          whoCan(loaded.index, action, resource, { via: opts.via, ...(context && { context }) }),
        );
        ctx.stdout(opts.format === 'json' ? JSON.stringify(answer, null, 2) : renderWhoCanText(answer));
        ctx.stderr(indexNote(loaded, ms));
      },
    );
}
