import { Option, type Command } from 'commander';
import { cliActor, givenConfig, requireStore, STATE_OPTION_HELP, type CommandContext } from './context.js';

/** `rightsize unmute <finding>`: lifts a mute before it runs out (audited). */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<finding>', 'finding id or an unambiguous prefix of it')
    .option('--by <name>', 'who unmutes, for the audit log (default: $USER)')
    .addOption(new Option('--state <file>', STATE_OPTION_HELP))
    .action(async (ref: string, opts: { by?: string; state?: string }) => {
      const store = await requireStore(opts.state, ctx, await givenConfig(ctx));
      const { finding, wasMuted } = await store.unmute(ref, cliActor(ctx, opts.by), ctx.now());
      ctx.stdout(wasMuted ? `unmuted ${finding.id} (${finding.title})` : `${finding.id} was not muted`);
    });
}
