import type { ActionCatalog } from './catalog.js';
import type { CompiledStatement } from './compiled-policy.js';
import type { EffectivePermissions, PolicyEngine } from './engine.js';
import type { PolicyAttachment, PrincipalPolicies } from './principal-policies.js';
import { wildcardToRegExp } from './wildcard.js';

/** IAM resources whose ARN is arn:<partition>:iam::<account>:<kind>/<path><name>: what IAM actions act on. */
export const IAM_TARGET_KINDS = ['user', 'group', 'role', 'policy', 'instance-profile'] as const;
export type IamTargetKind = (typeof IAM_TARGET_KINDS)[number];

/** Every resource of one kind in one account: the targets an IAM action such as iam:PassRole may act on. */
export interface TargetScope {
  partition: string;
  account: string;
  kind: IamTargetKind;
}

/** Stands for a policy variable while a pattern is split into segments. */
const VARIABLE = '\uE002';

/** How much of a scope a Resource pattern (or a statement's Resource/NotResource list) reaches. */
export type Coverage = 'all' | 'some' | 'none';

/**
 * Does the Resource pattern cover every target in the scope, some, or none? `*`, `arn:aws:iam::*:policy/*`
 * and `arn:aws:iam::<account>:policy/*` cover every customer-managed policy of the account; a path prefix
 * (`role/service/*`) or a name covers some; another account's ARN, or another kind, none. 'all' and 'none'
 * are certain (no target escapes, none can match); anything in between, or depending on a policy variable
 * (`${aws:username}`), is 'some'.
 */
export function resourceCoverage(pattern: string, scope: TargetScope): Coverage {
  if (pattern === '*') return 'all';
  // A policy variable decides per request: never certain to cover all, and assumed to match in the head.
  const variables = pattern.includes('${');
  // Masked first: a variable's name has a colon of its own (${aws:username}).
  const parts = (variables ? pattern.replace(/\$\{[^}]*\}/g, VARIABLE) : pattern).split(':');
  while (parts.length < 6) parts.push('*');
  const head = parts.slice(0, 5);
  const values = ['arn', scope.partition, 'iam', '', scope.account];
  // The head compares case-insensitively, each wildcard within its segment (as compileResourcePattern).
  if (!head.every((segment, i) => segmentMatches(segment, values[i]!))) return 'none';
  const resource = parts.slice(5).join(':');
  const prefix = `${scope.kind}/`;
  const wildcard = resource.search(/[*?\uE002]/);
  const literal = wildcard < 0 ? resource : resource.slice(0, wildcard);
  if (!literal.startsWith(prefix) && !prefix.startsWith(literal)) return 'none';
  // A literal that ends within "<kind>/" and then only `*`: every path and name of the kind.
  if (!variables && wildcard >= 0 && literal.length <= prefix.length && /^\*+$/.test(resource.slice(wildcard)))
    return 'all';
  return 'some';
}

/**
 * The same for a statement's Resource list (the best of its patterns) or NotResource list (everything
 * but what they match: all when none of them reaches the scope, none when one of them covers it).
 */
export function statementCoverage(
  statement: { resources: readonly string[]; notResource: boolean },
  scope: TargetScope,
): Coverage {
  const each = statement.resources.map((r) => resourceCoverage(r, scope));
  if (statement.notResource) return each.includes('all') ? 'none' : each.every((c) => c === 'none') ? 'all' : 'some';
  return each.includes('all') ? 'all' : each.includes('some') ? 'some' : 'none';
}

/**
 * The kind of IAM resource an action acts on, from the catalog (iam:CreatePolicyVersion → policy,
 * iam:PassRole → role), or undefined when it acts on several kinds or outside IAM: then only Resource
 * "*" is known to cover all its targets, since other services' ARN formats are not in the catalog.
 */
