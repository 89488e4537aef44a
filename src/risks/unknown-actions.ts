import type { PolicyEngine } from '../iam/index.js';
import type { PolicyAttachment } from '../iam/principal-policies.js';
import type { Principal } from '../snapshot/index.js';
import type { UnknownActionNotice } from './types.js';

/** Enough to act on; an account full of one retired service's actions says the rest as a count. */
export const UNKNOWN_ACTIONS_LISTED = 20;

/**
 * The actions that the policies reaching principals name and the action catalog does not know (retired services,
 * renamed actions, typos), once per action (case-insensitive) with the first policy and statement naming it and how
 * many policies do. AWS ignores such an action, so it grants nothing: the notice is for the policy's author.
 * Reads the policies the rules compiled already; a policy shared by many principals is looked at once. AWS-managed
 * policies are left out: their retired actions are AWS's to remove, and no one reading the scan can edit them.
 */
export function unknownActionNotices(
  principals: readonly Principal[],
  engine: PolicyEngine,
): { listed: UnknownActionNotice[]; more: number } {
  const seenPolicies = new Set<string>();
  const byAction = new Map<string, UnknownActionNotice>();
  const visit = (policy: PolicyAttachment) => {
    if (seenPolicies.has(policy.id)) return;
    seenPolicies.add(policy.id);
    if (policy.arn && AWS_MANAGED.test(policy.arn)) return;
    const counted = new Set<string>();
    for (const unknown of engine.compile(policy).unknownActions) {
      const key = unknown.pattern.toLowerCase();
      if (counted.has(key)) continue;
      counted.add(key);
      const notice = byAction.get(key);
      if (notice) notice.policies++;
      else
        byAction.set(key, {
          action: unknown.pattern,
          unknown: unknown.kind,
          policy: policyLabel(policy),
          statement: unknown.statementIndex,
          policies: 1,
        });
    }
  };
  for (const principal of principals) {
    for (const policy of principal.policies.identity) visit(policy);
    if (principal.policies.boundary) visit(principal.policies.boundary);
  }
  const all = [...byAction.values()].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  return { listed: all.slice(0, UNKNOWN_ACTIONS_LISTED), more: Math.max(0, all.length - UNKNOWN_ACTIONS_LISTED) };
}

const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;

/** A managed policy by its ARN; an inline policy by its name and owner. */
function policyLabel(policy: PolicyAttachment): string {
  if (policy.arn) return policy.arn;
  const owner = policy.id.slice(0, policy.id.indexOf('#inline#'));
  return `inline policy ${policy.name} of ${owner}`;
}

/** "foo:Bar (unknown service foo) in arn:…:policy/x statement #1, and 2 more policies" */
export function describeUnknownAction(notice: UnknownActionNotice): string {
  const what = notice.unknown === 'service' ? `unknown service ${notice.action.split(':', 1)[0]}` : 'unknown action';
  const more =
    notice.policies > 1 ? `, and ${notice.policies - 1} more polic${notice.policies === 2 ? 'y' : 'ies'}` : '';
  return `${notice.action} (${what}) in ${notice.policy} statement #${notice.statement}${more}`;
}
