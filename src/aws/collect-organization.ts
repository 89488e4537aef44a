import { ORGANIZATION_FORMAT_VERSION, ORGANIZATION_FILE, type OrganizationSnapshot } from '../organization/types.js';
import type { CollectionGap } from '../snapshot/index.js';
import { describeTarget, type AccountTarget } from './account-target.js';
import { AccountClients, targetCredentials, type AwsClientSettings } from './clients.js';
import { collectOrganization, organizationGap } from './collectors/organization.js';

export interface CollectOrganizationOptions {
  clients: AwsClientSettings;
  concurrency: number;
  stageTimeLimitMs: number;
  now: () => Date;
}

/**
 * `organization.json` read through `target` (the management account or a delegated administrator), or, when the
 * organisation cannot be described at all (a member account, no organisation), only the gaps saying why: every
 * account collected with it carries them, so its scan says SCPs were not evaluated rather than finding none.
 */
export type CollectedOrganization = { ok: true; snapshot: OrganizationSnapshot } | { ok: false; gaps: CollectionGap[] };

export async function collectOrganizationSnapshot(
  target: AccountTarget,
  options: CollectOrganizationOptions,
): Promise<CollectedOrganization> {
  const clients = new AccountClients(options.clients, targetCredentials(target, options.clients));
  const collectedAt = options.now().toISOString();
  const signal = AbortSignal.timeout(options.stageTimeLimitMs);
  try {
    const parts = await collectOrganization(clients, signal, options.concurrency);
    return { ok: true, snapshot: { version: ORGANIZATION_FORMAT_VERSION, collectedAt, ...parts } };
  } catch (e) {
    const where = target.roleArn ? ` through ${describeTarget(target)}` : '';
    const gap = organizationGap('organizations:DescribeOrganization', `the organisation${where}`, e);
    return { ok: false, gaps: [gap] };
  } finally {
    clients.destroy();
  }
}

export { ORGANIZATION_FILE };
