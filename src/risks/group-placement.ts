import type { PolicyAttachment, PrincipalPolicies } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import { groupMembers } from './group-members.js';
import type { RuleContext } from './types.js';

/**
 * Where a finding about a method belongs: on the group whose policy gives its members the method, not on each
 * member again. A member keeps its own finding when its own policies (inline, attached to it) grant the action
 * too: removing the group's grant would not fix it.
 */

/** An action a method takes, on a resource or (undefined) on some resource (then conditions aside). */
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
  const index = ctx.engine.catalog.indexOf(step.action);
  if (index === undefined) return undefined;
  const { identity, boundary } = member.policies;
  // Most members' groups do not name the action at all: no request to evaluate then.
  const through = (name: string) => identity.filter((a) => a.viaGroup === name && allowsSomewhere(ctx, a, index));
  const groups = member.entity.groups.filter((name) => through(name).length > 0);
  if (groups.length === 0) return undefined;
  const own = identity.filter((a) => a.viaGroup === undefined);
  if (allows(ctx, member, own, boundary, step)) return undefined;
  for (const name of groups) {
    const group = ctx.index.groupsByName.get(name);
    const principal = group && ctx.index.get(group.arn);
    if (principal && allows(ctx, member, through(name), boundary, step)) return principal;
  }
  return undefined;
}

/** Whether a statement of the policy allows the action on some resource (conditions aside). */
function allowsSomewhere(ctx: RuleContext, policy: PolicyAttachment, index: number): boolean {
  return ctx.engine.compile(policy).statements.some((s) => s.effect === 'Allow' && s.actions.has(index));
}

/**
 * Whether these policies of the member allow the action: on the resource (as the member, so ${aws:username} is its
 * name), or without one on some resource.
 */
function allows(
  ctx: RuleContext,
  member: Principal,
  identity: readonly PolicyAttachment[],
  boundary: PolicyAttachment | undefined,
  step: MethodAction,
): boolean {
  if (identity.length === 0) return false;
  if (step.resource === undefined) {
    const index = ctx.engine.catalog.indexOf(step.action)!;
    return identity.some((a) => allowsSomewhere(ctx, a, index));
  }
  const policies: PrincipalPolicies = { identity, ...(boundary && { boundary }) };
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
