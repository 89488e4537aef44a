import { accountOf, CONTEXT_OPTIONS, contextPairs } from './access-options.js';
import { canPage } from './access-pages.js';
import type { Subcommand } from './registry.js';

export const canSubcommand: Subcommand = {
  name: 'can',
  usage: 'can <principal> <action> [resource] [--context key=value …] [--account A]',
  summary:
    'whether a user, role or group can perform an action: allowed, denied or conditional, and the statements that decide',
  options: CONTEXT_OPTIONS,
  positionals: { min: 2, max: 3, name: 'principal and action (e.g. `role/deploy iam:PassRole`)' },
  prepare(input, services) {
    const [principal = '', action = '', resource = '*'] = input.positionals;
    const context = contextPairs(input);
    const accountId = accountOf(input, services);
    const query = { principal, action, resource, ...(context && { context }), ...(accountId && { accountId }) };
    return { run: async (ctx) => ctx.respond(await canPage(services, query, 0)) };
  },
};
