import { statusMessage } from '../../views/status.js';
import type { Subcommand } from './registry.js';

export const statusSubcommand: Subcommand = {
  name: 'status',
  usage: 'status',
  summary:
    'last scan of each account, what it could not read (gaps), rules that did not run, policy problems (Show policy problems pages through each one), the next scheduled scan; accounts of an AWS Organization grouped under it, each with its OU path and the organisation’s cross-account paths once its pass has run',
  options: {},
  positionals: { min: 0, max: 0, name: '' },
  prepare: (_input, services) => ({
    run: async (ctx) => {
      const accounts = services.scans.accounts().map((account) => {
        const latest = services.scans.latest(account.id);
        const next = services.schedule?.nextRunAt(account.id);
        return { account, ...(latest && { latest }), ...(next && { nextRunAt: next.toISOString() }) };
      });
      // The organisation pass's open paths, once it ran (an organisation digest, or a click on one of its findings).
      const organizations = new Set(accounts.flatMap(({ account }) => account.organization?.id ?? []));
      const paths = new Map<string, { paths: number; toAdministrator: number }>();
      for (const id of organizations) {
        const counted = services.scans.crossAccountPaths?.(id);
        if (counted) paths.set(id, counted);
      }
      await ctx.respond(statusMessage(accounts, paths));
    },
  }),
};
