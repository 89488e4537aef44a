import { paginateDescribeInstances, type Reservation } from '@aws-sdk/client-ec2';
import { callAws } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import { plain } from '../plain.js';
import { throwIfAborted, type StageContext } from '../stage.js';
import { forEachRegion } from './regions.js';

/**
 * DescribeInstances in every region, merged into one `{ Reservations }` (the instance's availability zone
 * carries its region). Each instance includes IamInstanceProfile and MetadataOptions as the API returns them.
 */
export async function collectInstances(
  clients: AccountClients,
  regions: string[],
  ctx: StageContext,
  concurrency: number,
): Promise<{ Reservations: Reservation[] } | undefined> {
  const perRegion = await forEachRegion(regions, concurrency, ctx, (region) =>
    callAws('ec2:DescribeInstances', region, async () => {
      const reservations: Reservation[] = [];
      for await (const page of paginateDescribeInstances({ client: clients.ec2(region), pageSize: 1000 }, {})) {
        reservations.push(...(plain(page).Reservations ?? []));
        throwIfAborted(ctx.signal);
      }
      return reservations;
    }),
  );
  return perRegion && { Reservations: perRegion.flat() };
}
