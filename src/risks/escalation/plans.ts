import {
  evaluateConditions,
  type ActionSet,
  type CompiledPolicy,
  type CompiledStatement,
  type PolicyAttachment,
  type PolicyEngine,
} from '../../iam/index.js';
import type { Principal } from '../../snapshot/index.js';
import { allowVerdict } from '../capability.js';
import type { MethodRequest } from './method-conditions.js';
import { normalisePatterns, substituteUsername, type Grant, type Plan } from './positions.js';

/**
 * Where a principal may perform an action, as Resource patterns (a Plan), shared by every principal
 * whose policies cover the action with the same statements, and by every plan that says the same.
 * Finding the shared plan is the hot part of the escalation graph (tens of thousands of principal ×
 * method pairs), so each policy's escalation-relevant statements are listed once with a small number,
 * a principal's are gathered once however many methods ask, and plans are found through a trie of
 * those numbers.
 */

/** One plan, with what the graph derives from it (the fan-out nodes it reaches), kept beside it. */
export interface PlanEntry<T> {
  /** undefined when policy variables other than ${aws:username} need a request-by-request evaluation. */
  plan: Plan | undefined;
  derived: Map<object, T>;
}

interface Covering {
  statement: CompiledStatement;
  /** Unique per (statement, boundary or identity): what the trie is keyed by. */
  id: number;
  /** A Resource with a policy variable: the plan may be the user's own. */
  variables: boolean;
}

/** A step of the plan trie: the statements so far; the entry when they are all. */
interface PlanNode<T> {
  next: Map<number, PlanNode<T>>;
  entry?: PlanEntry<T>;
  byUser?: Map<string, PlanEntry<T>>;
}

interface PrincipalPlans<T> {
  covering: Covering[];
  /** By action index, then (when its statements have conditions) the method's request key. */
  plans: Map<number, PlanEntry<T> | null>;
  byRequest?: Map<string, PlanEntry<T> | null>;
}

export class ResourcePlans<T> {
  /** By action index; for statements with conditions, by action index and the method's request key. */
  private readonly roots = new Map<number | string, PlanNode<T>>();
  private readonly relevantByPolicy = new Map<CompiledPolicy, Covering[]>();
  private readonly boundaryByPolicy = new Map<CompiledPolicy, Covering[]>();
  private readonly relevantByAttachment = new Map<PolicyAttachment, Covering[]>();
  private readonly boundaryByAttachment = new Map<PolicyAttachment, Covering[]>();
  private nextId = 0;
  private readonly byPrincipal = new Map<Principal, PrincipalPlans<T>>();

  /** `relevant`: every action plans are asked for; statements covering none of them are never listed. */
  constructor(
    private readonly engine: PolicyEngine,
    private readonly relevant: ActionSet,
  ) {}

  /** Lets go of everything: plans are needed only while the graph is built. */
  clear(): void {
    this.roots.clear();
    this.byContent.clear();
    this.relevantByPolicy.clear();
    this.boundaryByPolicy.clear();
    this.relevantByAttachment.clear();
    this.boundaryByAttachment.clear();
    this.ids.clear();
    this.byPrincipal.clear();
  }

  /**
   * The plan for the principal and action (by catalog index), or null when no statement covers it.
   * Callers check first that the principal is allowed the action at all.
   */
  planFor(principal: Principal, actionIndex: number, request?: MethodRequest): PlanEntry<T> | null {
    if (!this.relevant.has(actionIndex))
      return this.lookUp(principal, actionIndex, this.allStatements(principal), request);
    const current = this.currentFor(principal);
    // Many methods share a target action (iam:PassRole): one lookup per principal and action, and per
    // method request only when a statement covering it has conditions (they may decide differently).
    if (!request || !hasConditions(current.covering, actionIndex)) {
      let entry = current.plans.get(actionIndex);
      if (entry === undefined)
        current.plans.set(actionIndex, (entry = this.lookUp(principal, actionIndex, current.covering)));
      return entry;
    }
    const key = `${actionIndex}|${request.key}`;
    current.byRequest ??= new Map();
    let entry = current.byRequest.get(key);
    if (entry === undefined)
      current.byRequest.set(key, (entry = this.lookUp(principal, actionIndex, current.covering, request)));
    return entry;
  }

