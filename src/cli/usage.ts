import { Option, type Command } from 'commander';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { suggestionDiff } from '../downsize/diff.js';
import { suggestPolicy } from '../downsize/suggest.js';
import { verifySuggestion } from '../downsize/verify.js';
import type { PolicyEngine } from '../iam/index.js';
import { renderInsightsText } from '../report/insights-report.js';
import { renderSuggestionSummary } from '../report/suggestion-report.js';
import { DEFAULT_RULE_SETTINGS } from '../risks/settings.js';
import { AccountIndex, loadSnapshot, type Principal } from '../snapshot/index.js';
import { buildUsageModel } from '../usage/build-usage.js';
import { highRiskActions, type HighRiskActions } from '../usage/high-risk.js';
import { principalInsights } from '../usage/insights.js';
import type { UsageModel } from '../usage/types.js';

export interface UsageCommandDeps {
  stdout: (text: string) => void;
  snapshotOption: () => Option;
  loadEngine: () => Promise<PolicyEngine>;
  setExitCode: (code: number) => void;
}

interface UsageContext {
  engine: PolicyEngine;
  principal: Principal;
  model: UsageModel;
  highRisk: HighRiskActions;
}

async function loadUsageContext(deps: UsageCommandDeps, query: string, snapshotDir?: string): Promise<UsageContext> {
  const [snapshot, engine] = await Promise.all([loadSnapshot(snapshotDir ?? demoSnapshotDir()), deps.loadEngine()]);
  const index = new AccountIndex(snapshot);
  const principal = index.find(query);
  const model = buildUsageModel(snapshot, index, engine.catalog, {
    windowDays: DEFAULT_RULE_SETTINGS.trackingPeriodDays,
  });
  return { engine, principal, model, highRisk: highRiskActions(engine.catalog) };
}

/** `rightsize insights` and `rightsize suggest`: provisioned vs used, and the downsized policy. */
export function registerUsageCommands(program: Command, deps: UsageCommandDeps): void {
  program
    .command('insights')
    .description(
      'provisioned vs used for a principal: services and actions granted, which were used and when, share used, unused high-risk actions',
    )
    .argument('<principal>', 'user, role or group: name, kind/name (role/deploy) or ARN')
    .addOption(deps.snapshotOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (query: string, opts: { snapshot?: string; format: 'text' | 'json' }) => {
      const { engine, principal, model, highRisk } = await loadUsageContext(deps, query, opts.snapshot);
      const insights = principalInsights(engine, principal, model, highRisk);
      deps.stdout(opts.format === 'json' ? JSON.stringify(insights, null, 2) : renderInsightsText(insights));
    });

  program
    .command('suggest')
    .description(
      "a least-privilege policy from the principal's actual usage, as a diff against today's policies (or JSON)",
    )
    .argument('<principal>', 'user, role or group: name, kind/name (role/deploy) or ARN')
    .addOption(deps.snapshotOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['diff', 'json']).default('diff'))
    .option('--verify', 'check with the engine that every used action stays allowed; exit 3 if one would be denied')
    .action(async (query: string, opts: { snapshot?: string; format: 'diff' | 'json'; verify?: boolean }) => {
      const { engine, principal, model, highRisk } = await loadUsageContext(deps, query, opts.snapshot);
      const suggestion = suggestPolicy(engine, principal, model, highRisk);
      const verification = opts.verify ? verifySuggestion(engine, principal, suggestion, model) : undefined;
      const diff = suggestionDiff(suggestion);
      if (opts.format === 'json')
        deps.stdout(JSON.stringify({ ...suggestion, diff, ...(verification && { verification }) }, null, 2));
      else
        deps.stdout(
          `${renderSuggestionSummary(suggestion, verification)}\n${diff ? `\n${diff}` : '\n  (no policy change)\n'}`,
        );
      if (verification && !verification.ok) deps.setExitCode(3);
    });
}
