import { hasWildcard, wildcardToRegExp } from './wildcard.js';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): Arn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}

export interface ResourcePattern {
  readonly source: string;
  readonly matchesAll: boolean;
  /** `${aws:username}` and friends: the match depends on who asks, resolved per request. */
  readonly variables: readonly string[];
  matches(arn: string, variables?: ReadonlyMap<string, string>): boolean | 'unresolved';
}

const VARIABLE = /\$\{([^}]+)\}/g;

/**
 * AWS matches a Resource ARN segment by segment: partition, service, region and account each on
 * their own (a `*` there cannot swallow a colon), then the resource part, where `*` spans `/` and `:`.
 * A short pattern ("arn:aws:s3") has its missing segments treated as `*`, as IAM does for identity policies.
 */
export function compileResourcePattern(source: string): ResourcePattern {
  if (source === '*') return { source, matchesAll: true, variables: [], matches: () => true };
  const variables = source.includes('${') ? [...source.matchAll(VARIABLE)].map((m) => m[1]!) : [];
  if (variables.length === 0) {
    // Compiled on first use: effective-permission analysis never matches ARNs, only request evaluation does.
    let test: ((arn: string) => boolean) | undefined;
    return { source, matchesAll: false, variables, matches: (arn) => (test ??= compileSegments(source))(arn) };
  }
  const compiled = new Map<string, (arn: string) => boolean>();
  return {
    source,
    matchesAll: false,
    variables,
    matches(arn, values) {
      let unresolved = false;
      const resolved = source.replace(VARIABLE, (_, name: string) => {
        const special = SPECIAL_VARIABLES[name];
        if (special !== undefined) return special;
        const value = values?.get(name.toLowerCase());
        if (value === undefined) unresolved = true;
        return escapeWildcards(value ?? '');
      });
      if (unresolved) return 'unresolved';
      let test = compiled.get(resolved);
      if (!test) compiled.set(resolved, (test = compileSegments(resolved)));
      return test(arn);
    },
  };
}

// IAM's ${*} ${?} ${$} escapes; private-use characters stand in for literal wildcards until matching.
const SPECIAL_VARIABLES: Record<string, string> = { '*': '\uE000', '?': '\uE001', $: '$' };

function escapeWildcards(value: string): string {
  return value.replace(/\*/g, '\uE000').replace(/\?/g, '\uE001');
}

function compileSegments(pattern: string): (arn: string) => boolean {
  const parts = pattern.split(':');
  while (parts.length < 6) parts.push('*');
  // The head (partition, service, region, account) compares case-insensitively, each `*` within its segment.
  const head = parts.slice(0, 5).join(':').toLowerCase();
  const headTest = hasWildcard(head) ? headRegExp(head) : undefined;
  const resource = segmentMatcher(parts.slice(5).join(':'), '');
  return (arn) => {
    const split = fifthColon(arn);
    if (split < 0) return false;
    const arnHead = arn.slice(0, split).toLowerCase();
    if (headTest ? !headTest.test(arnHead) : arnHead !== head) return false;
    return resource(arn.slice(split + 1));
  };
}

function fifthColon(arn: string): number {
  let at = -1;
  for (let n = 0; n < 5; n++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0) return -1;
  }
  return at;
}

function headRegExp(head: string): RegExp {
  let source = '^';
  for (const ch of head) {
    if (ch === '*') source += '[^:]*';
    else if (ch === '?') source += '[^:]';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(source + '$');
}

function segmentMatcher(segment: string, flags: string): (value: string) => boolean {
  const literal = (s: string) => s.replace(/\uE000/g, '*').replace(/\uE001/g, '?');
  if (!hasWildcard(segment)) {
    const exact = literal(segment);
    return flags === 'i' ? (v) => v.toLowerCase() === exact.toLowerCase() : (v) => v === exact;
  }
  if (segment === '*') return () => true;
  const re = wildcardToRegExp(segment, flags);
  if (!/[\uE000\uE001]/.test(segment)) return (v) => re.test(v);
  // Escaped wildcards: build the regex by hand so that they stay literal.
  const source = segment
    .split(/([\uE000\uE001*?])/)
    .map((piece) =>
      piece === '*' ? '.*' : piece === '?' ? '.' : literal(piece).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  const escaped = new RegExp(`^${source}$`, flags + 's');
  return (v) => escaped.test(v);
}
