import type { UserGroups } from '../access/types.js';
import { expandUserGroups } from '../access/user-groups.js';
import type { AccountConfig, RightsizeConfig } from '../config/index.js';
import type { PolicyEngine } from '../iam/index.js';
import type { Finding } from '../risks/types.js';
import { LatestFindings } from '../scans/latest-findings.js';
import type { ScanService } from '../scans/scan-service.js';
import { snapshotSourceFor, type SnapshotSources } from '../scans/snapshot-source.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import type { ApprovalRecord, FixRecord, StateStore } from '../store/index.js';
import type { FixExecutor } from '../workflows/executors.js';
import type { ApprovalMessenger } from './approval-request.js';
import { approversFor, type Approvers } from './approvers.js';
import { FixService, type FixServiceDeps } from './fix-service.js';
import type { FixPlan } from './types.js';
import { RemediationFixExecutor } from './workflow-fixes.js';

/** Fix in AWS as the Slack listeners and the workflows use it: the service, who approves, where snapshots are. */
export interface FixFlow {
  service: FixService;
  /** Whether fixes are offered for an account's findings (not for the bundled demo account: it is not real). */
  offers(accountId: string): boolean;
  /** The snapshot an account's findings come from (plans and re-evaluation need more than the scan keeps). */
  snapshot(accountId: string): Promise<AccountSnapshot>;
  approvers(finding: Finding, snapshot: AccountSnapshot): Approvers;
  /** Members of the user groups named as owners or approvers. */
  groups: UserGroups;
  /** Plans shown to requesters and not yet submitted, by draft id (the modal carries the id). */
  drafts: Map<string, { plan: FixPlan; requester: string; approvers: Approvers }>;
}

/** Who may roll a fix back: whoever requested it and whoever could approve it (user-group members too). */
export async function mayRollBack(
  fix: FixRecord,
  approval: ApprovalRecord | undefined,
  userId: string,
  groups: UserGroups,
): Promise<boolean> {
  if (!approval) return false;
  if (approval.requestedBy.id === userId) return true;
  return (await expandUserGroups(groups, approval.approvers ?? [approval.approver])).has(userId);
}

export interface FixFlowOptions {
  config: RightsizeConfig;
  store: StateStore;
  findings: LatestFindings;
  engine: () => Promise<PolicyEngine>;
  now: () => Date;
  groups: UserGroups;
  /** The accounts whose findings get Fix in AWS. */
  fixable: (accountId: string) => boolean;
  /** The IAM gateway per account (src/aws/remediation-target.ts: the remediation role of `fixes`). */
  gateway: FixServiceDeps['gateway'];
}

/** Fix in AWS as the Slack app and its workflows use it: the service over the state store and the config. */
export function createFixFlow(options: FixFlowOptions): FixFlow {
  const { config } = options;
  return {
    service: new FixService({
      store: options.store,
      gateway: options.gateway,
      engine: options.engine,
      settings: config.rules,
      fixes: config.fixes,
      now: options.now,
    }),
    offers: options.fixable,
    snapshot: (accountId) => options.findings.snapshot(accountId),
    approvers: (finding, snapshot) => approversFor(finding, snapshot, config),
    groups: options.groups,
    drafts: new Map(),
  };
}

export interface FixesSetup extends Omit<FixFlowOptions, 'findings'> {
  /** The scan service whose scans the fixes start from. */
  scans: Pick<ScanService, 'subscribe'>;
  /** The accounts served, and how to read one without a snapshot directory. */
  accounts: readonly AccountConfig[];
  sources?: SnapshotSources;
}

export interface Fixes {
  /** The findings and snapshots of the latest scans (Jira issues read their evidence from them too). */
  findings: LatestFindings;
  /** For the Slack app's Fix in AWS button and approval listeners. */
  flow: FixFlow;
  /** For the workflow engine (request-fix-approval, apply-fix, Rollback); Slack to ask approvers. */
  executor: (approvals: ApprovalMessenger | undefined) => FixExecutor;
}

/** Fix in AWS for a process that scans (`rightsize serve`, `rightsize schedule`): one service, one record. */
export function composeFixes(setup: FixesSetup): Fixes {
  const findings = new LatestFindings({
    store: setup.store,
    source: (accountId) => {
      const account = setup.accounts.find((a) => a.id === accountId);
      return account && snapshotSourceFor(account, setup.sources);
    },
    engine: setup.engine,
    settings: setup.config.rules,
    now: setup.now,
  });
  setup.scans.subscribe(findings.listener);
  const flow = createFixFlow({ ...setup, findings });
  return { findings, flow, executor: (approvals) => new RemediationFixExecutor(flow, findings, approvals) };
}
