import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { GROUP_BY, type GroupBy } from '../../src/report/group.js';
import { buildDigest } from '../../src/scans/digest.js';
import { deliverDigest } from '../outbound/publish-digest.js';
import { context, section } from '../../views/blocks.js';
import { plural } from '../../views/limits.js';
import { riskListMessage } from '../../views/risk-list.js';
import { accountName } from '../../views/scan-summary.js';
import { ruleTitles } from '../services.js';
import { resolveAccounts } from './accounts.js';
import { choiceValue } from './parse.js';
import type { Subcommand } from './registry.js';

/** Slack's answers when the bot may not post in the channel the command came from. */
const NO_CHANNEL_ACCESS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export const scanSubcommand: Subcommand = {
  name: 'scan',
  usage: 'scan [account] [--group-by risk|resource|none]',
  summary: 'scan now and post the digest in this channel (all served accounts unless one is named)',
  options: { 'group-by': { type: 'string', short: 'g' } },
  positionals: { min: 0, max: 1, name: 'account' },
  prepare(input, services) {
    const ids =
      resolveAccounts(services, input.positionals.length > 0 ? input.positionals : undefined) ??
      services.scans.accounts().map((a) => a.id);
    const groupBy: GroupBy = choiceValue(input.values['group-by'], GROUP_BY, 'group-by') ?? 'risk';
    const names = services.scans
      .accounts()
      .filter((a) => ids.includes(a.id))
      .map(accountName);
    return {
      pending: `Scanning ${names.join(', ')}… the digest follows in this channel.`,
      async run(ctx) {
        for (const id of ids) {
          const scan = await services.scans.scan(id, ctx.userId);
          const titles = ruleTitles(services);
          // What changed since this channel's last digest; asked for, the full digest is posted even with no change.
          const digest = buildDigest(
            { latest: scan },
            {
              groupBy,
              minSeverity: 'low',
              ruleTitles: titles,
              changes: services.digests.changesSince(ctx.channelId, scan),
            },
          );
          try {
            const posted = await deliverDigest(
              {
                client: ctx.client,
                ledger: services.digests,
                ownership: services.ownership,
                jira: services.jira !== undefined,
              },
              ctx.channelId,
              { ...digest, changed: true },
              'post',
            );
            if (posted.kind !== 'skipped')
              ctx.logger.info(`digest for ${id} posted to ${posted.channel} (${posted.ts})`);
          } catch (e) {
            if (!isNoChannelAccess(e)) throw e;
            // Without access to the channel the findings still reach the person who asked, privately.
            const list = riskListMessage({ scans: [scan], groupBy, filter: {}, ruleTitles: titles });
            await ctx.respond({
              text: list.text,
              blocks: [
                section(
                  `:information_source: I can't post in this channel, so here is the scan just for you. Invite me (\`/invite @Rightsize\`) to get digests here.`,
                ),
                ...list.blocks,
              ],
            });
            continue;
          }
          await ctx.respond(
            {
              text: `Scanned ${accountName(scan.account)}`,
              blocks: [
                context(
                  `Scanned ${accountName(scan.account)} in ${(scan.durationMs / 1000).toFixed(1)} s: ${plural(scan.result.findings.length, 'finding')}; the digest is in the channel.`,
                ),
              ],
            },
            { replaceOriginal: true },
          );
        }
      },
    };
  },
};

function isNoChannelAccess(e: unknown): boolean {
  const error = e as Partial<WebAPIPlatformError>;
  return error.code === ErrorCode.PlatformError && NO_CHANNEL_ACCESS.has(String(error.data?.error));
}
