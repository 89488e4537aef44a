/**
 * IAM policy documents as Rightsize holds them: always parsed, always arrays.
 * AWS returns the same policy in several shapes (URL-encoded strings from the API, objects from the
 * CLI, a single Statement object, string-or-array elements); normalisePolicyDocument turns each of
 * them into this one shape and reports grammar problems with the JSON path that has them.
 */

export type Effect = 'Allow' | 'Deny';

/** Condition block: operator → condition key → values (AWS accepts a scalar or an array). */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface PrincipalBlock {
  AWS?: string[];
  Service?: string[];
  Federated?: string[];
  CanonicalUser?: string[];
}

export interface Statement {
  Sid?: string;
  Effect: Effect;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  /** "*" normalises to { AWS: ["*"] }, which AWS treats the same way. */
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: Statement[];
}

export interface PolicyProblem {
  level: 'error' | 'warning';
  /** JSON path inside the document, e.g. `$.Statement[1].Effect`. */
  path: string;
  message: string;
}

export type PolicyKind = 'identity' | 'trust';

export interface NormalisedPolicy {
  /** Statements with grammar errors are left out; their problems say which and why. */
  document: PolicyDocument;
  problems: PolicyProblem[];
}

/** Accepts an object, a JSON string or a URL-encoded JSON string (what the IAM API returns). */
export function normalisePolicyDocument(raw: unknown, kind: PolicyKind = 'identity', path = '$'): NormalisedPolicy {
  const problems: PolicyProblem[] = [];
  const problem = (p: string, message: string, level: PolicyProblem['level'] = 'error') =>
    problems.push({ level, path: p, message });

  const parsed = typeof raw === 'string' ? parsePolicyString(raw) : { value: raw };
  if ('error' in parsed) {
    problem(path, parsed.error);
    return { document: { Statement: [] }, problems };
  }
  const value = parsed.value;
  if (!isPlainObject(value)) {
    problem(path, `a policy document must be a JSON object, got ${describe(value)}`);
    return { document: { Statement: [] }, problems };
  }

  const document: PolicyDocument = { Statement: [] };
  if (value.Version !== undefined) {
    if (value.Version !== '2012-10-17' && value.Version !== '2008-10-17')
      problem(`${path}.Version`, `Version must be "2012-10-17" or "2008-10-17", got ${describe(value.Version)}`);
    else document.Version = value.Version;
  }
  if (typeof value.Id === 'string') document.Id = value.Id;

  const rawStatements = value.Statement;
  if (rawStatements === undefined) {
    problem(`${path}.Statement`, 'the policy has no Statement');
    return { document, problems };
  }
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  list.forEach((raw, i) => {
    const at = Array.isArray(rawStatements) ? `${path}.Statement[${i}]` : `${path}.Statement`;
    const statement = normaliseStatement(raw, kind, at, problem);
    if (statement) document.Statement.push(statement);
  });
  return { document, problems };
}

function normaliseStatement(
  raw: unknown,
  kind: PolicyKind,
  path: string,
  problem: (path: string, message: string, level?: PolicyProblem['level']) => void,
): Statement | undefined {
  if (!isPlainObject(raw)) {
    problem(path, `a statement must be a JSON object, got ${describe(raw)}`);
    return undefined;
  }
  let ok = true;
  const fail = (p: string, message: string) => {
    ok = false;
    problem(p, message);
  };

  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    fail(`${path}.Effect`, `Effect must be "Allow" or "Deny", got ${describe(raw.Effect)}`);
  }
  const statement: Statement = { Effect: raw.Effect as Effect };
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid === 'string') statement.Sid = raw.Sid;
    else fail(`${path}.Sid`, `Sid must be a string, got ${describe(raw.Sid)}`);
  }

  const actions = stringList(raw, 'Action', path, fail);
  const notActions = stringList(raw, 'NotAction', path, fail);
  if (actions && notActions) fail(path, 'a statement has either Action or NotAction, not both');
  else if (!actions && !notActions) fail(path, 'a statement needs Action or NotAction');
  for (const [element, list] of [
    ['Action', actions],
    ['NotAction', notActions],
  ] as const) {
    list?.forEach((a, i) => {
      if (!isActionPattern(a)) fail(`${path}.${element}[${i}]`, `"${a}" is not an action ("service:Action" or "*")`);
    });
  }
  if (actions) statement.Action = actions;
  if (notActions) statement.NotAction = notActions;

  const resources = stringList(raw, 'Resource', path, fail);
  const notResources = stringList(raw, 'NotResource', path, fail);
  if (resources && notResources) fail(path, 'a statement has either Resource or NotResource, not both');
  else if (kind === 'identity' && !resources && !notResources) fail(path, 'a statement needs Resource or NotResource');
  if (resources) statement.Resource = resources;
  if (notResources) statement.NotResource = notResources;

  const principal = principalBlock(raw, 'Principal', path, fail);
  const notPrincipal = principalBlock(raw, 'NotPrincipal', path, fail);
  if (kind === 'identity' && (principal || notPrincipal))
    fail(path, 'an identity policy statement cannot name a Principal');
  if (kind === 'trust' && !principal && !notPrincipal) fail(path, 'a trust policy statement needs a Principal');
  if (principal) statement.Principal = principal;
  if (notPrincipal) statement.NotPrincipal = notPrincipal;

  if (raw.Condition !== undefined) {
    const condition = conditionBlock(raw.Condition, `${path}.Condition`, fail);
    if (condition) statement.Condition = condition;
  }
  return ok ? statement : undefined;
}

