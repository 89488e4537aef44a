import type { MessageView } from '../../views/blocks.js';
import { insightsMessage } from '../../views/insights.js';
import { suggestionMessage } from '../../views/suggestion.js';
import { deliverSuggestion } from '../suggestion-delivery.js';
import { resolveAccounts } from './accounts.js';
import type { RunContext, Subcommand } from './registry.js';

/** A subcommand about one principal (`<principal> [--account A]`), answered privately after the ack. */
function principalSubcommand(
  name: string,
  summary: string,
  answer: (ctx: RunContext, query: string, accountId: string | undefined) => Promise<MessageView>,
): Subcommand {
  return {
    name,
    usage: `${name} <principal> [--account A]`,
    summary,
    options: { account: { type: 'string', short: 'a' } },
    positionals: { min: 1, max: 1, name: 'principal (`role/deploy`, a name or an ARN)' },
    prepare(input, services) {
      const query = input.positionals[0] ?? '';
      const named = typeof input.values.account === 'string' ? [input.values.account] : undefined;
      const [accountId] = resolveAccounts(services, named) ?? [];
      return { run: async (ctx) => ctx.respond(await answer(ctx, query, accountId)) };
    },
  };
}

export const insightsSubcommand = principalSubcommand(
  'insights',
  'provisioned vs used for a user, role or group: per service, last use, unused high-risk actions',
  async (ctx, query, accountId) => insightsMessage(await ctx.services.usage.insights(query, accountId)),
);

export const suggestSubcommand = principalSubcommand(
  'suggest',
  "the least-privilege policy its usage supports, as a diff against today's policies (a long diff comes as a file in a DM)",
  async (ctx, query, accountId) => {
    const suggestion = await ctx.services.usage.suggestion(query, accountId);
    return suggestionMessage(await deliverSuggestion(ctx.client, ctx.userId, suggestion));
  },
);
