import {
  conditionKeys,
  evaluateAgainstAny,
  type CompiledStatement,
  type ConditionContext,
  type OrganizationPolicyLevel,
  type StatementRef,
} from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import type { Evidence, RuleContext } from './types.js';

export type Grant = 'yes' | 'conditional' | 'no';

export interface ActionCheck {
  grant: Grant;
  /** The Allow statements that grant it, formatted on first use (most checks never reach a report). */
  readonly evidence: Evidence[];
  /** For a conditional grant: the condition keys that decide whether it applies (listed on first use). */
  readonly conditionKeys?: readonly string[];
}

/**
 * What is known of a request's condition keys, as alternatives: the request succeeds if it does in one of
 * them (a caller attaching "any policy" may pick any of several). Keys in none stay the caller's to meet.
 */
export type RequestContexts = readonly ConditionContext[];

/** Contexts, or how to make them: most checks are decided without reading a condition, and never make them. */
export type LazyContexts = RequestContexts | (() => RequestContexts);

function resolved(contexts: LazyContexts | undefined): RequestContexts | undefined {
  return typeof contexts === 'function' ? contexts() : contexts;
}

/**
 * An Allow statement's conditions against what is known of the request: 'certain' when it has none or
 * they hold, 'fails' when they cannot hold, else the keys that decide.
 */
export function allowVerdict(
  statement: CompiledStatement,
  contexts: RequestContexts | undefined,
): 'certain' | 'fails' | readonly string[] {
  if (!statement.hasCondition) return 'certain';
  const block = statement.source.Condition!;
  if (!contexts) return conditionKeys(block);
  const verdict = evaluateAgainstAny(block, contexts);
  return verdict.result === 'holds' ? 'certain' : verdict.result === 'fails' ? 'fails' : verdict.keys;
}

const NO: ActionCheck = { grant: 'no', evidence: [] };

/** A grant whose evidence is formatted on first read (a class: one shared getter, not one per check). */
class GrantedCheck implements ActionCheck {
  private formatted?: Evidence[];

  constructor(
    readonly grant: Grant,
    private readonly refs: readonly StatementRef[],
    private readonly action: string,
    /** The matched Allow statements (identity and boundary) that apply only under conditions. */
    private readonly deciders: readonly StatementRef[] = [],
  ) {}

  get evidence(): Evidence[] {
    return (this.formatted ??= this.refs.slice(0, 2).map((r) => statementEvidence(r, this.action)));
  }

  get conditionKeys(): readonly string[] | undefined {
    if (this.grant !== 'conditional') return undefined;
    // Without deciding keys the conditions held (or there were none): a policy variable in its Resource decides.
    return [...new Set(this.deciders.flatMap((r) => r.deciding ?? resourceVariables(r.statement)))];
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
    private readonly contexts?: RequestContexts,
  ) {}

  /** The Allow statements that grant the action (those whose conditions cannot hold left out), with their verdicts. */
  private *grants(): Generator<[StatementRef, ReturnType<typeof allowVerdict>]> {
    for (const policy of this.principal.policies.identity)
      for (const statement of this.engine.compile(policy).statements)
        if (statement.effect === 'Allow' && statement.actions.has(this.index)) {
          const verdict = allowVerdict(statement, this.contexts);
          if (verdict !== 'fails') yield [{ policy, statement, role: 'identity' }, verdict];
        }
  }

  get evidence(): Evidence[] {
    if (!this.formatted) {
      const refs: StatementRef[] = [];
      for (const [ref, verdict] of this.grants())
        if (this.grant === 'conditional' || verdict === 'certain') refs.push(ref);
      this.formatted = refs.slice(0, 2).map((r) => statementEvidence(r, this.action));
    }
    return this.formatted;
  }

  private keys?: readonly string[];

  /** Read for a conditional step through this action, even where other statements grant it elsewhere. */
  get conditionKeys(): readonly string[] | undefined {
    if (!this.keys) {
      const keys = new Set<string>();
      for (const [, verdict] of this.grants()) if (verdict !== 'certain') for (const key of verdict) keys.add(key);
      this.keys = [...keys];
    }
    return this.keys;
  }
}

/**
 * May the principal perform the action: on a given resource, or (without one) on some resource?
 * 'conditional' when only statements with conditions allow it: kept and said, never dropped. With
 * `contexts` (what the request is known to carry: the service a role is passed to, the target's tags),
 * conditions those keys decide are evaluated: a statement whose conditions cannot hold grants nothing.
 */
