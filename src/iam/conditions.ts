import ipaddr from 'ipaddr.js';
import { compileResourcePattern } from './arn.js';
import type { ConditionBlock } from './policy.js';
import { wildcardToRegExp } from './wildcard.js';

/**
 * IAM Condition blocks evaluated against what is known of a request: condition keys (lower-case) with
 * their values. A key the context does not give is unknown, not absent: the request may well carry it,
 * so a condition on it neither holds nor fails, and the statement stays conditional on that key.
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
 */

/** Condition keys, lower-cased, with their values; a multivalued key (aws:TagKeys) has several. */
export type ConditionContext = ReadonlyMap<string, readonly string[]>;

export type ConditionVerdict =
  | { result: 'holds' }
  | { result: 'fails' }
  /** The keys (as the policy writes them) whose values would decide, or an operator we cannot evaluate. */
  | { result: 'unknown'; keys: string[] };

type Matcher = (value: string, policyValue: string) => boolean;

const POSITIVE: Record<string, Matcher> = {
  StringEquals: (v, p) => v === p,
  StringEqualsIgnoreCase: (v, p) => v.toLowerCase() === p.toLowerCase(),
  StringLike: (v, p) => wildcardToRegExp(p).test(v),
  NumericEquals: numeric((a, b) => a === b),
  NumericLessThan: numeric((a, b) => a < b),
  NumericLessThanEquals: numeric((a, b) => a <= b),
  NumericGreaterThan: numeric((a, b) => a > b),
  NumericGreaterThanEquals: numeric((a, b) => a >= b),
  DateEquals: date((a, b) => a === b),
  DateLessThan: date((a, b) => a < b),
  DateLessThanEquals: date((a, b) => a <= b),
  DateGreaterThan: date((a, b) => a > b),
  DateGreaterThanEquals: date((a, b) => a >= b),
  Bool: (v, p) => v.toLowerCase() === p.toLowerCase(),
  BinaryEquals: (v, p) => v === p,
  IpAddress: inCidr,
  // ArnEquals takes wildcards too, and both compare segment by segment as Resource does.
  ArnEquals: arnLike,
  ArnLike: arnLike,
};

/** A negated operator holds when the value matches none of the policy's values. */
const NEGATED: Record<string, keyof typeof POSITIVE> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

interface ParsedOperator {
  set?: 'ForAllValues' | 'ForAnyValue';
  base: string;
  ifExists: boolean;
}

function parseOperator(operator: string): ParsedOperator {
  let rest = operator;
  let set: ParsedOperator['set'];
  for (const prefix of ['ForAllValues', 'ForAnyValue'] as const)
    if (rest.startsWith(`${prefix}:`)) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
    }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  const parsed: ParsedOperator = { base: ifExists ? rest.slice(0, -'IfExists'.length) : rest, ifExists };
  if (set) parsed.set = set;
  return parsed;
}

/** Every operator, key and value must hold (values of one key: any of them). */
export function evaluateConditions(block: ConditionBlock, context: ConditionContext): ConditionVerdict {
  const unknown: string[] = [];
  for (const [operator, entries] of Object.entries(block)) {
    const parsed = parseOperator(operator);
    for (const [key, policyValues] of Object.entries(entries)) {
      const verdict = evaluateOne(parsed, key, policyValues, context);
      if (verdict === 'fails') return { result: 'fails' };
      if (verdict !== 'holds') unknown.push(...verdict);
    }
  }
  return unknown.length === 0 ? { result: 'holds' } : { result: 'unknown', keys: [...new Set(unknown)] };
}

/**
 * The block against alternative contexts (the request may be made in any of them, e.g. one per policy the
 * caller could attach): holds if it holds in one, unknown (with every deciding key) if it may hold in one,
 * else fails.
 */
export function evaluateAgainstAny(block: ConditionBlock, contexts: readonly ConditionContext[]): ConditionVerdict {
  const unknown = new Set<string>();
  for (const context of contexts) {
    const verdict = evaluateConditions(block, context);
    if (verdict.result === 'holds') return verdict;
    if (verdict.result === 'unknown') for (const key of verdict.keys) unknown.add(key);
  }
  return unknown.size > 0 || contexts.length === 0
    ? { result: 'unknown', keys: unknown.size > 0 ? [...unknown] : conditionKeys(block) }
    : { result: 'fails' };
}

