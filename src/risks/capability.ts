import type { StatementRef } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import type { Evidence, RuleContext } from './types.js';

export type Grant = 'yes' | 'conditional' | 'no';

export interface ActionCheck {
  grant: Grant;
  /** The Allow statements that grant it, formatted on first use (most checks never reach a report). */
  readonly evidence: Evidence[];
}

const NO: ActionCheck = { grant: 'no', evidence: [] };

/** A grant whose evidence is formatted on first read (a class: one shared getter, not one per check). */
class GrantedCheck implements ActionCheck {
  private formatted?: Evidence[];

  constructor(
    readonly grant: Grant,
    private readonly refs: readonly StatementRef[],
    private readonly action: string,
  ) {}

  get evidence(): Evidence[] {
    return (this.formatted ??= this.refs.slice(0, 2).map((r) => statementEvidence(r, this.action)));
  }
}

/** "Allowed on some resource": the granting statements are looked up only if the evidence is read. */
class SomewhereCheck implements ActionCheck {
  private formatted?: Evidence[];

  constructor(
    readonly grant: Grant,
    private readonly engine: RuleContext['engine'],
    private readonly principal: Principal,
    private readonly index: number,
    private readonly action: string,
  ) {}

  get evidence(): Evidence[] {
    if (!this.formatted) {
      const refs: StatementRef[] = [];
      for (const policy of this.principal.policies.identity)
        for (const statement of this.engine.compile(policy).statements)
          if (
            statement.effect === 'Allow' &&
            statement.actions.has(this.index) &&
            (this.grant === 'conditional' || !statement.hasCondition)
          )
            refs.push({ policy, statement, role: 'identity' });
      this.formatted = refs.slice(0, 2).map((r) => statementEvidence(r, this.action));
    }
    return this.formatted;
  }
}

function granted(grant: Grant, refs: readonly StatementRef[], action: string): ActionCheck {
  return new GrantedCheck(grant, refs, action);
}

/**
 * May the principal perform the action: on a given resource, or (without one) on some resource?
 * 'conditional' when only statements with conditions allow it: kept and said, never dropped.
 */
export function checkAction(ctx: RuleContext, principal: Principal, action: string, resourceArn?: string): ActionCheck {
  const engine = ctx.engine;
  const index = engine.catalog.indexOf(action);
  if (index !== undefined && !ctx.effective(principal).allowed.has(index)) return NO;
  if (resourceArn === undefined) {
    if (index === undefined) return NO;
    // Allowed on every resource without conditions: some unconditional Allow grants it.
    if (ctx.effective(principal).unconditional.has(index))
      return new SomewhereCheck('yes', engine, principal, index, action);
    let any = false;
    let certain = false;
    for (const policy of principal.policies.identity)
      for (const statement of engine.compile(policy).statements)
        if (statement.effect === 'Allow' && statement.actions.has(index)) {
          any = true;
          if (!statement.hasCondition) certain = true;
        }
    if (!any) return NO;
    return new SomewhereCheck(certain ? 'yes' : 'conditional', engine, principal, index, action);
  }
  const variables = new Map<string, string>();
  if (principal.kind === 'user') variables.set('aws:username', principal.name);
  // A group's ${aws:username} is each member's own name: acting on someone else never matches it.
  if (principal.kind === 'group') variables.set('aws:username', '\u0000a member of the group');
  const decision = engine.evaluateRequest(principal.policies, { action, resource: resourceArn, variables });
  if (decision.best !== 'allow') return NO;
  const grants = decision.matched.filter((m) => m.role === 'identity' && m.statement.effect === 'Allow');
  // As for effective permissions, a Deny with conditions (a region or MFA guardrail) narrows when, not
  // whether: only conditions on the Allow side make the grant conditional.
  const certain = (role: StatementRef['role']) =>
    decision.matched.some((m) => m.role === role && m.statement.effect === 'Allow' && !m.statement.conditional);
  const yes = certain('identity') && (!principal.policies.boundary || certain('boundary'));
  return granted(yes ? 'yes' : 'conditional', grants, action);
}

