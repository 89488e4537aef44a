import type { AccountConfig } from '../config/index.js';
import type { SnapshotSource, SnapshotSources } from '../scans/snapshot-source.js';
import { buildSnapshot, type AccountSnapshot } from '../snapshot/index.js';
import type { AccountTarget } from './account-target.js';
import { resolveHomeRegion, type AwsClientSettings } from './clients.js';
import { collectAccount } from './collect-account.js';

export interface LiveSourceOptions {
  /** Usage window: how far back CloudTrail is read (the config's rules.trackingPeriodDays). */
  lookbackDays: number;
  now: () => Date;
  /** Client settings; default: the home region of the environment's AWS config, 10 attempts per call. */
  clients?: Partial<AwsClientSettings>;
}

/**
 * A configured account read live through the AWS SDK on every scan (the role and ExternalId of its config
 * entry), as `rightsize collect` would, without a snapshot directory. What cannot be read becomes a gap.
 */
export class LiveSnapshotSource implements SnapshotSource {
  readonly description: string;

  constructor(
    private readonly account: AccountConfig,
    private readonly options: LiveSourceOptions,
  ) {
    this.description = `live AWS account ${account.id}${account.roleArn ? ` through ${account.roleArn}` : ''}`;
  }

  async load(): Promise<AccountSnapshot> {
    const { account, options } = this;
    const target: AccountTarget = {
      id: account.id,
      ...(account.name && { name: account.name }),
      ...(account.roleArn && { roleArn: account.roleArn }),
      ...(account.externalId && { externalId: account.externalId }),
      ...(account.regions && { regions: account.regions }),
    };
    const collected = await collectAccount(target, {
      clients: {
        homeRegion: options.clients?.homeRegion ?? (await resolveHomeRegion()),
        maxAttempts: options.clients?.maxAttempts ?? 10,
        ...(options.clients?.extraConfig && { extraConfig: options.clients.extraConfig }),
      },
      skip: new Set(),
      concurrency: 4,
      stageTimeLimitMs: 15 * 60_000,
      pollDelayMs: 1000,
      cloudTrail: { lookbackDays: options.lookbackDays },
      now: options.now,
    });
    return buildSnapshot({ ...collected.files, fallbackCollectedAt: options.now().toISOString() });
  }
}

/** `SnapshotSources` whose `live` reads accounts through the AWS SDK. */
export function liveSnapshotSources(options: LiveSourceOptions): SnapshotSources {
  return { live: (account) => new LiveSnapshotSource(account, options) };
}
