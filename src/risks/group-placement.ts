import type { PrincipalPolicies } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import { groupMembers } from './group-members.js';
import type { RuleContext } from './types.js';

/**
 * Where a finding about a method belongs: on the group whose policy gives its members the method, not on each
 * member again. A member keeps its own finding when its own policies (inline, attached to it) grant the action
 * too: removing the group's grant would not fix it.
 */

/** An action a method takes, on a resource or (undefined) on some resource. */
export interface MethodAction {
  action: string;
  resource?: string;
}

/**
 * The group of `member` whose policies alone give it the action, when the member's own policies do not: the
 * place for the finding. undefined for a role or group, a user's own grant, or a grant no single group makes.
 */
export function carryingGroup(ctx: RuleContext, member: Principal, step: MethodAction): Principal | undefined {
  if (member.entity.kind !== 'user' || member.entity.groups.length === 0) return undefined;
  const { identity, boundary } = member.policies;
  const own = identity.filter((a) => a.viaGroup === undefined);
  if (allows(ctx, member, { identity: own, ...(boundary && { boundary }) }, step)) return undefined;
  for (const name of member.entity.groups) {
    const group = ctx.index.groupsByName.get(name);
    const principal = group && ctx.index.get(group.arn);
    if (!principal) continue;
    const through = identity.filter((a) => a.viaGroup === name);
    if (allows(ctx, member, { identity: through, ...(boundary && { boundary }) }, step)) return principal;
  }
  return undefined;
}

/** Whether these policies of the member allow the action (as the member, so ${aws:username} is its name). */
function allows(ctx: RuleContext, member: Principal, policies: PrincipalPolicies, step: MethodAction): boolean {
  if (policies.identity.length === 0) return false;
  if (step.resource === undefined) {
    const index = ctx.engine.catalog.indexOf(step.action);
    return index !== undefined && ctx.engine.effectivePermissions(policies).allowed.has(index);
  }
  const variables = new Map([['aws:username', member.name]]);
  return (
    ctx.engine.evaluateRequest(policies, { action: step.action, resource: step.resource, variables }).best === 'allow'
  );
}

/** A group's members as a finding's reach: "3 members: alice, bob, carol", the first few by name. */
export function membersReach(ctx: RuleContext, group: Principal, shown: number): string {
  const names = groupMembers(ctx, group.name)
    .map((m) => m.name)
    .sort();
  if (names.length === 0) return 'no members';
  const listed = names.slice(0, shown).join(', ');
  const more = names.length > shown ? ` and ${names.length - shown} more` : '';
  return `${names.length} member${names.length === 1 ? '' : 's'}: ${listed}${more}`;
}