  /**
   * The entry for the statements of `covering` that cover the action, found through a trie keyed by
   * the action (and the method's request) and then each statement's number: no key string per principal and action.
   */
  private lookUp(
    principal: Principal,
    actionIndex: number,
    covering: readonly Covering[],
    request?: MethodRequest,
  ): PlanEntry<T> | null {
    const rootKey = request ? `${actionIndex}|${request.key}` : actionIndex;
    let node: PlanNode<T> | undefined = this.roots.get(rootKey);
    if (!node) {
      node = { next: new Map() };
      this.roots.set(rootKey, node);
    }
    let variables = false;
    let any = false;
    for (const c of covering)
      if (c.statement.actions.has(actionIndex)) {
        let next: PlanNode<T> | undefined = node.next.get(c.id);
        if (!next) {
          next = { next: new Map() };
          node.next.set(c.id, next);
        }
        node = next;
        any = true;
        if (c.variables) variables = true;
      }
    if (!any) return null;
    if (!variables) return (node.entry ??= this.shared(this.buildPlan(principal, actionIndex, request)));
    // ${aws:username} makes a plan the user's own.
    node.byUser ??= new Map();
    const user = `${principal.kind}/${principal.name}`;
    let entry = node.byUser.get(user);
    if (!entry) node.byUser.set(user, (entry = this.shared(this.buildPlan(principal, actionIndex, request))));
    return entry;
  }

  private readonly byContent = new Map<string, PlanEntry<T>>();

  /** Different statements often say the same thing (Resource "*"): equal plans share one entry. */
  private shared(plan: Plan | undefined): PlanEntry<T> {
    if (!plan) return { plan, derived: new Map() };
    const key = planKey(plan);
    let entry = this.byContent.get(key);
    if (!entry) this.byContent.set(key, (entry = { plan, derived: new Map() }));
    return entry;
  }

  /**
   * The principal's statements that cover an escalation-relevant action (identity first, then boundary),
   * and its plans so far: kept for the whole build, since trust, method and control edges all ask.
   */
  private currentFor(principal: Principal): PrincipalPlans<T> {
    let current = this.byPrincipal.get(principal);
    if (!current) {
      const covering: Covering[] = [];
      for (const policy of principal.policies.identity) for (const c of this.listed(policy, false)) covering.push(c);
      const boundary = principal.policies.boundary;
      if (boundary) for (const c of this.listed(boundary, true)) covering.push(c);
      this.byPrincipal.set(principal, (current = { covering, plans: new Map() }));
    }
    return current;
  }

  private listed(attachment: PolicyAttachment, boundary: boolean): Covering[] {
    // By attachment object first: many principals share one, and its id need not be hashed again.
    const byAttachment = boundary ? this.boundaryByAttachment : this.relevantByAttachment;
    let list = byAttachment.get(attachment);
    if (list) return list;
    const compiled = this.engine.compile(attachment);
    const cache = boundary ? this.boundaryByPolicy : this.relevantByPolicy;
    list = cache.get(compiled);
    if (!list) {
      list = [];
      for (const statement of compiled.statements)
        if (statement.actions.intersects(this.relevant)) list.push(this.cover(statement, boundary));
      cache.set(compiled, list);
    }
    byAttachment.set(attachment, list);
    return list;
  }

  /** For an action outside `relevant` (not expected; kept correct rather than fast). */
  private allStatements(principal: Principal): Covering[] {
    const covering: Covering[] = [];
    for (const [policy, isBoundary] of policiesOf(principal))
      for (const statement of this.engine.compile(policy).statements) covering.push(this.cover(statement, isBoundary));
    return covering;
  }

  private readonly ids = new Map<CompiledStatement, number>();

  private cover(statement: CompiledStatement, boundary: boolean): Covering {
    let id = this.ids.get(statement);
    if (id === undefined) this.ids.set(statement, (id = this.nextId++));
    return {
      statement,
      id: boundary ? -1 - id : id,
      variables: statement.resources.some((r) => r.includes('${')),
    };
  }

