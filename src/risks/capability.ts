import type { StatementRef } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import type { Evidence, RuleContext } from './types.js';

export type Grant = 'yes' | 'conditional' | 'no';

export interface ActionCheck {
  grant: Grant;
  /** The Allow statements that grant it. */
  evidence: Evidence[];
}

const NO: ActionCheck = { grant: 'no', evidence: [] };

/**
 * May the principal perform the action: on a given resource, or (without one) on some resource?
 * 'conditional' when only statements with conditions allow it: kept and said, never dropped.
 */
export function checkAction(ctx: RuleContext, principal: Principal, action: string, resourceArn?: string): ActionCheck {
  const engine = ctx.engine;
  const index = engine.catalog.indexOf(action);
  if (index !== undefined && !ctx.effective(principal).allowed.has(index)) return NO;
  if (resourceArn === undefined) {
    const refs: StatementRef[] = [];
    for (const policy of principal.policies.identity)
      for (const statement of engine.compile(policy).statements)
        if (statement.effect === 'Allow' && index !== undefined && statement.actions.has(index))
          refs.push({ policy, statement, role: 'identity' });
    if (refs.length === 0) return NO;
    const unconditional = refs.filter((r) => !r.statement.hasCondition);
    return {
      grant: unconditional.length > 0 ? 'yes' : 'conditional',
      evidence: (unconditional.length > 0 ? unconditional : refs).slice(0, 2).map((r) => statementEvidence(r, action)),
    };
  }
  const variables = new Map<string, string>();
  if (principal.kind === 'user') variables.set('aws:username', principal.name);
  // A group's ${aws:username} is each member's own name: acting on someone else never matches it.
  if (principal.kind === 'group') variables.set('aws:username', '\u0000a member of the group');
  const decision = engine.evaluateRequest(principal.policies, { action, resource: resourceArn, variables });
  if (decision.best !== 'allow') return NO;
  const grants = decision.matched.filter((m) => m.role === 'identity' && m.statement.effect === 'Allow');
  return {
    grant: decision.outcome === 'allow' ? 'yes' : 'conditional',
    evidence: grants.slice(0, 2).map((r) => statementEvidence(r, action)),
  };
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
