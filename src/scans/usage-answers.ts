import { suggestionDiff } from '../downsize/diff.js';
import { suggestPolicy } from '../downsize/suggest.js';
import { suggestionEffect, type SuggestionEffect } from '../downsize/suggestion-effect.js';
import type { Suggestion } from '../downsize/types.js';
import type { RightsizeError } from '../errors.js';
import { AmbiguousNameError, NotFoundError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import type { RuleSettings } from '../risks/settings.js';
import { AccountIndex, type AccountSnapshot, type Principal } from '../snapshot/index.js';
import { buildUsageModel } from '../usage/build-usage.js';
import { highRiskActions, type HighRiskActions } from '../usage/high-risk.js';
import { principalInsights, type PrincipalInsights } from '../usage/insights.js';
import type { UsageModel } from '../usage/types.js';
import type { LatestScan, ServedAccount } from './types.js';
import { visibleFindings } from './visible-findings.js';

/** Where the usage answers read from: the served accounts and the snapshot of each one's latest scan. */
export interface SnapshotsOfScans {
  accounts(): readonly ServedAccount[];
  scan(accountId: string): Promise<LatestScan>;
  latest(accountId: string): LatestScan | undefined;
  snapshot(accountId: string): AccountSnapshot | undefined;
}

export interface PrincipalInsightsAnswer {
  account: ServedAccount;
  insights: PrincipalInsights;
}

export interface SuggestionAnswer {
  account: ServedAccount;
  suggestion: Suggestion;
  diff: string;
  /** Which of the principal's open findings (latest scan) the suggestion would resolve, and which remain. */
  effect: SuggestionEffect;
}

/** What the Slack app answers `insights` and `suggest` with (and the finding buttons of the same name). */
export interface UsageAnswers {
  insights(query: string, accountId?: string): Promise<PrincipalInsightsAnswer>;
  suggestion(query: string, accountId?: string): Promise<SuggestionAnswer>;
}

interface AccountUsage {
  snapshot: AccountSnapshot;
  index: AccountIndex;
  model: UsageModel;
}

/**
 * Insights and suggested policies from the latest scanned snapshot of each served account, with the same
 * usage model and rule settings as the CLI. The index and usage model are built once per snapshot.
 */
export class SnapshotUsageAnswers implements UsageAnswers {
  readonly #usage = new WeakMap<AccountSnapshot, AccountUsage>();
  #highRisk: { engine: PolicyEngine; actions: HighRiskActions } | undefined;

  constructor(
    private readonly scans: SnapshotsOfScans,
    private readonly engine: () => Promise<PolicyEngine>,
    private readonly settings: Pick<RuleSettings, 'trackingPeriodDays'> & Partial<RuleSettings>,
  ) {}

  async insights(query: string, accountId?: string): Promise<PrincipalInsightsAnswer> {
    const { account, engine, principal, usage } = await this.#find(query, accountId);
    return { account, insights: principalInsights(engine, principal, usage.model, this.#highRiskOf(engine)) };
  }

  async suggestion(query: string, accountId?: string): Promise<SuggestionAnswer> {
    const { account, engine, principal, usage } = await this.#find(query, accountId);
    const suggestion = suggestPolicy(engine, principal, usage.model, this.#highRiskOf(engine));
    const scan = this.scans.latest(account.id);
    const findings = scan ? visibleFindings(scan).filter((f) => f.resourceArn === principal.arn) : [];
    const effect = suggestionEffect(usage.snapshot, principal, suggestion, findings, {
      engine,
      settings: this.settings,
      now: new Date(scan?.scannedAt ?? usage.snapshot.collectedAt),
      usage: usage.model.usageOf(principal.arn),
    });
    return { account, suggestion, diff: suggestionDiff(suggestion), effect };
  }

  async #find(query: string, accountId: string | undefined) {
    const engine = await this.engine();
    const accounts = this.#candidates(query, accountId);
    const found: { account: ServedAccount; principal: Principal; usage: AccountUsage }[] = [];
    let notFound: RightsizeError | undefined;
    for (const account of accounts) {
      const usage = await this.#usageOf(account.id, engine);
      try {
        found.push({ account, principal: usage.index.find(query), usage });
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        notFound = e;
      }
    }
    const [only] = found;
    if (found.length === 1 && only) return { ...only, engine };
    if (found.length > 1)
      throw new AmbiguousNameError(
        `"${query}" names principals in ${found.length} accounts: ${found.map((f) => f.account.id).join(', ')}`,
        { hint: 'add --account <id or name>, or use the ARN' },
      );
    if (accounts.length === 1 && notFound) throw notFound;
    throw new NotFoundError(`no user, role or group "${query}" in ${accounts.map((a) => a.id).join(', ')}`, {
      hint: 'name it as role/name, user/name or group/name, or by ARN',
    });
  }

  /** The named account, the account of an ARN, or every served account. */
  #candidates(query: string, accountId: string | undefined): readonly ServedAccount[] {
    const served = this.scans.accounts();
    const wanted = accountId ?? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(query)?.[1];
    if (!wanted) return served;
    const account = served.find((a) => a.id === wanted);
    if (!account)
      throw new NotFoundError(`account ${wanted} is not served here`, {
        hint: '`/rightsize status` lists the accounts',
      });
    return [account];
  }

  async #usageOf(accountId: string, engine: PolicyEngine): Promise<AccountUsage> {
    const snapshot =
      this.scans.snapshot(accountId) ?? (await this.scans.scan(accountId), this.scans.snapshot(accountId));
    if (!snapshot) throw new NotFoundError(`account ${accountId} has not been scanned`);
    let usage = this.#usage.get(snapshot);
    if (!usage) {
      const index = new AccountIndex(snapshot);
      usage = {
        snapshot,
        index,
        model: buildUsageModel(snapshot, index, engine.catalog, { windowDays: this.settings.trackingPeriodDays }),
      };
      this.#usage.set(snapshot, usage);
    }
    return usage;
  }

  #highRiskOf(engine: PolicyEngine): HighRiskActions {
    if (this.#highRisk?.engine !== engine) this.#highRisk = { engine, actions: highRiskActions(engine.catalog) };
    return this.#highRisk.actions;
  }
}
