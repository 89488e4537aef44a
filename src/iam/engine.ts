import { ActionPatternIndex } from './action-pattern.js';
import { ActionSet, CompactUnion } from './action-set.js';
import { compileResourcePattern, type ResourcePattern } from './arn.js';
import type { ActionCatalog } from './catalog.js';
import { conditionKeys, evaluateConditions, type ConditionContext } from './conditions.js';
import { compilePolicy, Scratch, type CompiledPolicy, type CompiledStatement } from './compiled-policy.js';
import {
  RCP_SERVICES,
  type OrganizationPolicyLevel,
  type PolicyAttachment,
  type PrincipalPolicies,
} from './principal-policies.js';
import { wildcardToRegExp } from './wildcard.js';

export interface EffectivePermissions {
  /** Allowed on at least some resource under some conditions: what the principal is provisioned with. */
  allowed: ActionSet;
  /**
   * Allowed on every resource by a statement without conditions, and no Deny without conditions takes
   * any of it away. A Deny with conditions (a region or MFA guardrail) does not make a grant narrow:
   * such actions are also in `guarded`.
   */
  unconditional: ActionSet;
  /** Part of `unconditional` that a conditional Deny blocks in some circumstances (guardrails). */
  guarded: ActionSet;
  /** allowed minus unconditional: limited to some resources, subject to Allow conditions, or partly denied. */
  limited: ActionSet;
  /** Taken away entirely by an unconditional Deny on every resource (identity policy or boundary). */
  denied: ActionSet;
  /** Granted by identity policies but outside the permissions boundary. */
  cappedByBoundary: ActionSet;
  /**
   * Allowed by the identity policies (within the boundary) but taken away by service control policies: not
   * allowed at some level between the root and the account, or denied without conditions on every resource.
   */
  cappedByOrganization: ActionSet;
}

/** How one organisation policy caps a principal's grants: the level it is attached at, and what it takes away. */
export interface OrganizationCap {
  level: OrganizationPolicyLevel;
  /** The policy that denies the actions; absent when no policy at the level allows them (nothing to point at). */
  policy?: PolicyAttachment;
  /** 'deny': a Deny statement without conditions; 'not-allowed': no policy at the level allows them. */
  how: 'deny' | 'not-allowed';
  actions: ActionSet;
}

export type Outcome = 'allow' | 'implicit-deny' | 'explicit-deny';

export interface StatementRef {
  policy: PolicyAttachment;
  statement: CompiledStatement;
  role: 'identity' | 'boundary' | 'scp' | 'rcp';
  /** For an SCP or RCP statement: the level of the organisation its policy is attached at. */
  level?: OrganizationPolicyLevel;
  /** For a statement that applies only under conditions: the condition keys that decide (those the context lacks). */
  deciding?: string[];
}

export interface RequestDecision {
  /** Definite when no condition can change the outcome; otherwise 'conditional' with the range. */
  outcome: Outcome | 'conditional';
  /** The outcome when every condition that could help the request holds and no conditional Deny applies. */
  best: Outcome;
  /** The outcome when no conditional Allow applies and every conditional Deny does. */
  worst: Outcome;
  /** Statements that matched the request (conditional ones included). */
  matched: StatementRef[];
}

export interface Request {
  action: string;
  /** A concrete ARN, or "*" for actions that only support all resources. */
  resource: string;
  /** Values for policy variables, lower-case keys: "aws:username" → "alice". */
  variables?: ReadonlyMap<string, string>;
  /**
   * What is known of the request's condition keys: Conditions are evaluated against it, and a statement
   * whose conditions hold applies like one without. Without it every Condition leaves the request conditional.
   */
  context?: ConditionContext;
  /** False when the resource is in another account: the principal's account's RCPs do not apply to it. */
  resourceInAccount?: boolean;
}

/**
 * The IAM evaluation engine for identity-based access inside one account: identity policies, explicit
 * Deny, NotAction/NotResource, permission boundaries. Pure: it holds caches of compiled policies and
 * patterns so that each distinct policy is compiled once however many principals share it.
 */
