import { insightsMessage } from '../../views/insights.js';
import { suggestionMessage } from '../../views/suggestion.js';
import { deliverSuggestion } from '../suggestion-delivery.js';
import { resolveAccounts } from './accounts.js';
import type { Subcommand } from './registry.js';

const PRINCIPAL = 'principal (`role/deploy`, a name or an ARN)';

/** The principal named in a command, and the account when one is named with --account. */
function principalInput(input: Parameters<Subcommand['prepare']>[0], services: Parameters<Subcommand['prepare']>[1]) {
  const query = input.positionals[0] ?? '';
  const [accountId] =
    resolveAccounts(services, typeof input.values.account === 'string' ? [input.values.account] : undefined) ?? [];
  return { query, accountId };
}

export const insightsSubcommand: Subcommand = {
  name: 'insights',
  usage: 'insights <principal> [--account A]',
  summary: 'provisioned vs used for a user, role or group: per service, last use, unused high-risk actions',
  options: { account: { type: 'string', short: 'a' } },
  positionals: { min: 1, max: 1, name: PRINCIPAL },
  prepare(input, services) {
    const { query, accountId } = principalInput(input, services);
    return {
      async run(ctx) {
        await ctx.respond(insightsMessage(await services.usage.insights(query, accountId)));
      },
    };
  },
};

export const suggestSubcommand: Subcommand = {
  name: 'suggest',
  usage: 'suggest <principal> [--account A]',
  summary:
    "the least-privilege policy its usage supports, as a diff against today's policies (a long diff comes as a file in a DM)",
  options: { account: { type: 'string', short: 'a' } },
  positionals: { min: 1, max: 1, name: PRINCIPAL },
  prepare(input, services) {
    const { query, accountId } = principalInput(input, services);
    return {
      async run(ctx) {
        const answer = await services.usage.suggestion(query, accountId);
        await ctx.respond(suggestionMessage(await deliverSuggestion(ctx.client, ctx.userId, answer)));
      },
    };
  },
};
