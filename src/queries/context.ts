import { UsageError } from '../errors.js';
import type { ConditionContext } from '../iam/index.js';
import type { QueryContext } from './types.js';

/** A query's condition context: as given (for display) and as the engine reads it (lower-case keys). */
export interface ParsedContext {
  given: QueryContext;
  keys: ConditionContext;
}

/**
 * `key=value` pairs (`aws:MultiFactorAuthPresent=true`, `aws:PrincipalTag/team=payments`); a key given
 * twice has both values (a multivalued key such as aws:TagKeys). Undefined when none are given.
 */
export function parseContext(pairs: readonly string[] | undefined): ParsedContext | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const given: QueryContext = {};
  const keys = new Map<string, string[]>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (!/^[\w.-]+:[\w./:@+=-]+$/.test(key))
      throw new UsageError(`context "${pair}" is not key=value with a condition key`, {
        hint: 'e.g. --context aws:MultiFactorAuthPresent=true --context aws:SourceIp=203.0.113.7',
      });
    const value = pair.slice(at + 1);
    (given[key] ??= []).push(value);
    const lower = key.toLowerCase();
    keys.set(lower, [...(keys.get(lower) ?? []), value]);
  }
  return { given, keys };
}