export class PolicyEngine {
  readonly patterns: ActionPatternIndex;
  private readonly compiled = new Map<string, CompiledPolicy>();
  /** Principals with the same policies (and boundary) share one result: common in real organisations. */
  private readonly effectiveByPolicySet = new Map<string, EffectivePermissions>();
  private readonly scratch: Scratch;
  /** For computeEffective: the unions of a principal's policies' sets. */
  private readonly unions: Record<'grants' | 'grantsEverywhere' | 'denials' | 'denialsEverywhere', CompactUnion>;
  /** For computeEffective under SCPs: one level's allows; made on first use (most accounts have no organisation). */
  private levelUnions:
    Record<'allows' | 'allowsEverywhere' | 'denials' | 'denialsEverywhere', CompactUnion> | undefined;
  private readonly resourcePatterns = new Map<string, ResourcePattern>();
  private readonly empty: ActionSet;

  constructor(readonly catalog: ActionCatalog) {
    this.patterns = new ActionPatternIndex(catalog);
    this.scratch = new Scratch(catalog);
    const union = () => new CompactUnion(catalog.size);
    this.unions = { grants: union(), grantsEverywhere: union(), denials: union(), denialsEverywhere: union() };
    this.empty = catalog.emptySet().compact();
  }

  compile(policy: PolicyAttachment): CompiledPolicy {
    let compiled = this.compiled.get(policy.id);
    if (!compiled) {
      compiled = compilePolicy(policy.document, this.patterns, this.scratch);
      this.compiled.set(policy.id, compiled);
    }
    return compiled;
  }

  /** Compiles each distinct Resource pattern once, on first use. */
  readonly resourcePattern = (source: string): ResourcePattern => {
    let pattern = this.resourcePatterns.get(source);
    if (!pattern) this.resourcePatterns.set(source, (pattern = compileResourcePattern(source)));
    return pattern;
  };

  /** The result is compact and shared between principals with the same policies: do not mutate it. */
  effectivePermissions(principal: PrincipalPolicies): EffectivePermissions {
    // A principal's own inline policy makes its set unique: no use building a key to share it.
    if (hasOwnInlinePolicy(principal)) return this.computeEffective(principal);
    const key = policySetKey(principal);
    let effective = this.effectiveByPolicySet.get(key);
    if (!effective) {
      effective = this.computeEffective(principal);
      this.effectiveByPolicySet.set(key, effective);
    }
    return effective;
  }

  private computeEffective(principal: PrincipalPolicies): EffectivePermissions {
    const { grants, grantsEverywhere, denials, denialsEverywhere } = this.unions;
    // Reset, not assumed empty: the sameSets case below leaves one untaken (as would an exception).
    grants.reset();
    grantsEverywhere.reset();
    denials.reset();
    denialsEverywhere.reset();
    let sameSets = true;
    for (const a of principal.identity) {
      const p = this.compile(a);
      grants.add(p.allowSome);
      grantsEverywhere.add(p.allowAll);
      denials.add(p.denySome);
      denialsEverywhere.add(p.denyAll);
      if (p.allowAll !== p.allowSome) sameSets = false;
    }
    const boundary = principal.boundary && this.compile(principal.boundary);
    if (boundary) {
      denials.add(boundary.denySome);
      denialsEverywhere.add(boundary.denyAll);
    }
    let granted = grants.take();
    // Every grant unconditional on "*" (each policy's two sets are one set): so are the unions.
    let grantedEverywhere = sameSets ? granted : grantsEverywhere.take();
    let deniedSomewhere = denials.take();
    let denied = denialsEverywhere.take();
    let cappedByBoundary = this.empty;
    if (boundary) {
      cappedByBoundary = granted.differenceCompact(boundary.allowSome);
      granted = granted.intersectCompact(boundary.allowSome);
      grantedEverywhere = grantedEverywhere.intersectCompact(boundary.allowAll);
    }
    let cappedByOrganization = this.empty;
    if (principal.scps && principal.scps.length > 0) {
      const before = granted.differenceCompact(denied);
      const organization = this.organizationSets(principal.scps);
      granted = granted.intersectCompact(organization.allowSome);
      grantedEverywhere = grantedEverywhere.intersectCompact(organization.allowAll);
      deniedSomewhere = ActionSet.unionOf([deniedSomewhere, organization.denySome], 2);
      denied = ActionSet.unionOf([denied, organization.denyAll], 2);
      cappedByOrganization = before.differenceCompact(granted.differenceCompact(denied));
    }
    return new ComputedPermissions(
      granted.differenceCompact(denied),
      grantedEverywhere.differenceCompact(deniedSomewhere),
      denied,
      cappedByBoundary,
      cappedByOrganization,
      this,
      principal,
    );
  }

