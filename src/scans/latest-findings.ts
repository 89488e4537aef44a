import { FixError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import type { RuleSettings } from '../risks/settings.js';
import { runRules } from '../risks/run.js';
import type { Finding } from '../risks/types.js';
import type { ScanListener, ScanOutcome } from './scan-service.js';
import type { SnapshotSource } from './snapshot-source.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import type { StateStore } from '../store/index.js';

export interface LatestFindingsOptions {
  store: StateStore;
  /** Where an account's snapshot comes from, for a finding no scan of this process has shown yet. */
  source: (accountId: string) => SnapshotSource | undefined;
  engine: () => Promise<PolicyEngine>;
  settings: RuleSettings;
  now: () => Date;
}

interface Latest {
  snapshot: AccountSnapshot;
  findings: ReadonlyMap<string, Finding>;
}

/**
 * The findings (with their evidence) and snapshot of each account's latest scan, for fixes: a plan needs the
 * finding and the snapshot it came from, and a workflow names only the finding id. Listens to the scan service;
 * after a restart (a `finding.age` check, a Rollback) it reads the account's snapshot again and re-runs the rules.
 */
export class LatestFindings {
  readonly #latest = new Map<string, Latest>();

  /** Subscribe this to the scan service that records the scans. */
  readonly listener: ScanListener = { finished: (outcome) => this.#remember(outcome) };

  constructor(private readonly options: LatestFindingsOptions) {}

  /** The recorded finding (an id or unambiguous prefix) as the latest snapshot of its account shows it. */
  async find(findingRef: string): Promise<{ finding: Finding; snapshot: AccountSnapshot }> {
    const record = this.options.store.finding(findingRef);
    let latest = this.#latest.get(record.accountId);
    if (!latest?.findings.has(record.id)) latest = await this.#read(record.accountId);
    const finding = latest.findings.get(record.id);
    if (!finding)
      throw new FixError(`the latest snapshot of account ${record.accountId} no longer shows finding ${record.id}`, {
        hint: 'it has been resolved (or its resource removed) since; scan again to see the current findings',
      });
    return { finding, snapshot: latest.snapshot };
  }

  /** The snapshot of the account's latest scan (read now when no scan of this process has shown it). */
  async snapshot(accountId: string): Promise<AccountSnapshot> {
    return (this.#latest.get(accountId) ?? (await this.#read(accountId))).snapshot;
  }

  async #read(accountId: string): Promise<Latest> {
    const source = this.options.source(accountId);
    if (!source)
      throw new FixError(`account ${accountId} is not configured here, so its resources cannot be read`, {
        hint: 'add it under accounts in the config file',
      });
    const [snapshot, engine] = await Promise.all([source.load(), this.options.engine()]);
    const result = runRules(snapshot, engine, { now: this.options.now(), settings: this.options.settings });
    return this.#keep(snapshot, result.findings);
  }

  #remember({ snapshot, result }: ScanOutcome): void {
    this.#keep(snapshot, result.findings);
  }

  #keep(snapshot: AccountSnapshot, findings: readonly Finding[]): Latest {
    const latest = { snapshot, findings: new Map(findings.map((f) => [f.id, f])) };
    this.#latest.set(snapshot.accountId, latest);
    return latest;
  }
}
