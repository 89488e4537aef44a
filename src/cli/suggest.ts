import { Option, type Command } from 'commander';
import { suggestionDiff } from '../downsize/diff.js';
import { suggestPolicy } from '../downsize/suggest.js';
import { verifySuggestion } from '../downsize/verify.js';
import { renderSuggestionSummary } from '../report/suggestion-report.js';
import type { CommandContext } from './context.js';
import { snapshotOption } from './options.js';
import { loadUsageContext } from './usage-context.js';

/** `rightsize suggest <principal>`: the downsized policy, as a diff (exit 3 with --verify when it would break use). */
export function register(command: Command, ctx: CommandContext): void {
  command
    .argument('<principal>', 'user, role or group: name, kind/name (role/deploy) or ARN')
    .addOption(snapshotOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['diff', 'json']).default('diff'))
    .option('--verify', 'check with the engine that every used action stays allowed; exit 3 if one would be denied')
    .action(async (query: string, opts: { snapshot?: string; format: 'diff' | 'json'; verify?: boolean }) => {
      const { engine, principal, model, highRisk } = await loadUsageContext(ctx.engine, query, opts.snapshot);
      const suggestion = suggestPolicy(engine, principal, model, highRisk);
      const verification = opts.verify ? verifySuggestion(engine, principal, suggestion, model) : undefined;
      const diff = suggestionDiff(suggestion);
      if (opts.format === 'json')
        ctx.stdout(JSON.stringify({ ...suggestion, diff, ...(verification && { verification }) }, null, 2));
      else
        ctx.stdout(
          `${renderSuggestionSummary(suggestion, verification)}\n${diff ? `\n${diff}` : '\n  (no policy change)\n'}`,
        );
      if (verification && !verification.ok) ctx.setExitCode(3);
    });
}
