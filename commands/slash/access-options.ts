import { UsageError } from '../../src/errors.js';
import type { Via } from '../../src/queries/index.js';
import { parseContext } from '../../src/queries/index.js';
import type { AppServices } from '../services.js';
import { resolveAccounts } from './accounts.js';
import type { ParsedInput } from './parse.js';

/** The options `who-can`, `can` and `path` share: --context (repeatable), --account. */
export const CONTEXT_OPTIONS = {
  context: { type: 'string', multiple: true },
  account: { type: 'string', short: 'a' },
} as const;

/** --context pairs, checked now so that a mistake is answered with the ack. */
export function contextPairs(input: ParsedInput): string[] | undefined {
  const raw: unknown = input.values.context;
  const pairs = Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string') : undefined;
  parseContext(pairs);
  return pairs && pairs.length > 0 ? pairs : undefined;
}

export function accountOf(input: ParsedInput, services: AppServices): string | undefined {
  const named = typeof input.values.account === 'string' ? [input.values.account] : undefined;
  return resolveAccounts(services, named)?.[0];
}

export function viaOf(input: ParsedInput): Via {
  const via = input.values.via ?? 'all';
  if (via !== 'direct' && via !== 'escalation' && via !== 'all')
    throw new UsageError(`--via must be one of direct, escalation, all (got "${String(via)}")`);
  return via;
}
