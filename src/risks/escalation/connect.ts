import type { ActionSet } from '../../iam/index.js';
import type { Principal } from '../../snapshot/index.js';
import { checkAction, checkActionOnEach, type ActionCheck } from '../capability.js';
import type { RuleContext } from '../types.js';
import { ConditionalCheck } from './edges.js';
import type { GraphEdges } from './graph-edges.js';
import type { MethodRequest } from './method-conditions.js';
import { ResourcePlans, type PlanEntry } from './plans.js';
import type { Grant, Plan } from './positions.js';
import type { CandidateSet, TargetLists } from './target-lists.js';

/** The fan-out nodes a plan reaches through its certain and its conditional Allows (undefined: none). */
type FanOutPair = [certain: string | undefined, conditional: string | undefined];

/** Where a grant leads in one target list, and the fan-out node of each method that uses it. */
interface Reach {
  key: string;
  positions: () => readonly number[];
  nodes: Map<CandidateSet, string | undefined>;
}
type Reaches = [certain: Reach | undefined, conditional: Reach | undefined];

/**
 * checkAction on some resource, once per action (and method request) while one principal's edges are
 * built: trust, method and support checks of the same principal all ask.
 */
export class SomewhereChecks {
  private principal?: Principal;
  private checks = new Map<string, ActionCheck>();

  constructor(private readonly ctx: RuleContext) {}

  of(principal: Principal, action: string, request?: MethodRequest): ActionCheck {
    if (this.principal !== principal) {
      this.principal = principal;
      this.checks = new Map();
    }
    const key = request ? `${action}|${request.key}` : action;
    let check = this.checks.get(key);
    if (!check) this.checks.set(key, (check = checkAction(this.ctx, principal, action, undefined, request?.base)));
    return check;
  }

  clear(): void {
    this.principal = undefined;
    this.checks = new Map();
  }
}

/**
 * Where a principal's grant of an action leads in a candidate set: through its plan (plans.ts) to fan-out
 * nodes shared by every principal whose plan reaches the same candidates, or, when no plan decides
 * alone, one edge per candidate.
 */
export class Connector {
  private readonly plans: ResourcePlans<Reaches>;

  constructor(
    private readonly ctx: RuleContext,
    private readonly graph: GraphEdges,
    private readonly lists: TargetLists,
    private readonly somewhere: SomewhereChecks,
    relevant: ActionSet,
  ) {
    this.plans = new ResourcePlans(ctx.engine, relevant);
  }

  /** For methods without a target action: one node per target set reaching every candidate. */
  private readonly toEvery = new Map<CandidateSet, string>();

  private everyCandidate(set: CandidateSet): string {
    let node = this.toEvery.get(set);
    if (node === undefined) this.toEvery.set(set, (node = this.graph.fanOut(() => set.list, set.titleOf)!));
    return node;
  }

  /**
   * Edges from a principal to the candidates it may act on. Principals allowed the same Resource
   * patterns, without conditions or Denies in the way, share one fan-out node per pattern set: a
   * managed policy granting iam:PassRole on "arn:…:role/app-*" to 2,000 roles costs one edge each.
   */
  connect(
    principal: Principal,
    action: string | undefined,
    set: CandidateSet,
    fanTitle: string,
    edge: (to: string, resource: string | undefined, check: ActionCheck, title: string, assumption?: string) => void,
    request?: MethodRequest,
  ): void {
    if (set.list.length === 0) return;
    if (action === undefined) {
      edge(this.everyCandidate(set), undefined, { grant: 'yes', evidence: [] }, fanTitle);
      return;
    }
    const entry = this.planFor(principal, action, request);
    if (entry === null) return;
    if (entry.plan !== undefined) {
      const [certain, conditional] = this.fanOutsOf(entry, entry.plan, set);
      if (certain === undefined && conditional === undefined) return;
      const check = this.somewhere.of(principal, action, request);
      if (certain) edge(certain, undefined, check, fanTitle);
      if (conditional) edge(conditional, undefined, new ConditionalCheck(check), fanTitle);
      return;
    }
    const checks = checkActionOnEach(this.ctx, principal, action, set.resources, request?.target);
    set.list.forEach((c, i) => {
      const check = checks[i]!;
      if (check.grant !== 'no') edge(c.to, c.resource, check, set.titleOf(c), c.assumption);
    });
  }

  /** The shared plan for the principal and action; null when it may not perform the action at all. */
  planFor(principal: Principal, action: string, request?: MethodRequest): PlanEntry<Reaches> | null {
    const index = this.ctx.engine.catalog.indexOf(action);
    if (index === undefined || !this.ctx.effective(principal).allowed.has(index)) return null;
    return this.plans.planFor(principal, index, request);
  }

  /**
   * The fan-out nodes a plan reaches in a candidate set (certain, conditional). Where the plan leads is
   * resolved once per plan and target list; the nodes are per method, since their steps name it.
   */
  private fanOutsOf(entry: PlanEntry<Reaches>, plan: Plan, set: CandidateSet): FanOutPair {
    let reaches = entry.derived.get(set.resources);
    if (!reaches) {
      reaches = [plan.allow, plan.conditional].map((grant) =>
        grant.patterns.length === 0 && grant.except.length === 0 ? undefined : this.reachOf(set, grant, plan),
      ) as Reaches;
      entry.derived.set(set.resources, reaches);
    }
    return [this.nodeOf(reaches[0], set), this.nodeOf(reaches[1], set)];
  }

  private readonly reaches = new Map<string, Reach>();

  /** Plans that say the same within a list (their keys match) lead to one Reach, and so to the same nodes. */
  private reachOf(set: CandidateSet, grant: Grant, plan: Plan): Reach {
    const resolved = this.lists.resolve(set.resources, grant, plan);
    let reach = this.reaches.get(resolved.key);
    if (!reach) this.reaches.set(resolved.key, (reach = { ...resolved, nodes: new Map() }));
    return reach;
  }

  private nodeOf(reach: Reach | undefined, set: CandidateSet): string | undefined {
    if (!reach) return undefined;
    if (!reach.nodes.has(set))
      reach.nodes.set(
        set,
        this.graph.fanOut(() => reach.positions().map((i) => set.list[i]!), set.titleOf),
      );
    return reach.nodes.get(set);
  }

  clear(): void {
    this.toEvery.clear();
    this.reaches.clear();
    this.plans.clear();
  }
}