export function iamTargetKind(catalog: ActionCatalog, action: string): IamTargetKind | undefined {
  const index = catalog.indexOf(action);
  if (index === undefined) return undefined;
  const found = catalog.action(index);
  if (found.service !== 'iam' || found.resourceTypes.length !== 1) return undefined;
  const kind = found.resourceTypes[0]!;
  return (IAM_TARGET_KINDS as readonly string[]).includes(kind) ? (kind as IamTargetKind) : undefined;
}

/** The partition and account of an ARN (a principal's or a customer-managed policy's): where its targets live. */
export function accountOfArn(arn: string): Omit<TargetScope, 'kind'> | undefined {
  const match = /^arn:([^:]+):[^:]*:[^:]*:(\d{12}):/.exec(arn);
  return match ? { partition: match[1]!, account: match[2]! } : undefined;
}

/**
 * The scope of every catalog action among `actions` that acts on one kind of IAM resource, by catalog
 * index, in the given account: what "on every resource" means for it besides Resource "*".
 */
export function iamTargetScopes(
  catalog: ActionCatalog,
  actions: Iterable<string>,
  account: Omit<TargetScope, 'kind'> | undefined,
): Map<number, TargetScope> {
  const scopes = new Map<number, TargetScope>();
  if (!account) return scopes;
  for (const action of actions) {
    const kind = iamTargetKind(catalog, action);
    if (kind) scopes.set(catalog.indexOf(action)!, { ...account, kind });
  }
  return scopes;
}

/**
 * May the policies perform the action (by catalog index) on every target of its scope, without
 * conditions: on Resource "*" (the engine's `unconditional`), or through an Allow without conditions
 * whose Resource covers the whole scope (`arn:aws:iam::<account>:policy/*`), within the boundary, and
 * with no Deny without conditions that reaches any of the scope (as `unconditional` treats Denies).
 * `effective` is the policies' effective permissions (callers hold them, shared per principal).
 */
export function allowedOnEveryTarget(
  engine: PolicyEngine,
  policies: PrincipalPolicies,
  effective: EffectivePermissions,
  index: number,
  scope: TargetScope | undefined,
): boolean {
  if (effective.unconditional.has(index)) return true;
  if (!scope || !effective.allowed.has(index)) return false;
  const statementsOf = (attachments: readonly PolicyAttachment[]) =>
    attachments.flatMap((a) => engine.compile(a).statements.filter((s) => s.actions.has(index)));
  const identity = statementsOf(policies.identity);
  const boundary = policies.boundary ? statementsOf([policies.boundary]) : [];
  const covered = (list: readonly CompiledStatement[]) => list.some((s) => coversEveryTarget(s, scope));
  if (!covered(identity) || (policies.boundary && !covered(boundary))) return false;
  return ![...identity, ...boundary].some(
    (s) => s.effect === 'Deny' && !s.conditional && statementCoverage(s, scope) !== 'none',
  );
}

/** An Allow without conditions whose Resource (or NotResource) covers every target of the scope. */
export function coversEveryTarget(statement: CompiledStatement, scope: TargetScope): boolean {
  return statement.effect === 'Allow' && !statement.conditional && statementCoverage(statement, scope) === 'all';
}

/** The scope of an IAM ARN (arn:aws:iam::123456789012:role/app/x → every role of 123456789012), if it is one. */
export function scopeOfArn(arn: string): TargetScope | undefined {
  const match = /^arn:([^:]+):iam::(\d{12}):([a-z-]+)\//.exec(arn);
  if (!match) return undefined;
  const kind = match[3]!;
  if (!(IAM_TARGET_KINDS as readonly string[]).includes(kind)) return undefined;
  return { partition: match[1]!, account: match[2]!, kind: kind as IamTargetKind };
}

function segmentMatches(segment: string, value: string): boolean {
  if (segment.includes(VARIABLE)) return true;
  return segment.includes('*') || segment.includes('?')
    ? wildcardToRegExp(segment, 'i').test(value)
    : segment.toLowerCase() === value;
}
