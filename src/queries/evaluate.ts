import { UsageError } from '../errors.js';
import {
  RCP_SERVICES,
  type ActionSet,
  type ConditionContext,
  type PolicyEngine,
  type Request,
  type RequestDecision,
  type StatementRef,
} from '../iam/index.js';
import { hasWildcard } from '../iam/wildcard.js';
import { describeOrganizationLevel, statementEvidence } from '../risks/capability.js';
import type { Principal } from '../snapshot/index.js';
import type { ActionDecision, PartialScope, PrincipalRef, StatementLabel } from './types.js';

/** One request, one principal: the engine's evaluation (as `permissions` and the rules use it), explained. */

export interface ActionQuery {
  /** As typed: "s3:GetObject", "s3:Get*". */
  pattern: string;
  set: ActionSet;
  /** Catalog names of the actions, in catalog order. */
  names: string[];
  indices: number[];
}

/** The catalog actions an action or action pattern names, matched as IAM matches Action elements. */
export function resolveActions(engine: PolicyEngine, pattern: string): ActionQuery {
  if (!/^[\w*?-]+:[\w*?-]+$/.test(pattern) && pattern !== '*')
    throw new UsageError(`"${pattern}" is not an action`, {
      hint: 'write service:Action, e.g. s3:GetObject or s3:Get*',
    });
  const match = engine.patterns.match(pattern);
  const indices = match.actions.members();
  if (indices.length === 0) {
    const [service] = pattern.split(':');
    throw new UsageError(
      match.unknown?.kind === 'service'
        ? `no AWS service "${service}" in the action catalog`
        : `no action in the AWS catalog matches "${pattern}"`,
      {
        hint: hasWildcard(pattern)
          ? 'check the service prefix and the wildcard'
          : `check the spelling; \`rightsize permissions <principal> --service ${service}\` lists a service's actions`,
      },
    );
  }
  const catalog = engine.catalog;
  return { pattern, set: match.actions, names: indices.map((i) => catalog.action(i).key), indices };
}

/**
 * The request as the principal makes it. ${aws:username} is the user's own name (a group's is each
 * member's, which names no one else). With a context, the principal's own keys (its tags, ARN, account,
 * type) are filled in from the snapshot unless the context sets them.
 */
export function requestFor(
  principal: Principal,
  accountId: string,
  action: string,
  resource: string,
  context: ConditionContext | undefined,
): Request {
  const variables = new Map<string, string>();
  if (principal.kind === 'user') variables.set('aws:username', principal.name);
  if (principal.kind === 'group') variables.set('aws:username', '\u0000a member of the group');
  if (!context) return { action, resource, variables };
  const merged = new Map<string, readonly string[]>();
  if (principal.kind !== 'group') {
    if (principal.kind === 'user') merged.set('aws:username', [principal.name]);
    merged.set('aws:principalarn', [principal.arn]);
    merged.set('aws:principalaccount', [accountId]);
    merged.set('aws:principaltype', [principal.kind === 'user' ? 'User' : 'AssumedRole']);
    for (const [key, value] of Object.entries(principal.tags))
      merged.set(`aws:principaltag/${key.toLowerCase()}`, [value]);
  }
  for (const [key, values] of context) merged.set(key, values);
  for (const [key, values] of merged) if (values.length === 1) variables.set(key, values[0]!);
  return { action, resource, variables, context: merged };
}

/**
 * The engine's decision for each of `indices`, evaluated once per class of actions: a request's outcome
 * depends on the action only through which of the principal's statements name it, so actions named by
 * the same statements (s3:GetObject and s3:GetObjectAcl under "s3:Get*") share one evaluation.
 */