  /**
   * The Resource patterns that alone decide where the principal may perform the action: certain and
   * conditional Allows (an Allow NotResource is "everything except"), unconditional Denies, and `within`
   * (each list must match: the boundary's Allows, a "Deny everything but" NotResource). ${aws:username}
   * is the user's own name. undefined when other policy variables need a request-by-request evaluation.
   * With a method's request, conditions it decides are evaluated: a statement whose conditions cannot hold
   * is left out, one whose conditions hold counts as unconditional; conditions on the target's tags or
   * boundary need a target-by-target evaluation (undefined).
   */
  private buildPlan(principal: Principal, index: number, request?: MethodRequest): Plan | undefined {
    const plan: Plan = {
      allow: { patterns: [], except: [] },
      conditional: { patterns: [], except: [] },
      deny: [],
      within: [],
    };
    const bounds: Grant = { patterns: [], except: [] };
    let boundedByCondition = false;
    const boundary = principal.policies.boundary;
    for (const [policy, isBoundary] of policiesOf(principal)) {
      for (const statement of this.engine.compile(policy).statements) {
        if (!statement.actions.has(index)) continue;
        const resources = substituteUsername(statement.resources, principal);
        if (resources === undefined) return undefined;
        if (request && statement.hasCondition && request.testsTarget(statement.source.Condition!)) return undefined;
        if (statement.effect === 'Deny') {
          // A Deny with conditions is a guardrail on when, as in effective permissions: not a narrowing,
          // unless the method's request meets them whatever the holder does.
          if (statement.hasCondition && !(request && holdsInEvery(statement, request))) continue;
          if (statement.notResource) plan.within.push([...resources].sort());
          else plan.deny.push(...resources);
          continue;
        }
        const verdict = allowVerdict(statement, request?.base);
        if (verdict === 'fails') continue;
        const conditional = verdict !== 'certain';
        // Inside a boundary that allows only under conditions, every grant is conditional.
        if (isBoundary && conditional) boundedByCondition = true;
        const grant = isBoundary ? bounds : conditional ? plan.conditional : plan.allow;
        if (statement.notResource) grant.except.push([...resources].sort());
        else grant.patterns.push(...resources);
      }
    }
    if (boundary) {
      // The boundary's Allows as a "within" list; an Allow NotResource in a boundary needs full evaluation.
      if (bounds.except.length > 0) return undefined;
      plan.within.push(bounds.patterns);
      if (boundedByCondition) {
        plan.conditional = {
          patterns: [...plan.allow.patterns, ...plan.conditional.patterns],
          except: [...plan.allow.except, ...plan.conditional.except],
        };
        plan.allow = { patterns: [], except: [] };
      }
    }
    for (const g of [plan.allow, plan.conditional]) g.patterns = normalisePatterns(g.patterns);
    plan.deny = normalisePatterns(plan.deny);
    plan.within = plan.within.map(normalisePatterns);
    return plan;
  }
}

/**
 * The identity policies, then the boundary. By position, not by object: the same attachment can be
 * both (PowerUserAccess attached to a role and set as its boundary), and its grants count as both.
 */
function policiesOf(principal: Principal): [PolicyAttachment, boolean][] {
  const { identity, boundary } = principal.policies;
  const policies = identity.map((policy): [PolicyAttachment, boolean] => [policy, false]);
  if (boundary) policies.push([boundary, true]);
  return policies;
}

/** Whether a statement of those covering the action has conditions: then a method's request may decide it. */
function hasConditions(covering: readonly Covering[], actionIndex: number): boolean {
  for (const c of covering) if (c.statement.hasCondition && c.statement.actions.has(actionIndex)) return true;
  return false;
}

/** A Deny whose conditions every request of the method meets. */
function holdsInEvery(statement: CompiledStatement, request: MethodRequest): boolean {
  const block = statement.source.Condition!;
  return request.base.every((context) => evaluateConditions(block, context).result === 'holds');
}

const grantKey = (grant: Grant) => `${grant.patterns.join('\n')}\t${grant.except.map((e) => e.join('\n')).join('\t')}`;

function planKey(plan: Plan): string {
  return `${grantKey(plan.allow)}\v${grantKey(plan.conditional)}\v${plan.deny.join('\n')}\v${plan.within.map((w) => w.join('\n')).join('\t')}`;
}
