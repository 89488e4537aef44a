import { UsageError } from '../../src/errors.js';
import { parseMuteDays } from '../../src/store/mute-days.js';
import { MUTE_REASON_MAX, MUTE_SETTINGS, muteOutcomeMessage } from '../../views/mute-modal.js';
import { notAllowedMessage } from '../../views/notice.js';
import type { Subcommand } from './registry.js';

export const muteSubcommand: Subcommand = {
  name: 'mute',
  usage: 'mute <finding> <days> <reason>',
  summary: `accept a finding for 1–365 days (id or a unique prefix); it leaves digests and lists until then. Audited; for the people in \`access.muters\` and \`access.approvers\``,
  available: (services) => services.access.muters.length > 0,
  options: {},
  positionals: { min: 3, max: 200, name: 'finding, days and reason' },
  prepare(input, services) {
    const [finding = '', daysText = '', ...words] = input.positionals;
    const days = parseMuteDays(daysText);
    if (typeof days !== 'number') throw new UsageError(days.problem);
    const reason = words.join(' ').trim();
    if (reason.length > MUTE_REASON_MAX)
      throw new UsageError(`the reason is longer than ${MUTE_REASON_MAX} characters`);
    return {
      async run(ctx) {
        if (!(await services.access.mayMute(ctx.userId))) {
          await ctx.respond(notAllowedMessage('mute findings', services.access.muters, MUTE_SETTINGS));
          return;
        }
        await ctx.respond(muteOutcomeMessage(await services.mutes.mute({ finding, by: ctx.userId, days, reason })));
      },
    };
  },
};
