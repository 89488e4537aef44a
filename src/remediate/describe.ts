import type { FixRecord } from '../store/index.js';
import type { ApplyResult, CallRecord } from './execute.js';
import type { RollbackOutcome } from './fix-service.js';
import { describeCall } from './preview.js';

/** What an apply did, in lines a person reads (CLI output, Slack thread). */
export function describeResult(result: ApplyResult, fix?: FixRecord): string {
  switch (result.status) {
    case 'dry-run':
      return `Dry run: the resource is as planned; these calls would be made:\n${result.calls.map((c, i) => `  ${i + 1}. ${describeCall(c)}`).join('\n')}`;
    case 'drift':
      return `Aborted: the resource changed since the plan was made, so nothing was applied.\n${bullets(result.differences)}\nPlan again from a fresh scan.`;
    case 'applied': {
      const lines = [`Applied${fix ? ` (fix ${fix.id})` : ''}:`, callLines(result.calls)];
      lines.push(
        result.differences.length === 0
          ? 'Verified: AWS reads back exactly as planned.'
          : `NOT verified: AWS reads back differently from the plan:\n${bullets(result.differences)}`,
      );
      if (result.reevaluation)
        lines.push(
          result.reevaluation.resolved
            ? 'Re-evaluated: the finding is resolved.'
            : `Re-evaluated: the finding is still reported (${result.reevaluation.severity}): ${result.reevaluation.title}`,
        );
      if (fix?.rollbackUntil)
        lines.push(`Rollback possible until ${fix.rollbackUntil} (\`rightsize fix rollback ${fix.id}\`).`);
      return lines.join('\n');
    }
    case 'failed':
      return [
        `FAILED: ${result.error}`,
        callLines(result.calls),
        result.rollback.status === 'rolled-back'
          ? 'What was applied before the failure has been rolled back; the resource reads as before.'
          : `ROLLBACK INCOMPLETE${result.rollback.error ? `: ${result.rollback.error}` : ''} — check the resource by hand:\n${bullets(result.rollback.differences)}`,
        callLines(result.rollback.calls),
      ].join('\n');
  }
}

export function describeRollback(outcome: RollbackOutcome): string {
  switch (outcome.kind) {
    case 'refused':
      return `Not rolled back: ${outcome.reason}`;
    case 'drift':
      return `Not rolled back: the resource changed since the fix; undoing it now would overwrite that change.\n${bullets(outcome.differences)}`;
    case 'rolled-back':
      return outcome.result.status === 'rolled-back'
        ? `Rolled back fix ${outcome.fix.id}; the resource reads as before the fix.\n${callLines(outcome.result.calls)}`
        : `ROLLBACK INCOMPLETE for fix ${outcome.fix.id}${outcome.result.error ? `: ${outcome.result.error}` : ''}\n${bullets(outcome.result.differences)}\n${callLines(outcome.result.calls)}`;
  }
}

function callLines(calls: readonly CallRecord[]): string {
  return calls.map((c) => `  ${c.ok ? '✓' : '✗'} ${describeCall(c.call)}${c.error ? ` — ${c.error}` : ''}`).join('\n');
}

function bullets(lines: readonly string[]): string {
  return lines.map((l) => `  - ${l}`).join('\n');
}
