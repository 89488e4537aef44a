import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import { AwsCallError, callAws, errorText } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import type { StageContext } from '../stage.js';

export const DESCRIBE_REGIONS_API = 'ec2:DescribeRegions';

/** The regions enabled in the account (opt-in regions the account has not opted into are left out). */
export async function enabledRegions(clients: AccountClients, signal: AbortSignal): Promise<string[]> {
  const { Regions = [] } = await callAws(DESCRIBE_REGIONS_API, undefined, () =>
    clients.ec2().send(new DescribeRegionsCommand({}), { abortSignal: signal }),
  );
  return Regions.filter((r) => r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName)
    .filter((name): name is string => name !== undefined)
    .sort();
}

/**
 * Runs `read` for every region, at most `concurrency` at once. Regions that fail the same way (the same API,
 * reason and error) become one gap naming them all. Undefined when every region failed: there is no data.
 */
export async function forEachRegion<T>(
  regions: string[],
  concurrency: number,
  ctx: StageContext,
  read: (region: string) => Promise<T>,
): Promise<T[] | undefined> {
  const limit = pLimit(concurrency);
  const failures: { region: string; error: unknown }[] = [];
  const results = await Promise.all(
    regions.map((region) =>
      limit(async () => {
        try {
          return { value: await read(region) };
        } catch (error) {
          failures.push({ region, error });
          return undefined;
        }
      }),
    ),
  );
  const groups = new Map<string, { error: unknown; regions: string[] }>();
  for (const { region, error } of failures) {
    const key =
      error instanceof AwsCallError ? `${error.api} ${error.reason} ${errorText(error.cause)}` : errorText(error);
    const group = groups.get(key) ?? { error, regions: [] };
    group.regions.push(region);
    groups.set(key, group);
  }
  for (const group of groups.values()) ctx.partFailed(group.error, undefined, group.regions.sort());
  if (regions.length > 0 && failures.length === regions.length) return undefined;
  return results.flatMap((r) => (r ? [r.value] : []));
}
