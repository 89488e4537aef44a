import type { UserGroups } from '../access/types.js';
import type { AccountConfig, RightsizeConfig } from '../config/index.js';
import type { PolicyEngine } from '../iam/index.js';
import { LatestFindings } from '../scans/latest-findings.js';
import type { ScanService } from '../scans/scan-service.js';
import { snapshotSourceFor, type SnapshotSources } from '../scans/snapshot-source.js';
import type { StateStore } from '../store/index.js';
import type { FixExecutor } from '../workflows/executors.js';
import type { ApprovalMessenger } from './approval-request.js';
import { approversFor } from './approvers.js';
import type { FixFlow } from './fix-flow.js';
import { FixService, type FixServiceDeps } from './fix-service.js';
import { RemediationFixExecutor } from './workflow-fixes.js';

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