export function statementEvidence(ref: StatementRef, action?: string): Evidence {
  const { policy, statement } = ref;
  const element = statement.notAction ? 'NotAction' : 'Action';
  const names = (statement.notAction ? statement.source.NotAction : statement.source.Action) ?? [];
  const resources = statement.source.Resource ?? statement.source.NotResource ?? [];
  const where = `${policy.kind === 'managed' ? 'managed policy' : 'inline policy'} ${policy.name}${policy.viaGroup ? ` (via group ${policy.viaGroup})` : ''}`;
  const evidence: Evidence = {
    summary: `${action ? `${action}: ` : ''}${where}, statement ${statement.sid ?? `#${statement.index}`}: ${statement.effect} ${element} ${abbreviate(names)} on ${statement.notResource ? 'NotResource ' : ''}${abbreviate(resources)}${statement.hasCondition ? ' (with conditions)' : ''}`,
    policyName: policy.name,
    statementIndex: statement.index,
    actions: names,
  };
  if (policy.arn) evidence.policyArn = policy.arn;
  if (statement.sid) evidence.sid = statement.sid;
  if (policy.viaGroup) evidence.viaGroup = policy.viaGroup;
  return evidence;
}

function abbreviate(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} … (+${items.length - max})`;
}

/**
 * The ARNs a method may target, sorted so that a Resource pattern finds its candidates by its literal
 * prefix (arn:aws:iam::123456789012:role/app-*) instead of testing every ARN.
 */
export class ResourceIndex {
  /** The ARNs' keys (heads lower-cased) in ascending order, and the position in `arns` of each. */
  private readonly sortedKeys: string[];
  private readonly sortedPositions: Uint32Array;
  private readonly exact = new Map<string, number[]>();

  constructor(readonly arns: readonly string[]) {
    const keys = arns.map(normaliseHead);
    // Positions sorted by key, equal keys in input order (a plain index array: no object per ARN).
    const positions = new Uint32Array(arns.length);
    for (let i = 0; i < positions.length; i++) positions[i] = i;
    positions.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    this.sortedPositions = positions;
    this.sortedKeys = new Array<string>(positions.length);
    for (let i = 0; i < positions.length; i++) {
      const key = (this.sortedKeys[i] = keys[positions[i]!]!);
      const list = this.exact.get(key);
      if (list) list.push(positions[i]!);
      else this.exact.set(key, [positions[i]!]);
    }
  }

  /** Positions of the ARNs the pattern could match (a superset: the full match is checked after). */
  candidates(pattern: string): number[] {
    const key = normaliseHead(pattern);
    const wildcard = key.search(/[*?]/);
    if (wildcard < 0) return this.exact.get(key) ?? [];
    const prefix = key.slice(0, wildcard);
    const keys = this.sortedKeys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: number[] = [];
    for (let i = lo; i < keys.length && keys[i]!.startsWith(prefix); i++) found.push(this.sortedPositions[i]!);
    return found;
  }
}

/**
 * ARN heads (partition, service, region, account) compare case-insensitively: index them lower-cased.
 * Heads are almost always lower case already; then the ARN itself is the key, with no new string.
 */
function normaliseHead(arn: string): string {
  let at = -1;
  for (let n = 0; n < 5; n++) {
    const next = arn.indexOf(':', at + 1);
    if (next < 0) return hasUpperCase(arn, arn.length) ? arn.toLowerCase() : arn;
    at = next;
  }
  return hasUpperCase(arn, at) ? arn.slice(0, at).toLowerCase() + arn.slice(at) : arn;
}

/** Whether text[0, end) has a character that toLowerCase would change. */
function hasUpperCase(text: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return true;
  }
  return false;
}

/**
 * checkAction for many resources at once: only the resources some Allow statement's Resource could
 * match are evaluated in full (Denies, boundary, variables); the rest are ruled out by their prefix.
 */
export function checkActionOnEach(
  ctx: RuleContext,
  principal: Principal,
  action: string,
  resources: ResourceIndex,
): ActionCheck[] {
  const engine = ctx.engine;
  const index = engine.catalog.indexOf(action);
  const results: ActionCheck[] = resources.arns.map(() => NO);
  if (index === undefined || !ctx.effective(principal).allowed.has(index)) return results;
  const allows = principal.policies.identity.flatMap((policy) =>
    engine.compile(policy).statements.filter((s) => s.effect === 'Allow' && s.actions.has(index)),
  );
  const open = allows.some((s) => s.notResource || s.resources.some((r) => r === '*' || r.includes('${')));
  const positions = open
    ? resources.arns.map((_, i) => i)
    : [...new Set(allows.flatMap((s) => s.resources.flatMap((r) => resources.candidates(r))))];
  for (const i of positions) results[i] = checkAction(ctx, principal, action, resources.arns[i]!);
  return results;
}
