import { suggestionMessage } from '../../views/suggestion.js';
import { deliverSuggestion } from '../suggestion-delivery.js';
import { principalSubcommand } from './principal-subcommand.js';

export const suggestSubcommand = principalSubcommand(
  'suggest',
  "the least-privilege policy its usage supports, as a diff against today's policies (a long diff comes as a file in a DM)",
  async (ctx, query, accountId) => {
    const suggestion = await ctx.services.usage.suggestion(query, accountId);
    return suggestionMessage(await deliverSuggestion(ctx.client, ctx.userId, suggestion));
  },
);
