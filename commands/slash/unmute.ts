import { MUTE_SETTINGS, unmuteOutcomeMessage } from '../../views/mute-modal.js';
import { notAllowedMessage } from '../../views/notice.js';
import type { Subcommand } from './registry.js';

export const unmuteSubcommand: Subcommand = {
  name: 'unmute',
  usage: 'unmute <finding>',
  summary: `lift a finding's mute early (id or a unique prefix); it counts again at once. Audited; for the same people as \`mute\``,
  available: (services) => services.access.muters.length > 0,
  options: {},
  positionals: { min: 1, max: 1, name: 'finding' },
  prepare(input, services) {
    const [finding = ''] = input.positionals;
    return {
      async run(ctx) {
        if (!(await services.access.mayMute(ctx.userId))) {
          await ctx.respond(notAllowedMessage('unmute findings', services.access.muters, MUTE_SETTINGS));
          return;
        }
        await ctx.respond(unmuteOutcomeMessage(await services.mutes.unmute({ finding, by: ctx.userId })));
      },
    };
  },
};