export function checkAction(
  ctx: RuleContext,
  principal: Principal,
  action: string,
  resourceArn?: string,
  contexts?: LazyContexts,
): ActionCheck {
  const engine = ctx.engine;
  const index = engine.catalog.indexOf(action);
  if (index !== undefined && !ctx.effective(principal).allowed.has(index)) return NO;
  if (resourceArn === undefined) {
    if (index === undefined) return NO;
    // Allowed on every resource without conditions: some unconditional Allow grants it.
    if (ctx.effective(principal).unconditional.has(index))
      return new SomewhereCheck('yes', engine, principal, index, action, resolved(contexts));
    let any = false;
    let certain = false;
    for (const policy of principal.policies.identity)
      for (const statement of engine.compile(policy).statements)
        if (statement.effect === 'Allow' && statement.actions.has(index)) {
          const verdict = allowVerdict(statement, statement.hasCondition ? resolved(contexts) : undefined);
          if (verdict === 'fails') continue;
          any = true;
          if (verdict === 'certain') certain = true;
        }
    if (!any) return NO;
    return new SomewhereCheck(certain ? 'yes' : 'conditional', engine, principal, index, action, resolved(contexts));
  }
  const variables = new Map<string, string>();
  if (principal.kind === 'user') variables.set('aws:username', principal.name);
  // A group's ${aws:username} is each member's own name: acting on someone else never matches it.
  if (principal.kind === 'group') variables.set('aws:username', '\u0000a member of the group');
  // Without a context every condition may hold: if the request is not allowed even then, or no statement it
  // matches has conditions, what the request carries changes nothing.
  const open = engine.evaluateRequest(principal.policies, { action, resource: resourceArn, variables });
  if (open.best !== 'allow') return NO;
  const list = open.matched.some((m) => m.statement.conditional) ? resolved(contexts) : undefined;
  let best: ActionCheck = NO;
  for (const context of list && list.length > 0 ? list : [undefined]) {
    const decision = context
      ? engine.evaluateRequest(principal.policies, { action, resource: resourceArn, variables, context })
      : open;
    if (decision.best !== 'allow') continue;
    const grants = decision.matched.filter((m) => m.role === 'identity' && m.statement.effect === 'Allow');
    // As for effective permissions, a Deny with conditions (a region or MFA guardrail) narrows when, not
    // whether: only conditions on the Allow side make the grant conditional.
    const certain = (role: StatementRef['role']) =>
      decision.matched.some((m) => m.role === role && m.statement.effect === 'Allow' && !m.statement.conditional);
    // Every SCP level must allow without conditions for the grant to be certain.
    const scpsCertain = (principal.policies.scps ?? []).every((level) =>
      decision.matched.some((m) => m.level === level && m.statement.effect === 'Allow' && !m.statement.conditional),
    );
    if (certain('identity') && (!principal.policies.boundary || certain('boundary')) && scpsCertain)
      return new GrantedCheck('yes', grants, action);
    if (best === NO) {
      const deciders = decision.matched.filter((m) => m.statement.effect === 'Allow' && m.statement.conditional);
      best = new GrantedCheck('conditional', grants, action, deciders);
    }
  }
  return best;
}

/** The policy variables a statement's Resource depends on ("aws:PrincipalTag/team"). */
function resourceVariables(statement: CompiledStatement): string[] {
  return statement.resources.flatMap((r) => [...r.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!));
}

