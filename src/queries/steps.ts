import { ANY_PERMISSION, type EscalationPath } from '../risks/escalation/graph.js';
import type { AccessIndex } from './access-index.js';
import type { PathStep } from './types.js';

/** Names as the escalation findings write them: "user alice", "role deploy", "any permission". */
export function nodeName(index: AccessIndex, arn: string): string {
  if (arn === ANY_PERMISSION) return 'any permission';
  const p = index.accounts.get(arn);
  return p ? `${p.kind} ${p.name}` : arn;
}

/** An escalation path's steps, each with its actions and the statement that allows each. */
export function pathSteps(index: AccessIndex, path: EscalationPath): PathStep[] {
  return path.steps.map((step) => {
    const out: PathStep = {
      from: nodeName(index, step.from),
      to: nodeName(index, step.to),
      title: step.title,
      actions: step.actions.map((a) => {
        const action: PathStep['actions'][number] = { action: a.action };
        if (a.resource) action.resource = a.resource;
        const statement = a.evidence[0]?.summary;
        if (statement) action.statement = statement;
        return action;
      }),
      conditional: step.conditional,
    };
    if (step.assumption) out.assumption = step.assumption;
    return out;
  });
}

/** Where a path ends, in words: "administrator (role break-glass-admin)", "any permission". */
export function reachesName(index: AccessIndex, path: EscalationPath): string {
  if (path.reaches === ANY_PERMISSION) return 'any permission (it can grant itself anything)';
  const name = nodeName(index, path.reaches);
  return path.reachesLevel ? `administrator (${name})` : name;
}