  /**
   * What the SCP levels together let through: an action must be allowed at every level (allowSome/allowAll are
   * intersections over levels of each level's union), and is denied by a Deny at any level.
   */
  private organizationSets(levels: readonly OrganizationPolicyLevel[]) {
    const u = (this.levelUnions ??= {
      allows: new CompactUnion(this.catalog.size),
      allowsEverywhere: new CompactUnion(this.catalog.size),
      denials: new CompactUnion(this.catalog.size),
      denialsEverywhere: new CompactUnion(this.catalog.size),
    });
    u.denials.reset();
    u.denialsEverywhere.reset();
    let allowSome: ActionSet | undefined;
    let allowAll: ActionSet | undefined;
    for (const level of levels) {
      u.allows.reset();
      u.allowsEverywhere.reset();
      for (const policy of level.policies) {
        const p = this.compile(policy);
        u.allows.add(p.allowSome);
        u.allowsEverywhere.add(p.allowAll);
        u.denials.add(p.denySome);
        u.denialsEverywhere.add(p.denyAll);
      }
      const some = u.allows.take();
      const all = u.allowsEverywhere.take();
      allowSome = allowSome ? allowSome.intersectCompact(some) : some;
      allowAll = allowAll ? allowAll.intersectCompact(all) : all;
    }
    return {
      allowSome: allowSome ?? this.empty,
      allowAll: allowAll ?? this.empty,
      denySome: u.denials.take(),
      denyAll: u.denialsEverywhere.take(),
    };
  }

  /**
   * Which SCP takes which of `actions` away from the principal, level by level: Deny statements without conditions
   * (by policy), then what no policy at a level allows. For evidence ("except what SCP deny-iam denies at OU
   * Workloads"); empty when no SCP applies.
   */
  organizationCaps(principal: PrincipalPolicies, actions: ActionSet): OrganizationCap[] {
    const caps: OrganizationCap[] = [];
    for (const level of principal.scps ?? []) {
      const allowed = this.catalog.emptySet();
      for (const policy of level.policies) {
        const compiled = this.compile(policy);
        allowed.addAll(compiled.allowSome);
        const denies = compiled.denyAll.intersection(actions);
        if (denies.count() > 0) caps.push({ level, policy, how: 'deny', actions: denies.compact() });
      }
      const missing = actions.difference(allowed);
      if (missing.count() > 0) caps.push({ level, how: 'not-allowed', actions: missing.compact() });
    }
    return caps;
  }

  /** Which identity policy grants which of the principal's effective actions. */
  grantsByPolicy(principal: PrincipalPolicies, effective = this.effectivePermissions(principal)) {
    return principal.identity.map((policy) => {
      const compiled = this.compile(policy);
      return {
        policy,
        allowed: compiled.allowSome.intersection(effective.allowed),
        unconditional: compiled.allowAll.intersection(effective.unconditional),
        conditionalStatements: compiled.statements.filter((s) => s.conditional).map((s) => s.index),
        unknownActions: compiled.unknownActions,
      };
    });
  }

