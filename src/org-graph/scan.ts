import type { PolicyEngine } from '../iam/index.js';
import type { OrganizationTree } from '../organization/tree.js';
import { createRuleContext, runRulesIn, type ScanOptions } from '../risks/run.js';
import type { Finding, ScanResult } from '../risks/types.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import { crossAccountFindings, type AccountLabels } from './findings.js';
import { joinSummaries, type OrganizationJoin } from './join.js';
import { accountSummary } from './summary.js';
import type { AccountSummary } from './types.js';

/** One account scanned as part of an organisation: its own findings, and the summary the organisation pass joins. */
export interface AccountScan {
  result: ScanResult;
  summary: AccountSummary;
}

export function scanAccountOfOrganization(
  snapshot: AccountSnapshot,
  engine: PolicyEngine,
  options: ScanOptions & { accountName?: string },
): AccountScan {
  const ctx = createRuleContext(snapshot, engine, options);
  const result = runRulesIn(ctx, options.rules);
  return { result, summary: accountSummary(ctx, options.accountName) };
}

/** The organisation pass over the summaries: cross-account paths and their findings. */
export interface OrganizationResult {
  organizationId?: string;
  accounts: { accountId: string; name?: string; ouPath?: string; principals: number; gaps: string[] }[];
  /** The organisation's accounts that were not scanned, named for messages (trust of them is not joined). */
  otherAccounts?: { accountId: string; name?: string; ouPath?: string }[];
  join: OrganizationJoin;
  findings: Finding[];
}

export function organizationPass(summaries: readonly AccountSummary[], tree?: OrganizationTree): OrganizationResult {
  const labels: AccountLabels = (accountId) => {
    const label: { name?: string; ouPath?: string } = {};
    const name = tree?.accountName(accountId) ?? summaries.find((s) => s.accountId === accountId)?.accountName;
    if (name) label.name = name;
    const ouPath = tree?.ouPathOf(accountId);
    if (ouPath) label.ouPath = ouPath;
    return label;
  };
  const join = joinSummaries(summaries);
  const result: OrganizationResult = {
    accounts: summaries.map((s) => ({
      accountId: s.accountId,
      ...labels(s.accountId),
      principals: s.principals,
      gaps: s.gaps,
    })),
    join,
    findings: crossAccountFindings(join.paths, labels).sort(
      (a, b) => a.accountId.localeCompare(b.accountId) || a.resourceArn.localeCompare(b.resourceArn),
    ),
  };
  if (tree) {
    result.organizationId = tree.organizationId;
    const scanned = new Set(summaries.map((s) => s.accountId));
    result.otherAccounts = tree.accountIds
      .filter((id) => !scanned.has(id))
      .map((accountId) => ({ accountId, ...labels(accountId) }));
  }
  return result;
}
