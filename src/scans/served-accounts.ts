import { UsageError } from '../errors.js';
import type { AccountSummary } from '../org-graph/types.js';
import { readOrganizationFile } from '../organization/file.js';
import { organizationTree, type OrganizationTree } from '../organization/tree.js';
import { DAY_MS } from '../risks/settings.js';
import type { ScanOutcome, ScanRequest, ScanRunner } from './scan-service.js';
import type { SnapshotSource } from './snapshot-source.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import type { Actor, FindingRecord, Mute, ScanDiff, ScanRecord, StateStore } from '../store/index.js';
import { activeMutes } from './latest-scans.js';
import { recordOrganizationPass, type OrganizationScan, type OrganizationScans } from './organization-pass.js';
import { servedOrganization } from './served-organization.js';
import type { AccountScans, LatestScan, ServedAccount } from './types.js';

/** Who scans when no person asked (the scan at start-up, a button on a message nobody scanned since). */
const SLACK_APP: Actor = { id: 'rightsize', via: 'slack' };

/** An account the app serves and where its snapshot comes from. */
export interface ServedSource {
  account: ServedAccount;
  source: SnapshotSource;
}

export interface RecordedScanOptions {
  /** Runs and records one scan (the ScanService over the state store). */
  runner: ScanRunner;
  store: StateStore;
  now: () => Date;
  /** Runs after an organisation pass is recorded, as the runner's `afterRecord` after a scan (the Jira sync). */
  afterPass?: (diff: ScanDiff, actor: Actor) => Promise<unknown>;
}

export type MuteOutcome =
  | { kind: 'muted'; finding: FindingRecord; mute: Mute }
  /** A later scan no longer found it: there is nothing to accept. */
  | { kind: 'resolved'; finding: FindingRecord };

export interface UnmuteOutcome {
  finding: FindingRecord;
  /** False when the finding was not muted (nothing changed). */
  wasMuted: boolean;
}

/** Mutes from Slack, recorded (and audited) in the state store. */
export interface FindingMutes {
  mute(request: MuteRequest): Promise<MuteOutcome>;
  unmute(request: { finding: string; by: string }): Promise<UnmuteOutcome>;
}

export interface MuteRequest {
  /** Finding id, or an unambiguous prefix of it. */
  finding: string;
  /** Slack user id. */
  by: string;
  days: number;
  reason: string;
}

/**
 * The Slack app's scans: every scan (slash command, button, schedule) is recorded in the state store through
 * the same runner, so digests say what is new and resolved, mutes apply, and the audit log names who asked.
 * The latest scan of each account (with its evidence and snapshot) stays in memory for the listeners.
 */
export class ServedAccounts implements AccountScans, FindingMutes, OrganizationScans {
  readonly #served: Map<string, ServedSource>;
  readonly #latest = new Map<string, LatestScan>();
  readonly #snapshots = new Map<string, AccountSnapshot>();
  /** One scan per account at a time, whoever asked: a second request shares the running one. */
  readonly #running = new Map<string, Promise<ScanOutcome>>();
  /**
   * Each organisation account's latest summary, in memory: the app scans its accounts when it starts (and a pass
   * scans those it lacks), and a pass names the accounts it could not join, so nothing needs the state file.
   */
  readonly #summaries = new Map<string, AccountSummary>();
  /** The latest organisation pass of each organisation, and the one running. */
  readonly #organizations = new Map<string, OrganizationScan>();
  readonly #passes = new Map<string, Promise<OrganizationScan>>();