  /** Decides one request as AWS would for a same-account identity (no SCPs, sessions or resource policies). */
  evaluateRequest(principal: PrincipalPolicies, request: Request): RequestDecision {
    const index = this.catalog.indexOf(request.action);
    const matched: StatementRef[] = [];
    this.collectMatches(principal.identity, 'identity', index, request, matched);
    if (principal.boundary) this.collectMatches([principal.boundary], 'boundary', index, request, matched);
    for (const level of principal.scps ?? [])
      this.collectMatches(level.policies, 'scp', index, request, matched, level);
    if (principal.rcps && rcpApplies(request))
      for (const level of principal.rcps) this.collectMatches(level.policies, 'rcp', index, request, matched, level);
    // AWS answers sts:GetCallerIdentity whatever the policies say, even under an explicit Deny
    // (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
    if (request.action.toLowerCase() === 'sts:getcalleridentity')
      return { outcome: 'allow', best: 'allow', worst: 'allow', matched };
    const levels = {
      boundary: principal.boundary !== undefined,
      scp: principal.scps ?? [],
      rcp: principal.rcps && rcpApplies(request) ? principal.rcps : [],
    };
    const best = decide(matched, levels, true, false);
    const worst = decide(matched, levels, false, true);
    return { outcome: best === worst ? best : 'conditional', best, worst, matched };
  }

  private collectMatches(
    policies: readonly PolicyAttachment[],
    role: StatementRef['role'],
    index: number | undefined,
    request: Request,
    matched: StatementRef[],
    level?: OrganizationPolicyLevel,
  ): void {
    for (const policy of policies) {
      for (const statement of this.compile(policy).statements) {
        if (
          index === undefined ? !statementNamesUnknownAction(statement, request.action) : !statement.actions.has(index)
        )
          continue;
        const resourceMatch = matchesResource(statement, request, this.resourcePattern);
        if (resourceMatch === false) continue;
        let deciding: string[] | undefined;
        if (statement.hasCondition) {
          const block = statement.source.Condition!;
          const verdict = request.context ? evaluateConditions(block, request.context) : undefined;
          if (verdict?.result === 'fails') continue;
          if (verdict?.result !== 'holds') deciding = verdict?.keys ?? conditionKeys(block);
        }
        // An unresolved policy variable makes the statement conditional for this request.
        const conditional = deciding !== undefined || resourceMatch === 'unresolved';
        const ref: StatementRef = {
          policy,
          statement: conditional === statement.conditional ? statement : { ...statement, conditional },
          role,
        };
        if (deciding) ref.deciding = deciding;
        if (level) ref.level = level;
        matched.push(ref);
      }
    }
  }
}

/** Effective permissions; `limited` and `guarded` (needed by few callers, for explanations) on first use. */
class ComputedPermissions implements EffectivePermissions {
  private limitedSet: ActionSet | undefined;
  private guardedSet: ActionSet | undefined;

  constructor(
    readonly allowed: ActionSet,
    readonly unconditional: ActionSet,
    readonly denied: ActionSet,
    readonly cappedByBoundary: ActionSet,
    readonly cappedByOrganization: ActionSet,
    private readonly engine: PolicyEngine,
    /** Any principal with these policies: they decide the result. */
    private readonly policies: PrincipalPolicies,
  ) {}

  get limited(): ActionSet {
    return (this.limitedSet ??= this.allowed.difference(this.unconditional).compact());
  }

  get guarded(): ActionSet {
    if (!this.guardedSet) {
      const conditional = this.engine.catalog.emptySet();
      for (const a of this.policies.identity) conditional.addAll(this.engine.compile(a).denyConditional);
      if (this.policies.boundary) conditional.addAll(this.engine.compile(this.policies.boundary).denyConditional);
      for (const level of this.policies.scps ?? [])
        for (const p of level.policies) conditional.addAll(this.engine.compile(p).denyConditional);
      this.guardedSet = conditional.retainAll(this.unconditional).compact();
    }
    return this.guardedSet;
  }
}

