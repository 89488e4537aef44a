import type { MessageView } from '../../views/blocks.js';
import { resolveAccounts } from './accounts.js';
import type { RunContext, Subcommand } from './registry.js';

/** A subcommand about one principal (`<principal> [--account A]`), answered privately after the ack. */
export function principalSubcommand(
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
