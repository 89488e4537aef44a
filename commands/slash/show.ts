import { findFindings } from '../../src/scans/find-finding.js';
import { latestScans } from '../../src/scans/latest-scans.js';
import { findingDetailsMessage } from '../../views/finding-details.js';
import { findingMatchesMessage } from '../../views/finding-matches.js';
import { noticeMessage } from '../../views/notice.js';
import { truncate } from '../../views/limits.js';
import { findingDetailsInput } from '../services.js';
import type { Subcommand } from './registry.js';

export const showSubcommand: Subcommand = {
  name: 'show',
  usage: 'show <finding|arn|name>',
  summary:
    "a finding's details: what, why, evidence, severity, resource, owner; buttons for Insights, the suggested policy, Mute and the AWS console",
  options: {},
  positionals: { min: 1, max: 1, name: 'finding id, resource ARN or name (e.g. `role/deploy`)' },
  prepare(input, services) {
    const query = input.positionals[0] ?? '';
    return {
      async run(ctx) {
        const scans = await latestScans(services.scans);
        const matches = findFindings(query, scans);
        const [only] = matches;
        if (matches.length === 0) {
          await ctx.respond(
            noticeMessage(
              `No finding matches "${truncate(query, 300)}" in the latest scan.`,
              'Use a finding id from a digest or `/rightsize risks`, a resource ARN, or a name such as `role/deploy`.',
            ),
          );
        } else if (matches.length === 1 && only) {
          await ctx.respond(findingDetailsMessage(await findingDetailsInput(services, only, ctx.userId)));
        } else {
          await ctx.respond(findingMatchesMessage(query, matches));
        }
      },
    };
  },
};