function matchesResource(
  statement: CompiledStatement,
  request: Request,
  compile: (pattern: string) => ResourcePattern,
): boolean | 'unresolved' {
  let unresolved = false;
  let any = false;
  for (const source of statement.resources) {
    const pattern = compile(source);
    const m = request.resource === '*' ? pattern.matchesAll : pattern.matches(request.resource, request.variables);
    if (m === 'unresolved') unresolved = true;
    else if (m) any = true;
  }
  if (statement.notResource) {
    if (any) return false;
    return unresolved ? 'unresolved' : true;
  }
  if (any) return true;
  return unresolved ? 'unresolved' : false;
}

/** An action missing from the catalog can still be matched literally by the policy that names it. */
function statementNamesUnknownAction(statement: CompiledStatement, action: string): boolean {
  const names = statement.source.Action ?? statement.source.NotAction ?? [];
  const named = names.some((n) => wildcardToRegExp(n, 'i').test(action));
  return statement.notAction ? !named : named;
}

function hasOwnInlinePolicy(principal: PrincipalPolicies): boolean {
  for (const a of principal.identity) if (a.kind === 'inline' && a.viaGroup === undefined) return true;
  return false;
}

function policySetKey(principal: PrincipalPolicies): string {
  const ids = principal.identity.map((a) => a.id);
  // In place by insertion, as Array#sort would (code-unit order): the lists are short, and the
  // built-in sort copies them first, garbage for each of thousands of principals.
  for (let i = 1; i < ids.length; i++) {
    const id = ids[i]!;
    let j = i - 1;
    for (; j >= 0 && ids[j]! > id; j--) ids[j + 1] = ids[j]!;
    ids[j + 1] = id;
  }
  const key = `${ids.join('\n')}\n|${principal.boundary?.id ?? ''}`;
  return principal.scps ? `${key}|${organizationKey(principal.scps)}` : key;
}

/** The levels' policy ids: principals of one account share the same levels, so this is one of a few strings. */
const organizationKeys = new WeakMap<readonly OrganizationPolicyLevel[], string>();
function organizationKey(levels: readonly OrganizationPolicyLevel[]): string {
  let key = organizationKeys.get(levels);
  if (key === undefined) {
    key = levels.map((l) => l.policies.map((p) => p.id).join(',')).join('/');
    organizationKeys.set(levels, key);
  }
  return key;
}

/**
 * RCPs cap requests to resources in the account, for the services they support. A resource ARN of another
 * account is not theirs to cap; an ARN without an account (S3 buckets) is taken to be the account's own.
 */
function rcpApplies(request: Request): boolean {
  const service = request.action.slice(0, request.action.indexOf(':')).toLowerCase();
  if (!RCP_SERVICES.has(service)) return false;
  return request.resourceInAccount !== false;
}

/**
 * The outcome in one world: conditional Allows (and Denies) either all apply or none do. Any Deny denies; else
 * the identity policies must allow, the boundary (if any) too, and each SCP and RCP level
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
function decide(
  matched: readonly StatementRef[],
  levels: {
    boundary: boolean;
    scp: readonly OrganizationPolicyLevel[];
    rcp: readonly OrganizationPolicyLevel[];
  },
  conditionalAllows: boolean,
  conditionalDenies: boolean,
): Outcome {
  let identityAllows = false;
  let boundaryAllows = !levels.boundary;
  const allowedLevels = new Set<OrganizationPolicyLevel>();
  for (const { statement, role, level } of matched) {
    const applies = !statement.conditional || (statement.effect === 'Allow' ? conditionalAllows : conditionalDenies);
    if (!applies) continue;
    if (statement.effect === 'Deny') return 'explicit-deny';
    if (role === 'identity') identityAllows = true;
    else if (role === 'boundary') boundaryAllows = true;
    else if (level) allowedLevels.add(level);
  }
  if (!identityAllows || !boundaryAllows) return 'implicit-deny';
  for (const level of levels.scp) if (!allowedLevels.has(level)) return 'implicit-deny';
  for (const level of levels.rcp) if (!allowedLevels.has(level)) return 'implicit-deny';
  return 'allow';
}
