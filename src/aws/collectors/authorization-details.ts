import { paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { callAws } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import { plain } from '../plain.js';
import { throwIfAborted, type StageContext } from '../stage.js';

export const AUTHORIZATION_DETAILS_API = 'iam:GetAccountAuthorizationDetails';

/**
 * Every page of GetAccountAuthorizationDetails, as returned (the loader merges them). When a later page fails
 * the pages read so far are kept: the last one says IsTruncated, which the loader reports as a gap.
 */
export async function collectAuthorizationDetails(clients: AccountClients, ctx: StageContext): Promise<unknown[]> {
  const pages: unknown[] = [];
  try {
    // 1000 is the API's maximum page size: fewest calls.
    const paginator = paginateGetAccountAuthorizationDetails({ client: clients.iam(), pageSize: 1000 }, {});
    await callAws(AUTHORIZATION_DETAILS_API, undefined, async () => {
      for await (const page of paginator) {
        pages.push(plain(page));
        throwIfAborted(ctx.signal);
      }
    });
  } catch (e) {
    if (pages.length === 0) throw e;
    ctx.partFailed(e, `IAM authorization details after page ${pages.length}`);
  }
  return pages;
}

/** The ARNs of every user, group and role in the pages: the principals access advisor reports on. */
export function principalArns(pages: unknown[]): string[] {
  const arns = new Set<string>();
  for (const page of pages as Record<string, { Arn?: string }[] | undefined>[])
    for (const list of [page.UserDetailList, page.GroupDetailList, page.RoleDetailList])
      for (const entity of list ?? []) if (entity.Arn) arns.add(entity.Arn);
  return [...arns];
}