  /** Hand this to the scheduler: its scans are recorded and remembered like the app's own. */
  readonly runner: ScanRunner = { scan: (request) => this.#run(request) };

  constructor(
    served: readonly ServedSource[],
    private readonly options: RecordedScanOptions,
  ) {
    this.#served = new Map(served.map((s) => [s.account.id, s]));
  }

  get store(): StateStore {
    return this.options.store;
  }

  accounts(): readonly ServedAccount[] {
    return [...this.#served.values()].map((s) => s.account);
  }

  /** The latest scan of an account, or of an organisation's pass (its cross-account findings) by organisation id. */
  latest(accountId: string): LatestScan | undefined {
    const record = this.#latest.get(accountId) ?? this.#organizations.get(accountId)?.latest;
    return record && { ...record, mutes: activeMutes(this.options.store, accountId, this.options.now()) };
  }

  /** The organisations of the served accounts, by id, in the order they are served. */
  organizations(): string[] {
    return [...new Set(this.accounts().flatMap((a) => (a.organization ? [a.organization.id] : [])))];
  }

  crossAccountPaths(organizationId: string): { paths: number; toAdministrator: number } | undefined {
    const pass = this.latestOrganization(organizationId);
    return pass && { paths: pass.pass.join.paths.length, toAdministrator: pass.latest.result.findings.length };
  }

  /** The organisation's latest pass, when one ran since the app started. */
  latestOrganization(organizationId: string): OrganizationScan | undefined {
    const pass = this.#organizations.get(organizationId);
    return pass && { ...pass, latest: this.latest(organizationId)! };
  }

  /**
   * Runs the organisation pass over the latest summaries of the organisation's served accounts, scanning first those
   * that have none (an account whose scan fails is named as not joined), and records its findings.
   */
  scanOrganization(organizationId: string, actor: Actor = SLACK_APP): Promise<OrganizationScan> {
    const running = this.#passes.get(organizationId);
    if (running) return running;
    const run = this.#organizationPass(organizationId, actor).finally(() => this.#passes.delete(organizationId));
    this.#passes.set(organizationId, run);
    return run;
  }

  async #organizationPass(organizationId: string, actor: Actor): Promise<OrganizationScan> {
    const members = this.accounts().filter((a) => a.organization?.id === organizationId);
    if (members.length === 0) throw new UsageError(`no served account belongs to organisation ${organizationId}`);
    const startedAt = this.options.now();
    for (const account of members)
      if (!this.#summaries.has(account.id))
        await this.#run({ source: this.#served.get(account.id)!.source, expectedAccountId: account.id, actor }).catch(
          () => {
            // Named in the pass as not joined; the scan's own failure is reported where it was asked for.
          },
        );
    const tree = await this.#treeOf(members.map((m) => m.id));
    const pass = await recordOrganizationPass({
      organizationId,
      members: members.map((account) => {
        const latest = this.latest(account.id);
        const summary = this.#summaries.get(account.id);
        return { account, ...(latest && { latest }), ...(summary && { summary }) };
      }),
      ...(tree && { tree }),
      store: this.options.store,
      actor,
      startedAt,
      now: this.options.now,
    });
    this.#organizations.set(organizationId, pass);
    await this.options.afterPass?.(pass.diff, actor);
    return this.latestOrganization(organizationId)!;
  }

  /** The organisation tree the members' snapshots were read with (names and OU paths of every account). */
  async #treeOf(accountIds: readonly string[]): Promise<OrganizationTree | undefined> {
    const file = accountIds.map((id) => this.#snapshots.get(id)?.organization?.file).find(Boolean);
    return file ? organizationTree(await readOrganizationFile(file)) : undefined;
  }

  /** The snapshot the latest scan of the account read. */
  snapshot(accountId: string): AccountSnapshot | undefined {
    return this.#snapshots.get(accountId);
  }

  async scan(accountId: string, requestedBy?: string): Promise<LatestScan> {
    const served = this.#served.get(accountId);
    if (!served && this.organizations().includes(accountId))
      return (await this.scanOrganization(accountId, requestedBy ? { id: requestedBy, via: 'slack' } : SLACK_APP))
        .latest;
    if (!served) throw new UsageError(`account ${accountId} is not served here`);
    await this.#run({
      source: served.source,
      expectedAccountId: accountId,
      actor: requestedBy ? { id: requestedBy, via: 'slack' } : SLACK_APP,
    });
    return this.latest(accountId)!;
  }

  /** The account's recorded scans, newest first (including those of other processes, e.g. the CLI). */
  recordedScans(accountId: string, limit: number): ScanRecord[] {
    return this.options.store.scans(accountId).slice(0, limit);
  }

  /** Every finding of the account the state remembers (open, muted, resolved), with its lifecycle. */
  findingRecords(accountId: string): FindingRecord[] {
    return Object.values(this.options.store.data.findings).filter((f) => f.accountId === accountId);
  }

  /** Accepts a recorded finding for `days` days on behalf of a Slack user; audited in the state store. */
  async mute(request: MuteRequest): Promise<MuteOutcome> {
    const { store, now } = this.options;
    const found = store.finding(request.finding);
    if (found.status === 'resolved') return { kind: 'resolved', finding: { ...found } };
    const at = now();
    const { mute, finding } = await store.mute({
      finding: found.id,
      by: { id: request.by, via: 'slack' },
      reason: request.reason,
      until: new Date(at.getTime() + request.days * DAY_MS),
      now: at,
    });
    return { kind: 'muted', finding, mute };
  }

  /** Lifts a finding's mute early on behalf of a Slack user; audited in the state store. */
  unmute(request: { finding: string; by: string }): Promise<UnmuteOutcome> {
    return this.options.store.unmute(request.finding, { id: request.by, via: 'slack' }, this.options.now());
  }

  #run(request: ScanRequest): Promise<ScanOutcome> {
    const key = request.expectedAccountId ?? request.source.description;
    const inFlight = this.#running.get(key);
    if (inFlight) return inFlight;
    // The served source is authoritative, so a scheduled scan reads (and records) what the app serves.
    const served = request.expectedAccountId ? this.#served.get(request.expectedAccountId) : undefined;
    const run = this.options.runner
      .scan(served ? { ...request, source: served.source } : request)
      .then((outcome) => this.#remember(outcome))
      .finally(() => this.#running.delete(key));
    this.#running.set(key, run);
    return run;
  }

  /** Keeps the scan as the latest of its account, named as this app serves it; the outcome carries that name. */
  #remember(outcome: ScanOutcome): ScanOutcome {
    const { diff, snapshot } = outcome;
    const id = diff.scan.accountId;
    const account: ServedAccount = this.#served.get(id)?.account ?? { id, source: diff.scan.source };
    // A configured name wins; otherwise the account alias the snapshot carries.
    if (!account.label && snapshot.accountAlias) account.label = snapshot.accountAlias;
    // The organisation the latest snapshot names (it may gain one: a live account, or organization.json added later).
    const organization = servedOrganization(snapshot);
    if (organization) account.organization = organization;
    else delete account.organization;
    const latest: LatestScan = { ...outcome.latest, account };
    this.#latest.set(id, latest);
    this.#snapshots.set(id, snapshot);
    if (outcome.summary) this.#summaries.set(id, outcome.summary);
    else this.#summaries.delete(id);
    return { ...outcome, latest };
  }
}