/** The condition keys a block tests, as written (for "which keys decide" without any context). */
export function conditionKeys(block: ConditionBlock): string[] {
  let keys = keysByBlock.get(block);
  if (!keys)
    keysByBlock.set(block, (keys = [...new Set(Object.values(block).flatMap((entries) => Object.keys(entries)))]));
  return keys;
}

/** Blocks are parsed once per policy document: their keys are listed once too. */
const keysByBlock = new WeakMap<ConditionBlock, string[]>();

function evaluateOne(
  { set, base, ifExists }: ParsedOperator,
  key: string,
  rawPolicyValues: readonly string[],
  context: ConditionContext,
): 'holds' | 'fails' | string[] {
  const values = context.get(key.toLowerCase());
  if (base === 'Null') {
    if (values === undefined) return [key];
    const wantsAbsent = rawPolicyValues.some((p) => p.toLowerCase() === 'true');
    const present = values.length > 0;
    return present !== wantsAbsent ? 'holds' : 'fails';
  }
  const negatedOf = NEGATED[base];
  const matcher = POSITIVE[negatedOf ?? base];
  if (!matcher) return [`${key} (operator ${set ? `${set}:` : ''}${base}${ifExists ? 'IfExists' : ''})`];
  if (values === undefined) return [key];
  // An absent key matches nothing: a negated operator then holds, as do IfExists and ForAllValues (AWS's
  // "the condition is true" when a key a Not… operator tests is missing), but not ForAnyValue.
  if (values.length === 0)
    return ifExists || set === 'ForAllValues' || (negatedOf !== undefined && set !== 'ForAnyValue') ? 'holds' : 'fails';

  const policyValues: string[] = [];
  const unresolved: string[] = [];
  for (const raw of rawPolicyValues) {
    const resolved = substituteVariables(raw, context);
    if (typeof resolved === 'string') policyValues.push(resolved);
    else unresolved.push(...resolved.missing);
  }
  if (unresolved.length > 0) return unresolved;

  const matchesAny = (value: string) => policyValues.some((p) => matcher(value, p));
  const test = negatedOf ? (value: string) => !matchesAny(value) : matchesAny;
  const holds = set === 'ForAllValues' ? values.every(test) : values.some(test);
  return holds ? 'holds' : 'fails';
}

const VARIABLE = /\$\{([^}]+)\}/g;

/** `${aws:username}` and friends in a condition value, from the context; the keys it lacks otherwise. */
function substituteVariables(value: string, context: ConditionContext): string | { missing: string[] } {
  if (!value.includes('${')) return value;
  const missing: string[] = [];
  const out = value.replace(VARIABLE, (whole, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    // ${key, 'default'}: the default when the key is missing.
    const [rawKey, fallback] = name.split(/\s*,\s*/, 2) as [string, string | undefined];
    const found = context.get(rawKey.trim().toLowerCase())?.[0];
    if (found !== undefined) return found;
    if (fallback !== undefined) return fallback.replace(/^'|'$/g, '');
    missing.push(rawKey.trim());
    return whole;
  });
  return missing.length > 0 ? { missing } : out;
}

function numeric(compare: (a: number, b: number) => boolean): Matcher {
  return (v, p) => {
    const a = Number(v);
    const b = Number(p);
    return !Number.isNaN(a) && !Number.isNaN(b) && compare(a, b);
  };
}

/** ISO 8601 dates or epoch seconds, as AWS takes both. */
function date(compare: (a: number, b: number) => boolean): Matcher {
  const parse = (s: string) => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
  return (v, p) => {
    const a = parse(v);
    const b = parse(p);
    return !Number.isNaN(a) && !Number.isNaN(b) && compare(a, b);
  };
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
const ranges = new Map<string, Range | null>();

/** A policy value is a CIDR range or a single address; an IPv4 address never falls in an IPv6 range. */
function inCidr(value: string, cidr: string): boolean {
  let range = ranges.get(cidr);
  if (range === undefined) {
    range = null;
    try {
      range = cidr.includes('/')
        ? ipaddr.parseCIDR(cidr)
        : ((a) => [a, a.kind() === 'ipv4' ? 32 : 128] as Range)(ipaddr.parse(cidr));
    } catch {
      // Not an address: AWS would reject the policy; here it matches nothing.
    }
    ranges.set(cidr, range);
  }
  if (!range || !ipaddr.isValid(value)) return false;
  const address = ipaddr.parse(value);
  return address.kind() === range[0].kind() && address.match(range);
}

function arnLike(value: string, pattern: string): boolean {
  return compileResourcePattern(pattern).matches(value) === true;
}