function stringList(
  raw: Record<string, unknown>,
  key: string,
  path: string,
  fail: (path: string, message: string) => void,
): string[] | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    if (value.length === 0) fail(`${path}.${key}`, `${key} is an empty list`);
    return value as string[];
  }
  fail(`${path}.${key}`, `${key} must be a string or a list of strings, got ${describe(value)}`);
  return undefined;
}

function principalBlock(
  raw: Record<string, unknown>,
  key: 'Principal' | 'NotPrincipal',
  path: string,
  fail: (path: string, message: string) => void,
): PrincipalBlock | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (value === '*') return { AWS: ['*'] };
  if (!isPlainObject(value)) {
    fail(`${path}.${key}`, `${key} must be "*" or an object, got ${describe(value)}`);
    return undefined;
  }
  const block: PrincipalBlock = {};
  for (const [type, ids] of Object.entries(value)) {
    if (type !== 'AWS' && type !== 'Service' && type !== 'Federated' && type !== 'CanonicalUser') {
      fail(`${path}.${key}.${type}`, `unknown principal type "${type}" (AWS, Service, Federated, CanonicalUser)`);
      continue;
    }
    const list =
      typeof ids === 'string' ? [ids] : Array.isArray(ids) && ids.every((i) => typeof i === 'string') ? ids : undefined;
    if (!list) fail(`${path}.${key}.${type}`, `${type} must be a string or a list of strings, got ${describe(ids)}`);
    else block[type] = list as string[];
  }
  return block;
}

function conditionBlock(
  value: unknown,
  path: string,
  fail: (path: string, message: string) => void,
): ConditionBlock | undefined {
  if (!isPlainObject(value)) {
    fail(path, `Condition must be an object of operators, got ${describe(value)}`);
    return undefined;
  }
  const block: ConditionBlock = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isPlainObject(keys)) {
      fail(`${path}.${operator}`, `condition operator ${operator} must map keys to values, got ${describe(keys)}`);
      continue;
    }
    const normalised: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      if (!list.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
        fail(`${path}.${operator}.${key}`, `condition values must be strings, numbers or booleans`);
        continue;
      }
      // AWS compares condition values as strings ("true", "3600"), so keep them as such.
      normalised[key] = list.map(String);
    }
    block[operator] = normalised;
  }
  return block;
}

/**
 * A policy document's JSON text as AWS holds it: the API and SDK return it URL-encoded (`%7B…`), the CLI as it is.
 * Undefined when the URL encoding is broken.
 */
export function policyDocumentText(raw: string): string | undefined {
  const text = raw.trim();
  if (!text.startsWith('%')) return raw;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function parsePolicyString(text: string): { value: unknown } | { error: string } {
  const json = policyDocumentText(text);
  if (json === undefined) return { error: 'the policy document is not valid URL-encoded text' };
  try {
    return { value: JSON.parse(json) };
  } catch (e) {
    return { error: `the policy document is not valid JSON: ${(e as Error).message}` };
  }
}

function isActionPattern(action: string): boolean {
  return action === '*' || /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/.test(action);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}
