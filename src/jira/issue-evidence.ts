import { suggestionDiff } from '../downsize/diff.js';
import { suggestPolicy } from '../downsize/suggest.js';
import { NotFoundError, SnapshotError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import type { FindingDetails } from './issue-draft.js';
import { RULES } from '../risks/rules/index.js';
import { runRules } from '../risks/run.js';
import type { RuleSettings } from '../risks/settings.js';
import type { Finding } from '../risks/types.js';
import { AccountIndex, type AccountSnapshot, type Tags } from '../snapshot/index.js';
import type { FindingRecord } from '../store/index.js';
import { buildUsageModel } from '../usage/build-usage.js';
import { highRiskActions } from '../usage/high-risk.js';
import type { SnapshotSource } from '../scans/snapshot-source.js';

export interface IssueEvidenceOptions {
  engine: PolicyEngine;
  settings: RuleSettings;
  now: Date;
}

/**
 * A recorded finding with its evidence, owner tags and suggested-policy diff, read again from its account's
 * snapshot (the state keeps only headlines). Only the finding's own rule runs. A finding the snapshot no longer
 * shows is an error: an issue is filed for a risk that is there.
 */
export async function issueEvidence(
  record: FindingRecord,
  source: SnapshotSource,
  options: IssueEvidenceOptions,
): Promise<FindingDetails> {
  const snapshot = await source.load();
  if (snapshot.accountId !== record.accountId)
    throw new SnapshotError(
      source.description,
      undefined,
      `holds account ${snapshot.accountId}, not ${record.accountId}`,
      {
        hint: `give the snapshot of account ${record.accountId}`,
      },
    );
  const rule = RULES.find((r) => r.id === record.ruleId);
  if (!rule)
    throw new NotFoundError(
      `finding ${record.id} comes from rule ${record.ruleId}, which this Rightsize does not have`,
    );
  const result = runRules(snapshot, options.engine, { now: options.now, rules: [rule], settings: options.settings });
  const finding = result.findings.find((f) => f.id === record.id);
  if (!finding)
    throw new NotFoundError(`finding ${record.id} is not in ${source.description} any more`, {
      hint: 'scan again: if the risk is gone the finding is resolved and needs no issue',
    });
  const index = new AccountIndex(snapshot);
  const diff = policyDiff(finding, snapshot, index, options);
  return {
    finding,
    rule: { title: rule.title, rationale: rule.rationale, remediation: rule.remediation },
    tagSets: ownerTags(finding, snapshot, index).map((tags) => ({ ...tags })),
    ...(diff && { suggestionDiff: diff }),
    source: source.description,
    collectedAt: snapshot.collectedAt,
  };
}

/** The resource's tags first, then those of the principals that cause the finding (a workload's role). */
function ownerTags(finding: Finding, snapshot: AccountSnapshot, index: AccountIndex): Tags[] {
  const sets: Tags[] = [];
  const principal = index.get(finding.resourceArn);
  if (principal) sets.push(principal.tags);
  const fn = snapshot.functions?.find((f) => f.arn === finding.resourceArn);
  if (fn) sets.push(fn.tags);
  const instance = snapshot.instances?.find((i) => finding.resourceArn.endsWith(`instance/${i.instanceId}`));
  if (instance) sets.push(instance.tags);
  for (const arn of finding.relatedArns ?? []) {
    const related = index.get(arn);
    if (related) sets.push(related.tags);
  }
  return sets;
}

/** The suggested least-privilege policy of the principal behind the finding, as a diff; none when nothing changes. */
function policyDiff(
  finding: Finding,
  snapshot: AccountSnapshot,
  index: AccountIndex,
  options: IssueEvidenceOptions,
): string | undefined {
  const principal = index.get(finding.resourceArn) ?? finding.relatedArns?.map((a) => index.get(a)).find(Boolean);
  if (!principal) return undefined;
  const { engine } = options;
  const model = buildUsageModel(snapshot, index, engine.catalog, { windowDays: options.settings.trackingPeriodDays });
  const diff = suggestionDiff(suggestPolicy(engine, principal, model, highRiskActions(engine.catalog)));
  return diff || undefined;
}
