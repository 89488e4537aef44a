import { createTwoFilesPatch } from 'diff';
import { renderState } from './state.js';
import type { FixPlan, FixStep, IamCall } from './types.js';

/** The unified diff of the resource before and after the fix. */
export function planDiff(plan: FixPlan, context = 3): string {
  return createTwoFilesPatch(
    `${plan.resourceName} now`,
    `${plan.resourceName} after the fix`,
    renderState(plan.before),
    renderState(plan.after),
    undefined,
    undefined,
    { context },
  );
}

/** A call as a person reads it: `iam:PutRolePolicy RoleName=x PolicyName=y PolicyDocument=<412 characters>`. */
export function describeCall(call: IamCall): string {
  const params = Object.entries(call.params).map(([key, value]) => {
    if (typeof value === 'string') return `${key}=${value.length > 80 ? `<${value.length} characters>` : value}`;
    if (typeof value === 'boolean') return `${key}=${value}`;
    return `${key}=${JSON.stringify(value)}`;
  });
  return `iam:${call.api} ${params.join(' ')}`;
}

/** The whole plan as text: summary, notes, the calls in order with their undo, the diff. */
export function renderPlanText(plan: FixPlan): string {
  const lines = [
    `Fix plan for finding ${plan.findingId} (${plan.ruleId}) in account ${plan.accountId}`,
    `  ${plan.summary}`,
    '',
    'AWS API calls, in order:',
    ...plan.steps.flatMap((step, i) => stepLines(step, i)),
  ];
  if (plan.notes.length > 0) lines.push('', 'Notes:', ...plan.notes.map((n) => `  - ${n}`));
  lines.push('', `Manual alternative: ${plan.consoleUrl}`, '', planDiff(plan));
  return lines.join('\n');
}

function stepLines(step: FixStep, i: number): string[] {
  return [
    `  ${i + 1}. ${describeCall(step.call)}`,
    `     ${step.says}`,
    step.irreversible
      ? `     cannot be undone: ${step.irreversible}`
      : `     undo: ${step.undo.map(describeCall).join('; ')}`,
  ];
}
