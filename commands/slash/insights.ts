import { insightsMessage } from '../../views/insights.js';
import { principalSubcommand } from './principal-subcommand.js';

export const insightsSubcommand = principalSubcommand(
  'insights',
  'provisioned vs used for a user, role or group: per service, last use, unused high-risk actions',
  async (ctx, query, accountId) => insightsMessage(await ctx.services.usage.insights(query, accountId)),
);
