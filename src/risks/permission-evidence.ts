import type { ActionSet, PolicyEngine } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import type { Evidence } from './types.js';

/**
 * The statements of a principal's identity policies that unconditionally allow any of `actions`
 * on every resource: the lines a person opens to see why a rule fired.
 */
export function grantingStatements(
  engine: PolicyEngine,
  principal: Principal,
  actions: ActionSet,
  limit = 5,
): Evidence[] {
  const evidence: Evidence[] = [];
  for (const policy of principal.policies.identity) {
    for (const statement of engine.compile(policy).statements) {
      if (statement.effect !== 'Allow' || !statement.allResources || statement.conditional) continue;
      if (!statement.actions.intersects(actions)) continue;
      const element = statement.notAction ? 'NotAction' : 'Action';
      const names = (statement.notAction ? statement.source.NotAction : statement.source.Action) ?? [];
      const item: Evidence = {
        summary: `${policy.kind === 'managed' ? 'managed policy' : 'inline policy'} ${policy.name}${policy.viaGroup ? ` (via group ${policy.viaGroup})` : ''}, statement ${statement.sid ?? `#${statement.index}`}: Allow ${element} ${names.join(', ')} on Resource *`,
        policyName: policy.name,
        statementIndex: statement.index,
        actions: names,
      };
      if (policy.arn) item.policyArn = policy.arn;
      if (statement.sid) item.sid = statement.sid;
      if (policy.viaGroup) item.viaGroup = policy.viaGroup;
      evidence.push(item);
      if (evidence.length >= limit) return evidence;
    }
  }
  return evidence;
}