export function decideEach(
  engine: PolicyEngine,
  principal: Principal,
  actions: ActionQuery,
  base: Request,
  visit: (index: number, name: string, decision: RequestDecision) => void,
  only?: (index: number) => boolean,
): void {
  const { identity, boundary, scps, rcps } = principal.policies;
  const own = boundary ? [...identity, boundary] : identity;
  const policies = scps || rcps ? [...own, ...[...(scps ?? []), ...(rcps ?? [])].flatMap((l) => l.policies)] : own;
  const statements = policies.flatMap((p) => engine.compile(p).statements);
  const byClass = new Map<string | number, RequestDecision>();
  // A bit per statement while they fit a small integer (nearly always); a string beyond.
  const small = statements.length <= 30;
  actions.indices.forEach((i, k) => {
    if (only && !only(i)) return;
    const name = actions.names[k]!;
    let key: string | number = small ? 0 : '';
    for (let j = 0; j < statements.length; j++)
      if (small) key = (key as number) | (statements[j]!.actions.has(i) ? 1 << j : 0);
      else key += statements[j]!.actions.has(i) ? '1' : '0';
    // AWS answers sts:GetCallerIdentity whatever the statements say (the engine knows): its own class.
    if (name.toLowerCase() === 'sts:getcalleridentity') key = name;
    // RCPs apply to some services only: an action of one of them is a class apart from the rest.
    else if (rcps && RCP_SERVICES.has(name.slice(0, name.indexOf(':')).toLowerCase())) key = `rcp ${key}`;
    let decision = byClass.get(key);
    if (!decision) byClass.set(key, (decision = engine.evaluateRequest(principal.policies, { ...base, action: name })));
    visit(i, name, decision);
  });
}

export function principalRef(principal: Principal): PrincipalRef {
  return { kind: principal.kind, name: principal.name, arn: principal.arn };
}

/** Labels by statement: principals share managed and group policies, so most are formatted once. */
const labels = new WeakMap<object, Map<string, StatementLabel>>();

export function label(ref: StatementRef): StatementLabel {
  let byStatement = labels.get(ref.policy.document);
  if (!byStatement) labels.set(ref.policy.document, (byStatement = new Map()));
  const key = `${ref.role}#${ref.statement.index}#${ref.policy.viaGroup ?? ''}#${ref.policy.name}#${ref.level?.id ?? ''}`;
  let cached = byStatement.get(key);
  if (!cached) byStatement.set(key, (cached = formatLabel(ref)));
  return cached;
}

function formatLabel(ref: StatementRef): StatementLabel {
  const evidence = statementEvidence(ref);
  const result: StatementLabel = {
    effect: ref.statement.effect,
    role: ref.role,
    policy: ref.policy.name,
    statement: ref.statement.index,
    text: ref.role === 'boundary' ? `permissions boundary ${evidence.summary}` : evidence.summary,
    ...(ref.level && { level: { kind: ref.level.kind, id: ref.level.id, name: ref.level.name } }),
  };
  if (ref.policy.arn) result.policyArn = ref.policy.arn;
  if (ref.policy.viaGroup) result.viaGroup = ref.policy.viaGroup;
  if (ref.statement.sid) result.sid = ref.statement.sid;
  return result;
}

