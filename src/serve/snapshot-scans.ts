import { UsageError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import { runRules } from '../risks/run.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import type { ScanRecord, ScanService, ServedAccount } from './types.js';

/** A snapshot directory the app serves, and how to describe it to people. */
export interface SnapshotSource {
  dir: string;
  /** "bundled demo account", "snapshot /data/prod" */
  description: string;
}

export interface SnapshotScanOptions {
  engine: PolicyEngine;
  load: (dir: string) => Promise<AccountSnapshot>;
  now: () => Date;
}

/**
 * Scans snapshot directories (the bundled demo account, or what `collect` writes) and keeps the latest
 * scan of each account in memory. Each scan re-reads its directory, so a refreshed snapshot is picked up.
 */
export class SnapshotScanService implements ScanService {
  private readonly latestScans = new Map<string, ScanRecord>();
  private readonly running = new Map<string, Promise<ScanRecord>>();

  private constructor(
    private readonly served: ReadonlyMap<string, { account: ServedAccount; dir: string }>,
    private readonly options: SnapshotScanOptions,
  ) {}

  /** Reads each snapshot once to learn its account id and alias. */
  static async open(sources: readonly SnapshotSource[], options: SnapshotScanOptions): Promise<SnapshotScanService> {
    const served = new Map<string, { account: ServedAccount; dir: string }>();
    for (const source of sources) {
      const snapshot = await options.load(source.dir);
      const existing = served.get(snapshot.accountId);
      if (existing)
        throw new UsageError(`${source.dir} and ${existing.dir} are both snapshots of account ${snapshot.accountId}`, {
          hint: 'serve one snapshot directory per account',
        });
      served.set(snapshot.accountId, {
        dir: source.dir,
        account: {
          id: snapshot.accountId,
          ...(snapshot.accountAlias && { label: snapshot.accountAlias }),
          source: source.description,
        },
      });
    }
    return new SnapshotScanService(served, options);
  }

  accounts(): readonly ServedAccount[] {
    return [...this.served.values()].map((s) => s.account);
  }

  /** The directory an account's snapshot is read from. */
  snapshotDir(accountId: string): string | undefined {
    return this.served.get(accountId)?.dir;
  }

  latest(accountId: string): ScanRecord | undefined {
    return this.latestScans.get(accountId);
  }

  scan(accountId: string): Promise<ScanRecord> {
    const inFlight = this.running.get(accountId);
    if (inFlight) return inFlight;
    const entry = this.served.get(accountId);
    if (!entry) return Promise.reject(new UsageError(`account ${accountId} is not served here`));
    const run = this.run(entry.account, entry.dir).finally(() => this.running.delete(accountId));
    this.running.set(accountId, run);
    return run;
  }

  private async run(account: ServedAccount, dir: string): Promise<ScanRecord> {
    const snapshot = await this.options.load(dir);
    const started = this.options.now();
    const result = runRules(snapshot, this.options.engine, { now: started });
    const record: ScanRecord = {
      account,
      scannedAt: started.toISOString(),
      durationMs: Math.max(0, this.options.now().getTime() - started.getTime()),
      result,
    };
    this.latestScans.set(account.id, record);
    return record;
  }
}
