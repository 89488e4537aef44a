import { SnapshotError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import { scanAccountOfOrganization } from '../org-graph/scan.js';
import type { AccountSummary } from '../org-graph/types.js';
import { RULES } from '../risks/rules/index.js';
import { runRules } from '../risks/run.js';
import type { RuleSettings } from '../risks/settings.js';
import type { Rule, ScanResult } from '../risks/types.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import { resourceTags } from '../snapshot/index.js';
import type { Actor, ScanDiff, StateStore } from '../store/index.js';
import { scanVisibility } from './scan-visibility.js';
import { latestScanOf } from './latest-scans.js';
import { servedOrganization } from './served-organization.js';
import type { SnapshotSource } from './snapshot-source.js';
import type { LatestScan } from './types.js';

export interface ScanServiceOptions {
  store: StateStore;
  /** Loaded once, on the first scan (the action catalog takes a moment). */
  engine: () => Promise<PolicyEngine>;
  settings: RuleSettings;
  rules?: readonly Rule[];
  now: () => Date;
  /**
   * Runs after the scan is recorded, e.g. the Jira lifecycle sync (src/jira). It must not throw for trouble it can
   * retry later: the scan is recorded either way.
   */
  afterRecord?: (outcome: ScanOutcome, request: ScanRequest) => Promise<unknown>;
}

export interface ScanRequest {
  source: SnapshotSource;
  /** The account the source must hold; a snapshot of another account is refused, not recorded under this one. */
  expectedAccountId?: string;
  actor: Actor;
}

export interface ScanOutcome {
  result: ScanResult;
  diff: ScanDiff;
  /** The snapshot the scan read: the Slack app answers insights and suggestions from it. */
  snapshot: AccountSnapshot;
  /** The scan as digests and listeners show it: findings with evidence, changes, mutes, tags. */
  latest: LatestScan;
  /** For an account of an organisation: what the organisation pass joins (src/org-graph). */
  summary?: AccountSummary;
}

/** What runs a recorded scan: this service, or ServedAccounts, which also keeps the latest scan of each account. */
export interface ScanRunner {
  scan(request: ScanRequest): Promise<ScanOutcome>;
}

/** A scan that could not be completed: nothing was recorded. */
export interface ScanFailure {
  /** The account the request named, when it named one. */
  accountId?: string;
  source: string;
  actor: Actor;
  at: Date;
  error: unknown;
}

/**
 * Hears about every scan this service runs, whoever started it (a schedule, a slash command, the CLI); the
 * workflow engine listens here. Listeners are awaited in turn; one that throws does not stop the others.
 */
export interface ScanListener {
  finished?(outcome: ScanOutcome, request: ScanRequest): void | Promise<void>;
  failed?(failure: ScanFailure): void | Promise<void>;
}

/** Snapshot → rules → diff against the last scan → state. */
export class ScanService implements ScanRunner {
  #engine: Promise<PolicyEngine> | undefined;
  readonly #listeners = new Set<ScanListener>();

  constructor(private readonly options: ScanServiceOptions) {}

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ScanListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async scan(request: ScanRequest): Promise<ScanOutcome> {
    let outcome: ScanOutcome;
    try {
      outcome = await this.#scan(request);
    } catch (error) {
      const failure: ScanFailure = {
        ...(request.expectedAccountId && { accountId: request.expectedAccountId }),
        source: request.source.description,
        actor: request.actor,
        at: this.options.now(),
        error,
      };
      await this.#notify((l) => l.failed?.(failure));
      throw error;
    }
    await this.#notify((l) => l.finished?.(outcome, request));
    return outcome;
  }

  async #notify(call: (listener: ScanListener) => void | Promise<void>): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await call(listener);
      } catch {
        // A listener reports its own failures (the workflow engine records them); a scan is never undone by one.
      }
    }
  }

  async #scan(request: ScanRequest): Promise<ScanOutcome> {
    const startedAt = this.options.now();
    const [snapshot, engine] = await Promise.all([request.source.load(), this.#loadEngine()]);
    if (!/^\d{12}$/.test(snapshot.accountId))
      throw new SnapshotError(request.source.description, undefined, 'cannot tell which account it holds', {
        hint: 'add snapshot.json with { "accountId": "<12 digits>" } so findings are recorded under the right account',
      });
    if (request.expectedAccountId && snapshot.accountId !== request.expectedAccountId)
      throw new SnapshotError(
        request.source.description,
        undefined,
        `holds account ${snapshot.accountId}, not ${request.expectedAccountId}`,
        { hint: "point the account's snapshot at that account's files" },
      );
    const rules = this.options.rules ?? RULES;
    const options = { now: startedAt, rules, settings: this.options.settings };
    // An account of an organisation leaves its summary for the organisation pass; its own findings are the same.
    const scanned = snapshot.organization
      ? scanAccountOfOrganization(snapshot, engine, {
          ...options,
          ...(snapshot.accountAlias && { accountName: snapshot.accountAlias }),
        })
      : { result: runRules(snapshot, engine, options) };
    const { result } = scanned;
    const tags = resourceTags(snapshot);
    const diff = await this.options.store.recordScan({
      accountId: snapshot.accountId,
      startedAt,
      finishedAt: this.options.now(),
      collectedAt: snapshot.collectedAt,
      source: request.source.description,
      findings: result.findings,
      gaps: result.gaps,
      notices: result.notices,
      actor: request.actor,
      couldSee: scanVisibility(snapshot, rules, result.notices),
      tagsOf: (finding) => tags.get(finding.resourceArn),
    });
    const organization = servedOrganization(snapshot);
    const account = {
      id: snapshot.accountId,
      ...(snapshot.accountAlias && { label: snapshot.accountAlias }),
      source: request.source.description,
      ...(organization && { organization }),
    };
    const latest = latestScanOf({ result, diff, snapshot }, account, this.options.store, this.options.now());
    const outcome: ScanOutcome = {
      result,
      diff,
      snapshot,
      latest,
      ...('summary' in scanned && { summary: scanned.summary }),
    };
    await this.options.afterRecord?.(outcome, request);
    return outcome;
  }

  #loadEngine(): Promise<PolicyEngine> {
    this.#engine ??= this.options.engine().catch((e: unknown) => {
      this.#engine = undefined;
      throw e;
    });
    return this.#engine;
  }
}
