import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { GROUP_BY, type GroupBy } from '../../src/report/group.js';
import { buildDigest } from '../../src/scans/digest.js';
import { buildOrganizationDigest } from '../../src/scans/organization-digest.js';
import type { LatestScan } from '../../src/scans/types.js';
import { deliverDigest, deliverOrganizationDigest } from '../outbound/publish-digest.js';
import { context, section } from '../../views/blocks.js';
import { plural } from '../../views/limits.js';
import { riskListMessage } from '../../views/risk-list.js';
import { accountName } from '../../views/scan-summary.js';
import { ruleTitles, type AppServices } from '../services.js';
import { resolveAccounts } from './accounts.js';
import { choiceValue } from './parse.js';
import type { PreparedCommand, RunContext, Subcommand } from './registry.js';

/** Slack's answers when the bot may not post in the channel the command came from. */
const NO_CHANNEL_ACCESS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export const scanSubcommand: Subcommand = {
  name: 'scan',
  usage: 'scan [account|organisation] [--group-by risk|resource|none]',
  summary:
    'scan now and post the digest in this channel (all served accounts unless one is named; an organisation id: its accounts, and one digest with the cross-account paths)',
  options: { 'group-by': { type: 'string', short: 'g' } },
  positionals: { min: 0, max: 1, name: 'account' },
  prepare(input, services) {
    const groupBy: GroupBy = choiceValue(input.values['group-by'], GROUP_BY, 'group-by') ?? 'risk';
    const named = input.positionals[0];
    if (named !== undefined && services.scans.organizations?.().includes(named))
      return organizationScan(services, named, groupBy);
    const ids =
      resolveAccounts(services, input.positionals.length > 0 ? input.positionals : undefined) ??
      services.scans.accounts().map((a) => a.id);
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
            await respondPrivately(ctx, [scan], groupBy, titles);
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

/**
 * `/rightsize scan <organisation id>`: every served account of the organisation scanned now, then the organisation
 * pass, and one digest for the organisation in this channel (as a schedule's `digest: organization` posts it).
 */
function organizationScan(services: AppServices, organizationId: string, groupBy: GroupBy): PreparedCommand {
  const members = services.scans.accounts().filter((a) => a.organization?.id === organizationId);
  return {
    pending: `Scanning organisation ${organizationId} (${members.map(accountName).join(', ')})… the digest follows in this channel.`,
    async run(ctx) {
      for (const account of members)
        await services.scans.scan(account.id, ctx.userId).catch((e: unknown) => {
          // The pass names an account it could not join; the reason goes to the log.
          ctx.logger.warn(`scan of ${account.id} failed: ${e instanceof Error ? e.message : String(e)}`);
        });
      const scan = await services.scans.scanOrganization!(organizationId, { id: ctx.userId, via: 'slack' });
      const titles = ruleTitles(services);
      const digest = buildOrganizationDigest(scan, {
        groupBy,
        minSeverity: 'low',
        ruleTitles: titles,
        changesSince: (latest) => services.digests.changesSince(ctx.channelId, latest),
      });
      try {
        const posted = await deliverOrganizationDigest(
          { client: ctx.client, ledger: services.digests, ownership: services.ownership },
          ctx.channelId,
          { ...digest, changed: true },
          'post',
        );
        if (posted.kind !== 'skipped')
          ctx.logger.info(`digest of organisation ${organizationId} posted to ${posted.channel} (${posted.ts})`);
      } catch (e) {
        if (!isNoChannelAccess(e)) throw e;
        await respondPrivately(ctx, [scan.latest, ...scan.accounts], groupBy, titles);
        return;
      }
      const unjoined = scan.unjoined.length > 0 ? `; not joined: ${scan.unjoined.length}` : '';
      await ctx.respond(
        {
          text: `Scanned organisation ${organizationId}`,
          blocks: [
            context(
              `Scanned organisation ${organizationId}: ${plural(scan.accounts.length, 'account')} joined${unjoined}, ${plural(digest.pathCount, 'cross-account path')}; the digest is in the channel.`,
            ),
          ],
        },
        { replaceOriginal: true },
      );
    },
  };
}

/** Without access to the channel the findings still reach the person who asked, privately. */
async function respondPrivately(
  ctx: RunContext,
  scans: LatestScan[],
  groupBy: GroupBy,
  titles: ReturnType<typeof ruleTitles>,
): Promise<void> {
  const list = riskListMessage({ scans, groupBy, filter: {}, ruleTitles: titles });
  await ctx.respond({
    text: list.text,
    blocks: [
      section(
        `:information_source: I can't post in this channel, so here is the scan just for you. Invite me (\`/invite @Rightsize\`) to get digests here.`,
      ),
      ...list.blocks,
    ],
  });
}

function isNoChannelAccess(e: unknown): boolean {
  const error = e as Partial<WebAPIPlatformError>;
  return error.code === ErrorCode.PlatformError && NO_CHANNEL_ACCESS.has(String(error.data?.error));
}
