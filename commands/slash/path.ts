import { findingsByPrincipal, pathMessage } from '../../views/access-queries.js';
import { accountOf } from './access-options.js';
import type { Subcommand } from './registry.js';

export const pathSubcommand: Subcommand = {
  name: 'path',
  usage: 'path <from> <to|administrator> [--account A]',
  summary: 'how one principal can become another, or administrator: every step with its action and statement',
  options: { account: { type: 'string', short: 'a' } },
  positionals: { min: 2, max: 2, name: 'two principals (e.g. `user/intern administrator`)' },
  prepare(input, services) {
    const [from = '', to = ''] = input.positionals;
    const accountId = accountOf(input, services);
    return {
      async run(ctx) {
        const result = await services.queries.path({ from, to, ...(accountId && { accountId }) });
        await ctx.respond(
          pathMessage({
            account: result.account,
            answer: result.answer,
            findings: findingsByPrincipal(result.scan.result.findings),
            scan: { accountId: result.account.id, scannedAt: result.scan.scannedAt },
            ...(result.indexBuiltMs !== undefined && { indexBuiltMs: result.indexBuiltMs }),
          }),
        );
      },
    };
  },
};
