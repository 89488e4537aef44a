import { adminLevel } from '../risks/admin.js';
import type { Principal } from '../snapshot/index.js';
import type { AccessIndex } from './access-index.js';
import { principalRef } from './evaluate.js';
import { nodeName, pathSteps, reachesName } from './steps.js';
import type { PathAnswer } from './types.js';

const LISTED = 5;

/**
 * How `from` can become `to` (a principal, or "administrator"), on the escalation findings' graph:
 * every step with its action and statement. To administrator it is the findings' own path (certain
 * steps first, then fewest); to a principal, the fewest steps (at most 6). "No path" says what the
 * graph shows around the two ends: whom `from` can become, and who can become `to`.
 */
export function path(index: AccessIndex, from: Principal, to: Principal | 'administrator'): PathAnswer {
  const graph = index.escalation();
  const base = { from: principalRef(from), to: to === 'administrator' ? to : principalRef(to) } as const;
  const none = { steps: [], conditional: false, assumptions: [] };
  const fromName = `${from.kind} ${from.name}`;
  if (to === 'administrator') {
    const level = adminLevel(index.ctx, from);
    if (level)
      return {
        ...base,
        ...none,
        outcome: 'already',
        explanation: [
          `${fromName} is already ${level === 'full' ? 'a full administrator' : 'an IAM administrator (it can grant itself anything)'}.`,
        ],
      };
  } else if (to.arn === from.arn) {
    return { ...base, ...none, outcome: 'already', explanation: [`${fromName} is ${fromName}.`] };
  }
  const found = to === 'administrator' ? graph.pathOf(from.arn) : graph.pathBetween(from.arn, to.arn);
  if (found) {
    const explanation = [
      `${fromName} can become ${reachesName(index, found)} in ${count(found.steps.length, 'step')}.`,
    ];
    if (found.conditional) explanation.push('Some steps work only when their conditions hold.');
    for (const assumption of found.assumptions) explanation.push(`The path assumes ${assumption}.`);
    return {
      ...base,
      outcome: 'path',
      steps: pathSteps(index, found),
      conditional: found.conditional,
      assumptions: found.assumptions,
      explanation,
    };
  }
  return { ...base, ...none, outcome: 'no path', explanation: missing(index, from, to) };
}

/** What is missing, from the graph around the two ends. */
function missing(index: AccessIndex, from: Principal, to: Principal | 'administrator'): string[] {
  const graph = index.escalation();
  const fromName = `${from.kind} ${from.name}`;
  const toName = to === 'administrator' ? 'administrator' : `${to.kind} ${to.name}`;
  const names = (arns: readonly string[]) =>
    `${arns
      .slice(0, LISTED)
      .map((a) => nodeName(index, a))
      .join(', ')}${arns.length > LISTED ? ` and ${arns.length - LISTED} more` : ''}`;
  const lines = [`No path from ${fromName} to ${toName}.`];
  const out = graph.neighbours(from.arn).to;
  lines.push(
    out.length === 0
      ? `${fromName} has no escalation step at all: none of the actions an escalation method needs (iam:PassRole with a service to run the role, sts:AssumeRole on a role whose trust policy allows it, iam:Attach*/Put*/Create*Policy*, iam:CreateAccessKey, iam:UpdateLoginProfile, iam:AddUserToGroup …) is allowed to it on a target.`
      : `${fromName} can become ${names(out)} in one step, and none of them leads on to ${toName}${to === 'administrator' ? '' : ' within 6 steps'}.`,
  );
  if (to !== 'administrator') {
    const into = graph.neighbours(to.arn).from;
    lines.push(
      into.length === 0
        ? `Nothing in the account can become ${toName}: ${to.kind === 'role' ? 'its trust policy trusts no principal of this account that may assume it, and ' : ''}no principal may rewrite its policies${to.kind === 'user' ? ', credentials or groups' : ''}.`
        : `Only ${names(into)} can become ${toName} in one step.`,
    );
    if (to.kind === 'role')
      lines.push(
        'Trust policies that name other accounts or AWS services are outside this account: a path through them is not shown.',
      );
  }
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
