import { Option, type Command } from 'commander';
import { suggestionDiff } from '../downsize/diff.js';
import { suggestPolicy } from '../downsize/suggest.js';
import { suggestionEffect } from '../downsize/suggestion-effect.js';
import { verifySuggestion } from '../downsize/verify.js';
import { renderSuggestionEffect, renderSuggestionSummary, suggestionEffectJson } from '../report/suggestion-report.js';
import { RULES } from '../risks/rules/index.js';
import { runRules } from '../risks/run.js';
import { givenConfig, type CommandContext } from './context.js';
import { snapshotOption } from './options.js';
import { loadUsageContext } from './usage-context.js';

/**
 * `rightsize suggest <principal>`: the downsized policy, as a diff, and which of the principal's findings it
 * resolves (exit 3 with --verify when it would break use).
 */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<principal>', 'user, role or group: name, kind/name (role/deploy) or ARN')
    .addOption(snapshotOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['diff', 'json']).default('diff'))
    .option('--verify', 'check with the engine that every used action stays allowed; exit 3 if one would be denied')
    .action(async (query: string, opts: { snapshot?: string; format: 'diff' | 'json'; verify?: boolean }) => {
      const [usage, config] = await Promise.all([loadUsageContext(ctx.engine, query, opts.snapshot), givenConfig(ctx)]);
      const { engine, snapshot, principal, model, highRisk } = usage;
      const suggestion = suggestPolicy(engine, principal, model, highRisk);
      const verification = opts.verify ? verifySuggestion(engine, principal, suggestion, model) : undefined;
      const diff = suggestionDiff(suggestion);
      // The principal's findings as `scan` reports them (same clock and rule settings), then again with the suggestion.
      // Only rules that report on this kind of principal: the others (policies, compute, the account) never name it.
      const settings = config?.rules ?? {};
      const now = ctx.now();
      const rules = RULES.filter((r) => (r.resourceTypes as readonly string[]).includes(principal.kind));
      const findings = runRules(snapshot, engine, { now, settings, rules }).findings.filter(
        (f) => f.resourceArn === principal.arn,
      );
      const effect = suggestionEffect(snapshot, principal, suggestion, findings, {
        engine,
        settings,
        now,
        usage: model.usageOf(principal.arn),
      });
      if (opts.format === 'json')
        ctx.stdout(
          JSON.stringify(
            { ...suggestion, diff, ...(verification && { verification }), findings: suggestionEffectJson(effect) },
            null,
            2,
          ),
        );
      else
        ctx.stdout(
          `${renderSuggestionSummary(suggestion, verification)}\n${renderSuggestionEffect(suggestion, effect)}\n${diff ? `\n${diff}` : '\n  (no policy change)\n'}`,
        );
      if (verification && !verification.ok) ctx.setExitCode(3);
    });
}