export function statementEvidence(ref: StatementRef, action?: string): Evidence {
  const { policy, statement } = ref;
  const element = statement.notAction ? 'NotAction' : 'Action';
  const names = (statement.notAction ? statement.source.NotAction : statement.source.Action) ?? [];
  const resources = statement.source.Resource ?? statement.source.NotResource ?? [];
  const where =
    ref.role === 'scp' || ref.role === 'rcp'
      ? `${ref.role.toUpperCase()} ${policy.name}${ref.level ? ` at ${describeOrganizationLevel(ref.level)}` : ''}`
      : `${policy.kind === 'managed' ? 'managed policy' : 'inline policy'} ${policy.name}${policy.viaGroup ? ` (via group ${policy.viaGroup})` : ''}`;
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

/** "the root", "OU Workloads", "account acme-demo": where in the organisation a policy is attached. */
export function describeOrganizationLevel(level: Pick<OrganizationPolicyLevel, 'kind' | 'name'>): string {
  if (level.kind === 'root') return 'the root';
  return `${level.kind === 'ou' ? 'OU' : 'account'} ${level.name}`;
}

function abbreviate(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} … (+${items.length - max})`;
}

/**
 * The ARNs a method may target, sorted so that a Resource pattern finds its candidates by its literal
 * prefix (arn:aws:iam::123456789012:role/app-*) instead of testing every ARN.
 */
export class ResourceIndex {
  constructor(readonly arns: readonly string[]) {}

  /** Positions of the ARNs the pattern could match (a superset: the full match is checked after). */
  candidates(pattern: string): number[] {
    const found: number[] = [];
    this.near(pattern, (entry) => found.push(...entry.positions));
    return found;
  }

  /** Positions of the ARNs that pass `matches`, each distinct ARN tested once (lists repeat a policy per holder). */
  matching(pattern: string, matches: (arn: string) => boolean): number[] {
    const found: number[] = [];
    this.near(pattern, (entry) => {
      if (matches(entry.arn)) found.push(...entry.positions);
    });
    return found;
  }

  /**
   * Visits the ARNs that share the pattern's literal prefix (or equal it, without wildcards). A wildcard
   * early in the head (a region of "*") leaves a short prefix: then the literal start of the resource
   * part (function:app-*) narrows better, through a second order by that part. Each structure is built
   * on first need: plans name many resources of other services (an RDS cluster against a list of roles),
   * and the list's common prefix turns those away before anything is sorted.
   */
  private near(pattern: string, visit: (entry: IndexedArn) => void): void {
    const key = normaliseHead(pattern);
    const wildcard = key.search(/[*?]/);
    const literal = wildcard < 0 ? key : key.slice(0, wildcard);
    const common = this.commonPrefix();
    if (!literal.startsWith(common) && !common.startsWith(literal)) return;
    if (wildcard < 0) {
      for (const entry of this.exactMap().get(key) ?? []) visit(entry);
      return;
    }
    const keys = (this.keys ??= [...this.exactMap().keys()].sort());
    const [lo, hi] = prefixRange(keys, literal);
    const tail = literalStart(resourcePart(pattern));
    if (tail) {
      const tails = (this.tails ??= [...this.tailMap().keys()].sort());
      const [tailLo, tailHi] = prefixRange(tails, tail);
      if (tailHi - tailLo < hi - lo) {
        for (let i = tailLo; i < tailHi; i++) for (const entry of this.tailMap().get(tails[i]!)!) visit(entry);
        return;
      }
    }
    for (let i = lo; i < hi; i++) for (const entry of this.exactMap().get(keys[i]!)!) visit(entry);
  }

  private common?: string;
  private distinct?: IndexedArn[];
  private exact?: Map<string, IndexedArn[]>;
  /** The distinct normalised ARNs, and resource parts, in code-unit order (a native sort: lists reach 100,000). */
  private keys?: string[];
  private tails?: string[];
  private byTail?: Map<string, IndexedArn[]>;

  /** The normalised prefix every ARN of the list shares (its account and service, usually). */
  private commonPrefix(): string {
    if (this.common === undefined) {
      let prefix = this.arns[0] ?? '';
      for (const arn of this.arns) {
        let n = 0;
        while (n < prefix.length && n < arn.length && prefix.charCodeAt(n) === arn.charCodeAt(n)) n++;
        if (n < prefix.length) prefix = prefix.slice(0, n);
        if (prefix === '') break;
      }
      // Only the head is compared case-insensitively: lower-case it, and stop where a case could differ.
      this.common = normaliseHead(prefix);
    }
    return this.common;
  }

  /** Each distinct ARN once, with its positions. */
  private entries(): IndexedArn[] {
    if (!this.distinct) {
      const byArn = new Map<string, IndexedArn>();
      this.arns.forEach((arn, position) => {
        const entry = byArn.get(arn);
        if (entry) entry.positions.push(position);
        else byArn.set(arn, { key: normaliseHead(arn), arn, positions: [position] });
      });
      this.distinct = [...byArn.values()];
    }
    return this.distinct;
  }

  private exactMap(): Map<string, IndexedArn[]> {
    return (this.exact ??= groupBy(this.entries(), (e) => e.key));
  }

  private tailMap(): Map<string, IndexedArn[]> {
    // The resource part is needed only for patterns with a wildcard in the head: split on first need.
    return (this.byTail ??= groupBy(this.entries(), (e) => resourcePart(e.arn) ?? ''));
  }
}

function groupBy(entries: readonly IndexedArn[], field: (e: IndexedArn) => string): Map<string, IndexedArn[]> {
  const groups = new Map<string, IndexedArn[]>();
  for (const entry of entries) {
    const key = field(entry);
    const list = groups.get(key);
    if (list) list.push(entry);
    else groups.set(key, [entry]);
  }
  return groups;
}

/** The [start, end) of the strings that start with `prefix`, in a sorted list. */
function prefixRange(sorted: readonly string[], prefix: string): [number, number] {
  const lowerBound = (value: string) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [lowerBound(prefix), lowerBound(`${prefix}\uffff`)];
}

/** What follows the fifth colon (the resource part, matched on its own), or undefined without one. */
function resourcePart(arn: string): string | undefined {
  let at = -1;
  for (let n = 0; n < 5; n++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0) return undefined;
  }
  return arn.slice(at + 1);
}

/** The literal characters before the first wildcard or variable. */
function literalStart(pattern: string | undefined): string {
  if (pattern === undefined) return '';
  const end = pattern.search(/[*?$\uE000\uE001]/);
  return end < 0 ? pattern : pattern.slice(0, end);
}

interface IndexedArn {
  key: string;
  arn: string;
  /** Where the ARN appears in the list, in order. */
  positions: number[];
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
  contextsOf?: (arn: string) => RequestContexts,
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
  for (const i of positions) {
    const arn = resources.arns[i]!;
    results[i] = checkAction(ctx, principal, action, arn, contextsOf && (() => contextsOf(arn)));
  }
  return results;
}
