import { NotFoundError } from '../errors.js';
import { CROSS_ACCOUNT_ESCALATION } from '../org-graph/findings.js';
import type { AccountScans } from '../scans/types.js';
import type { FindingRecord } from '../store/index.js';
import type { FindingDetails } from './issue-draft.js';

/**
 * A cross-account finding's evidence for its issue, from the latest organisation pass (recorded under the
 * organisation's id; run again when this process has not run it yet): every hop, and the principal's tags for
 * routing. Undefined for any other finding, whose evidence its account's snapshot gives.
 */
export async function organizationEvidence(
  record: FindingRecord,
  scans: Pick<AccountScans, 'latest' | 'scan'>,
): Promise<FindingDetails | undefined> {
  if (record.ruleId !== CROSS_ACCOUNT_ESCALATION.id) return undefined;
  const pass = scans.latest(record.accountId) ?? (await scans.scan(record.accountId));
  const finding = pass.result.findings.find((f) => f.id === record.id);
  if (!finding)
    throw new NotFoundError(`the latest organisation pass of ${record.accountId} no longer finds ${record.id}`, {
      hint: 'the path is gone: the finding is resolved and needs no issue',
    });
  const tags = pass.resourceTags?.get(finding.resourceArn);
  return {
    finding,
    rule: CROSS_ACCOUNT_ESCALATION,
    tagSets: tags ? [{ ...tags }] : [],
    source: pass.account.source,
    collectedAt: pass.result.collectedAt,
  };
}
