import { accountOf, CONTEXT_OPTIONS, contextPairs, viaOf } from './access-options.js';
import { whoCanPage } from './access-pages.js';
import type { Subcommand } from './registry.js';

export const whoCanSubcommand: Subcommand = {
  name: 'who-can',
  usage: 'who-can <action> [resource] [--via direct|escalation|all] [--context key=value …] [--account A]',
  summary:
    'every principal that can perform an action (s3:Get*, iam:PassRole) on a resource: directly, under conditions, or by escalating',
  options: { ...CONTEXT_OPTIONS, via: { type: 'string' } },
  positionals: { min: 1, max: 2, name: 'action (e.g. `s3:GetObject`, `iam:PassRole`)' },
  prepare(input, services) {
    const [action = '', resource = '*'] = input.positionals;
    const context = contextPairs(input);
    const accountId = accountOf(input, services);
    const query = {
      action,
      resource,
      via: viaOf(input),
      ...(context && { context }),
      ...(accountId && { accountId }),
    };
    return { run: async (ctx) => ctx.respond(await whoCanPage(services, query, 0)) };
  },
};
