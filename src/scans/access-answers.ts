import { NotFoundError, UsageError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import {
  AccessIndex,
  can,
  parseContext,
  path,
  whoCan,
  type CanAnswer,
  type PathAnswer,
  type Via,
  type WhoCanAnswer,
} from '../queries/index.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import type { LatestScan, ServedAccount } from './types.js';

/** A query and where it was answered: the account, its latest scan (for findings), and the index's build time. */
export interface AccessAnswer<T> {
  account: ServedAccount;
  scan: LatestScan;
  answer: T;
  /** Set on the query that built the account's index: how long that took. Later queries reuse it. */
  indexBuiltMs?: number;
}

export interface WhoCanQuery {
  action: string;
  resource?: string;
  via?: Via;
  context?: readonly string[];
  accountId?: string;
}

export interface CanQuery {
  principal: string;
  action: string;
  resource?: string;
  context?: readonly string[];
  accountId?: string;
}

export interface PathQuery {
  from: string;
  to: string;
  accountId?: string;
}

/** The served accounts with their latest scan and its snapshot. */
export interface ScannedSnapshots {
  accounts(): readonly ServedAccount[];
  latest(accountId: string): LatestScan | undefined;
  scan(accountId: string): Promise<LatestScan>;
  snapshot(accountId: string): AccountSnapshot | undefined;
}

/** What the Slack app answers `who-can`, `can` and `path` with. */
export interface AccessQueries {
  whoCan(query: WhoCanQuery): Promise<AccessAnswer<WhoCanAnswer>>;
  can(query: CanQuery): Promise<AccessAnswer<CanAnswer>>;
  path(query: PathQuery): Promise<AccessAnswer<PathAnswer>>;
}

/**
 * Access queries over the latest scanned snapshot of a served account. The index (and the escalation
 * graph, on first need) is built once per snapshot and kept until the next scan replaces the snapshot.
 */
export class SnapshotAccessQueries implements AccessQueries {
  readonly #indexes = new WeakMap<AccountSnapshot, AccessIndex>();

  constructor(
    private readonly scans: ScannedSnapshots,
    private readonly engine: () => Promise<PolicyEngine>,
    private readonly now: () => Date,
  ) {}

  async whoCan(q: WhoCanQuery): Promise<AccessAnswer<WhoCanAnswer>> {
    const context = parseContext(q.context);
    return this.#answer(q.accountId, q.via !== 'direct', (index) =>
      whoCan(index, q.action, q.resource, { ...(q.via && { via: q.via }), ...(context && { context }) }),
    );
  }

  async can(q: CanQuery): Promise<AccessAnswer<CanAnswer>> {
    const context = parseContext(q.context);
    return this.#answer(q.accountId, false, (index) =>
      can(index, index.find(q.principal), q.action, q.resource, context),
    );
  }

  async path(q: PathQuery): Promise<AccessAnswer<PathAnswer>> {
    return this.#answer(q.accountId, true, (index) =>
      path(index, index.find(q.from), /^(administrator|admin)$/i.test(q.to) ? 'administrator' : index.find(q.to)),
    );
  }

  async #answer<T>(
    accountId: string | undefined,
    escalation: boolean,
    query: (index: AccessIndex) => T,
  ): Promise<AccessAnswer<T>> {
    const account = this.#account(accountId);
    const scan = this.scans.latest(account.id) ?? (await this.scans.scan(account.id));
    const snapshot = this.scans.snapshot(account.id);
    if (!snapshot) throw new NotFoundError(`account ${account.id} has not been scanned`);
    const engine = await this.engine();
    const start = performance.now();
    let index = this.#indexes.get(snapshot);
    let built = false;
    if (!index) {
      index = new AccessIndex(snapshot, engine, this.now());
      this.#indexes.set(snapshot, index);
      built = true;
    }
    if (escalation && !index.escalationBuilt) {
      index.escalation();
      built = true;
    }
    const builtMs = performance.now() - start;
    return { account, scan, answer: query(index), ...(built && { indexBuiltMs: builtMs }) };
  }

  /** The named account, or the only one served: a query is about one account's principals. */
  #account(accountId: string | undefined): ServedAccount {
    const served = this.scans.accounts();
    if (accountId) {
      const account = served.find((a) => a.id === accountId);
      if (!account) throw new NotFoundError(`account ${accountId} is not served here`);
      return account;
    }
    if (served.length === 1) return served[0]!;
    throw new UsageError(`this app serves ${served.length} accounts: say which with --account`, {
      hint: served.map((a) => (a.label ? `${a.id} (${a.label})` : a.id)).join(', '),
    });
  }
}
