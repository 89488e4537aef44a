import type { PolicyDocument } from '../iam/index.js';
import { sameDocument } from './state.js';
import type { FixTarget } from './target.js';
import type { FixPlan, NoFix, ResourceState } from './types.js';

/** What a plan needs besides its kind-specific parts. */
export function planHead(target: FixTarget, live: ResourceState, now: Date) {
  return {
    kind: target.kind,
    findingId: target.finding.id,
    ruleId: target.finding.ruleId,
    accountId: target.finding.accountId,
    resourceArn: target.finding.resourceArn,
    resourceName: target.finding.resourceName,
    query: target.query,
    before: live,
    consoleUrl: target.finding.consoleUrl,
    createdAt: now.toISOString(),
  } satisfies Partial<FixPlan>;
}

export function noFix(target: FixTarget, reason: string): NoFix {
  return { kind: 'no-fix', reason, consoleUrl: target.finding.consoleUrl };
}

/** A plan built on a document the scan saw is only safe when AWS still has that document. */
export function changedSinceScan(
  what: string,
  scanned: PolicyDocument,
  live: PolicyDocument | undefined,
): string | undefined {
  if (sameDocument(scanned, live)) return undefined;
  return `${what} changed since the scan (${live ? 'AWS has a different document' : 'it no longer exists'}); scan again and plan from the new data`;
}

/** Compact JSON, as a PolicyDocument parameter. */
export const policyJson = (document: PolicyDocument): string => JSON.stringify(document);

/** The document of a state as it is to be put back: the text AWS returned when there is one, else the JSON. */
export const storedPolicyText = (state: { document: PolicyDocument; text?: string }): string =>
  state.text ?? policyJson(state.document);
