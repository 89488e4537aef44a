import type { ConditionBlock, PolicyDocument, Statement } from '../iam/index.js';
import { changedSinceScan, noFix, planHead, policyJson, storedPolicyText } from './plan-base.js';
import type { FixTarget, TrustChange } from './target.js';
import type { FixPlan, NoFix, ResourceState } from './types.js';

type Target = Extract<FixTarget, { kind: 'trust-condition' }>;

/** The trust policy gets the missing sts:ExternalId / OIDC `sub` condition; the previous document is stored. */
export function planTrustCondition(
  target: Target,
  live: ResourceState,
  now: Date,
): { kind: 'plan'; plan: FixPlan } | NoFix {
  if (live.type !== 'trust-policy') return noFix(target, `read a ${live.type} instead of a trust policy`);
  const changed = changedSinceScan(`the trust policy of ${target.roleName}`, target.scanned, live.document);
  if (changed) return noFix(target, changed);
  const document = withConditions(live.document, target.changes);
  const update = (text: string) => ({
    api: 'UpdateAssumeRolePolicy' as const,
    params: { RoleName: target.roleName, PolicyDocument: text },
  });
  return {
    kind: 'plan',
    plan: {
      ...planHead(target, live, now),
      summary: `add ${target.changes.map(describe).join(' and ')} to the trust policy of role ${target.roleName}`,
      notes: [
        'callers that do not send the condition can no longer assume the role; rollback restores the stored document',
      ],
      after: { ...live, document },
      afterRollback: live,
      steps: [
        {
          call: update(policyJson(document)),
          says: 'replace the trust policy',
          undo: [update(storedPolicyText(live))],
        },
      ],
      expect: 'resolved',
    },
  };
}

function describe(change: TrustChange): string {
  return change.condition === 'externalId'
    ? `sts:ExternalId = ${change.value} (statement #${change.statementIndex})`
    : `${change.provider}:sub like ${change.value} (statement #${change.statementIndex})`;
}

function withConditions(document: PolicyDocument, changes: readonly TrustChange[]): PolicyDocument {
  return {
    ...document,
    Statement: document.Statement.map((statement, i) => {
      const change = changes.find((c) => c.statementIndex === i);
      return change ? withCondition(statement, change) : statement;
    }),
  };
}

/** Adds the condition; an existing condition on the same key (an open `sub` such as `repo:*`) is replaced. */
function withCondition(statement: Statement, change: TrustChange): Statement {
  const key = change.condition === 'externalId' ? 'sts:ExternalId' : `${change.provider}:sub`;
  const operator = change.condition === 'externalId' ? 'StringEquals' : 'StringLike';
  const condition: ConditionBlock = {};
  for (const [op, keys] of Object.entries(statement.Condition ?? {})) {
    const kept = Object.fromEntries(Object.entries(keys).filter(([k]) => k.toLowerCase() !== key.toLowerCase()));
    if (Object.keys(kept).length > 0) condition[op] = kept;
  }
  condition[operator] = { ...condition[operator], [key]: [change.value] };
  return { ...statement, Condition: condition };
}
