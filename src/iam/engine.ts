import { ActionPatternIndex } from './action-pattern.js';
import type { ActionSet } from './action-set.js';
import { compileResourcePattern, type ResourcePattern } from './arn.js';
import type { ActionCatalog } from './catalog.js';
import { compilePolicy, Scratch, type CompiledPolicy, type CompiledStatement } from './compiled-policy.js';
import type { PolicyAttachment, PrincipalPolicies } from './principal-policies.js';
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
}

export type Outcome = 'allow' | 'implicit-deny' | 'explicit-deny';

export interface StatementRef {
  policy: PolicyAttachment;
  statement: CompiledStatement;
  role: 'identity' | 'boundary';
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
  private readonly resourcePatterns = new Map<string, ResourcePattern>();
  private readonly empty: ActionSet;

  constructor(readonly catalog: ActionCatalog) {
    this.patterns = new ActionPatternIndex(catalog);
    this.scratch = new Scratch(catalog);
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
    if (principal.identity.some((a) => a.kind === 'inline' && a.viaGroup === undefined))
      return this.computeEffective(principal);
    const key = policySetKey(principal);
    let effective = this.effectiveByPolicySet.get(key);
    if (!effective) {
      effective = this.computeEffective(principal);
      this.effectiveByPolicySet.set(key, effective);
    }
    return effective;
  }

  private computeEffective(principal: PrincipalPolicies): EffectivePermissions {
    const compiled: CompiledPolicy[] = [];
    let granting: CompiledPolicy | undefined;
    let grantingCount = 0;
    let denies = false;
    let sameSets = true;
    for (const a of principal.identity) {
      const p = this.compile(a);
      compiled.push(p);
      if (p.allowAll !== p.allowSome) sameSets = false;
      if (!p.allowSome.isEmpty()) {
        granting = p;
        grantingCount++;
      }
      if (!p.denySome.isEmpty() || !p.denyAll.isEmpty()) denies = true;
    }
    const boundary = principal.boundary && this.compile(principal.boundary);
    // Common and cheap: one policy that grants, nothing that denies or caps. Its own sets are the answer.
    if (!boundary && grantingCount <= 1 && !denies) return this.shareResult(granting, compiled);
    const [allowSome, allowAll, denySome, denyAll, granted] = this.scratch.take(5) as [
      ActionSet,
      ActionSet,
      ActionSet,
      ActionSet,
      ActionSet,
    ];
    const policies = boundary ? [...compiled, boundary] : compiled;
    // Every grant unconditional on "*" and nothing denied or capped: one set is both answers.
    if (sameSets && !denies && !boundary) {
      for (const p of compiled) allowSome.addAll(p.allowSome);
      const both = allowSome.compact();
      return this.result(both, both, compiled, this.empty, this.empty);
    }
    for (const p of compiled) {
      allowSome.addAll(p.allowSome);
      allowAll.addAll(p.allowAll);
    }
    for (const p of policies) {
      denySome.addAll(p.denySome);
      denyAll.addAll(p.denyAll);
    }
    let cappedByBoundary = this.empty;
    if (boundary) {
      granted.addAll(allowSome);
      allowSome.retainAll(boundary.allowSome);
      allowAll.retainAll(boundary.allowAll);
      cappedByBoundary = granted.removeAll(allowSome).compact();
    }
    const allowed = allowSome.removeAll(denyAll).compact();
    const unconditional = allowAll.removeAll(denySome).compact();
    return this.result(allowed, unconditional, policies, denyAll.compact(), cappedByBoundary);
  }

  private shareResult(only: CompiledPolicy | undefined, compiled: readonly CompiledPolicy[]): EffectivePermissions {
    return this.result(only?.allowSome ?? this.empty, only?.allowAll ?? this.empty, compiled, this.empty, this.empty);
  }

  /** limited and guarded are needed by few callers (explanations): computed on first use. */
  private result(
    allowed: ActionSet,
    unconditional: ActionSet,
    policies: readonly CompiledPolicy[],
    denied: ActionSet,
    cappedByBoundary: ActionSet,
  ): EffectivePermissions {
    const catalog = this.catalog;
    let limited: ActionSet | undefined;
    let guarded: ActionSet | undefined;
    return {
      allowed,
      unconditional,
      get guarded() {
        if (!guarded) {
          const conditional = catalog.emptySet();
          for (const p of policies) conditional.addAll(p.denyConditional);
          guarded = conditional.retainAll(unconditional).compact();
        }
        return guarded;
      },
      get limited() {
        return (limited ??= allowed.difference(unconditional).compact());
      },
      denied,
      cappedByBoundary,
    };
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
    // AWS answers sts:GetCallerIdentity whatever the policies say, even under an explicit Deny
    // (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
    if (request.action.toLowerCase() === 'sts:getcalleridentity')
      return { outcome: 'allow', best: 'allow', worst: 'allow', matched };
    const best = decide(matched, principal.boundary !== undefined, true, false);
    const worst = decide(matched, principal.boundary !== undefined, false, true);
    return { outcome: best === worst ? best : 'conditional', best, worst, matched };
  }

  private collectMatches(
    policies: readonly PolicyAttachment[],
    role: StatementRef['role'],
    index: number | undefined,
    request: Request,
    matched: StatementRef[],
  ): void {
    for (const policy of policies) {
      for (const statement of this.compile(policy).statements) {
        if (
          index === undefined ? !statementNamesUnknownAction(statement, request.action) : !statement.actions.has(index)
        )
          continue;
        const resourceMatch = matchesResource(statement, request, this.resourcePattern);
        if (resourceMatch === false) continue;
        // An unresolved policy variable makes the statement conditional for this request.
        const conditional = statement.hasCondition || resourceMatch === 'unresolved';
        matched.push({
          policy,
          statement: conditional === statement.conditional ? statement : { ...statement, conditional },
          role,
        });
      }
    }
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

function policySetKey(principal: PrincipalPolicies): string {
  const ids: string[] = [];
  for (const a of principal.identity) ids.push(a.id);
  ids.sort();
  return `${ids.join('\n')}\n|${principal.boundary?.id ?? ''}`;
}

/** The outcome in one world: conditional Allows (and Denies) either all apply or none do. */
function decide(
  matched: readonly StatementRef[],
  hasBoundary: boolean,
  conditionalAllows: boolean,
  conditionalDenies: boolean,
): Outcome {
  let identityAllows = false;
  let boundaryAllows = !hasBoundary;
  for (const { statement, role } of matched) {
    const applies = !statement.conditional || (statement.effect === 'Allow' ? conditionalAllows : conditionalDenies);
    if (!applies) continue;
    if (statement.effect === 'Deny') return 'explicit-deny';
    if (role === 'identity') identityAllows = true;
    else boundaryAllows = true;
  }
  return identityAllows && boundaryAllows ? 'allow' : 'implicit-deny';
}