/** The statements that decide, said as `permissions` says them: explicit Deny, missing Allow, boundary cap, conditions. */
export function explain(principal: Principal, action: string, resource: string, d: RequestDecision): ActionDecision {
  const applying = d.matched.filter((m) => !m.statement.conditional);
  const conditional = d.matched.filter((m) => m.statement.conditional);
  const allows = applying.filter((m) => m.statement.effect === 'Allow');
  const denies = applying.filter((m) => m.statement.effect === 'Deny');
  const identityAllows = allows.filter((m) => m.role === 'identity');
  const boundary = principal.policies.boundary;
  const boundaryName = boundary ? (boundary.arn ?? boundary.name) : undefined;
  const on = resource === '*' ? '' : ` on ${resource}`;
  const because: string[] = [];
  if (d.outcome === 'allow') {
    if (identityAllows.length === 0) because.push('AWS allows it to every caller whatever the policies say');
    for (const m of identityAllows) because.push(`allowed by ${label(m).text}`);
    if (boundaryName) because.push(`within permissions boundary ${boundaryName}`);
    if (allows.some((m) => m.statement.hasCondition)) because.push('its conditions hold in the given context');
  } else if (d.outcome === 'explicit-deny') {
    for (const m of denies) because.push(`removed by an explicit Deny: ${label(m).text}`);
  } else if (d.best === 'implicit-deny') {
    // No Allow applies (a conditional Deny, if any, only makes it explicit): denied for want of an Allow.
    const unallowed = organizationLevelsWithoutAllow(principal, action, allows);
    if (identityAllows.length > 0 && unallowed.length > 0)
      for (const { role, level } of unallowed)
        because.push(
          `no ${role.toUpperCase()} at ${describeOrganizationLevel(level)} allows ${action}${on}: the organisation caps what the identity policies allow`,
        );
    else if (identityAllows.length > 0 && boundaryName)
      because.push(
        `permissions boundary ${boundaryName} caps it: its identity policies allow ${action}${on}, the boundary does not`,
      );
    else because.push(`no policy allows ${action}${on} (implicit deny: the Allow is missing)`);
  } else {
    for (const m of identityAllows) because.push(`allowed by ${label(m).text}`);
  }
  for (const m of conditional) {
    const keys = m.deciding ?? [];
    const when = keys.length > 0 ? ` (${keys.join(', ')})` : ' (a policy variable it cannot resolve)';
    if (m.statement.effect === 'Allow') because.push(`${label(m).text} applies only when its conditions hold${when}`);
    else because.push(`${label(m).text} denies it when its conditions hold${when}`);
  }
  if (d.outcome === 'conditional' && identityAllows.length > 0 && boundaryName && d.best !== 'allow')
    because.push(`permissions boundary ${boundaryName} caps it unless its conditions hold`);
  return {
    action,
    outcome: d.outcome,
    because,
    deciding: [...new Set(conditional.flatMap((m) => m.deciding ?? []))],
    allows: allows.map(label),
    denies: denies.map(label),
  };
}

/** The SCP (and RCP) levels where no applying Allow matched: each one alone leaves the action denied. */
function organizationLevelsWithoutAllow(principal: Principal, action: string, allows: readonly StatementRef[]) {
  const { scps, rcps } = principal.policies;
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  const levels = [
    ...(scps ?? []).map((level) => ({ role: 'scp' as const, level })),
    ...(rcps && RCP_SERVICES.has(service) ? rcps.map((level) => ({ role: 'rcp' as const, level })) : []),
  ];
  return levels.filter(({ level }) => !allows.some((m) => m.level === level));
}

/**
 * On a wildcard resource ("arn:aws:s3:::payroll/*"), statements whose resources lie inside it: they
 * allow or deny part of it, which a decision on the whole pattern does not show.
 */
export function partialScope(
  engine: PolicyEngine,
  principal: Principal,
  index: number,
  action: string,
  resource: string,
  effect: 'Allow' | 'Deny',
): PartialScope[] {
  if (resource === '*' || !hasWildcard(resource)) return [];
  const pattern = engine.resourcePattern(resource);
  const out: PartialScope[] = [];
  const { identity, boundary } = principal.policies;
  for (const policy of identity)
    for (const statement of engine.compile(policy).statements) {
      if (statement.effect !== effect || statement.notResource || !statement.actions.has(index)) continue;
      for (const r of statement.resources)
        if (r !== resource && r !== '*' && pattern.matches(r) === true)
          out.push({ effect, action, resource: r, statement: label({ policy, statement, role: 'identity' }) });
    }
  if (effect === 'Allow' && boundary && out.length > 0) {
    // A part the boundary does not allow at all stays closed.
    const capped = out.filter(
      (p) =>
        !engine
          .compile(boundary)
          .statements.some(
            (s) =>
              s.effect === 'Allow' &&
              s.actions.has(index) &&
              (s.allResources || s.resources.some((r) => engine.resourcePattern(r).matches(p.resource) === true)),
          ),
    );
    return out.filter((p) => !capped.includes(p));
  }
  return out;
}
