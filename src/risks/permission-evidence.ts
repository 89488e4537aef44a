import {
  coversEveryTarget,
  type ActionSet,
  type CompiledPolicy,
  type CompiledStatement,
  type PolicyAttachment,
  type PolicyEngine,
  type PrincipalPolicies,
  type StatementRef,
  type TargetScope,
} from '../iam/index.js';
import { statementEvidence } from './capability.js';
import type { Evidence } from './types.js';

type Scopes = ReadonlyMap<number, TargetScope>;

/** A statement that grants some of the actions, and how many. */
interface Weighted {
  statement: CompiledStatement;
  weight: number;
}

/**
 * Each compiled policy's weighted statements, by action set (compact ones: immutable), then scopes. A rule asks
 * with one set for every principal, and thousands of principals share a few thousand policies: each policy's
 * statements are weighed once per rule instead of once per principal holding it. Weak: the sets live for a scan.
 */
const weighedPolicies = new WeakMap<ActionSet, Map<Scopes | undefined, WeakMap<CompiledPolicy, readonly Weighted[]>>>();

/**
 * The statements of a principal's identity policies that unconditionally allow any of `actions`
 * on every resource (Resource "*", or every resource of its kind for the actions in `scopes`): the lines a person opens to see why a rule fired.
 */
export function grantingStatements(
  engine: PolicyEngine,
  policies: PrincipalPolicies,
  actions: ActionSet,
  limit = 5,
  /** IAM actions (by catalog index) whose grant on every resource of their kind also counts (policy/*). */
  scopes?: Scopes,
): Evidence[] {
  const weighed = weighedFor(actions, scopes);
  const candidates: { ref: StatementRef; weight: number }[] = [];
  let top = 0;
  for (const policy of policies.identity) {
    const compiled = engine.compile(policy);
    let statements = weighed?.get(compiled);
    if (!statements) {
      statements = weigh(compiled, actions, scopes);
      weighed?.set(compiled, statements);
    }
    for (const { statement, weight } of statements) {
      if (weight > top) top = weight;
      candidates.push({ ref: { policy, statement, role: 'identity' }, weight });
    }
  }
  // The statements that grant most of it; a statement adding a sliver of a large set is noise.
  return candidates
    .filter((c) => c.weight * 10 >= top)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map((c) => evidenceOf(c.ref));
}

/**
 * A statement's evidence line, formatted once per attachment and statement: attachments are shared (one per
 * managed policy, one per group's policy for all its members), so thousands of findings citing the same
 * statement share one read-only line, as escalation paths share their checks' lines.
 */
const formatted = new WeakMap<PolicyAttachment, WeakMap<CompiledStatement, Evidence>>();

function evidenceOf(ref: StatementRef): Evidence {
  let byStatement = formatted.get(ref.policy);
  if (!byStatement) formatted.set(ref.policy, (byStatement = new WeakMap()));
  let evidence = byStatement.get(ref.statement);
  if (!evidence) byStatement.set(ref.statement, (evidence = statementEvidence(ref)));
  return evidence;
}

/** The cache of weighed policies for this set and scopes; none for a set that may still change. */
function weighedFor(actions: ActionSet, scopes: Scopes | undefined) {
  if (!actions.isCompact) return undefined;
  let byScopes = weighedPolicies.get(actions);
  if (!byScopes) weighedPolicies.set(actions, (byScopes = new Map()));
  let byPolicy = byScopes.get(scopes);
  if (!byPolicy) byScopes.set(scopes, (byPolicy = new WeakMap()));
  return byPolicy;
}

/** The policy's unconditional Allow statements that grant some of the actions on every resource, in order. */
function weigh(policy: CompiledPolicy, actions: ActionSet, scopes: Scopes | undefined): Weighted[] {
  const weighted: Weighted[] = [];
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || statement.conditional) continue;
    const weight = statement.allResources
      ? statement.actions.intersectionCount(actions)
      : scopedWeight(statement, actions, scopes);
    if (weight > 0) weighted.push({ statement, weight });
  }
  return weighted;
}

/** How many of the scoped actions the statement grants on every resource of their kind. */
function scopedWeight(statement: CompiledStatement, actions: ActionSet, scopes: Scopes | undefined): number {
  let weight = 0;
  if (scopes)
    for (const [i, scope] of scopes)
      if (actions.has(i) && statement.actions.has(i) && coversEveryTarget(statement, scope)) weight++;
  return weight;
}
