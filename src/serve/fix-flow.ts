import { resolveHomeRegion } from '../aws/index.js';
import { openRemediationGateway } from '../aws/remediation.js';
import type { FixFlow } from '../commands/fix-flow.js';
import type { RightsizeConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import { remediationTarget } from '../remediate/access.js';
import { approversFor } from '../remediate/approvers.js';
import { FixService } from '../remediate/fix-service.js';
import type { RemediationGateway } from '../remediate/gateway.js';
import { loadSnapshot } from '../snapshot/index.js';
import type { StateStore } from '../store/index.js';
import type { SnapshotScanService } from './snapshot-scans.js';

export interface FixFlowOptions {
  config: RightsizeConfig;
  store: StateStore;
  scans: SnapshotScanService;
  engine: PolicyEngine;
  now: () => Date;
  /** The IAM gateway per account; default: the remediation role from `fixes` through the SDK. */
  gateway?: (accountId: string) => { gateway: RemediationGateway; close: () => void };
}

/** Fix in AWS for the Slack app: the service over the state store, the served snapshots, the config's approvers. */
export async function createFixFlow(options: FixFlowOptions): Promise<FixFlow> {
  const { config, scans } = options;
  const homeRegion = options.gateway ? 'us-east-1' : await resolveHomeRegion();
  const gateway =
    options.gateway ??
    ((accountId: string) =>
      openRemediationGateway({
        target: remediationTarget(config.fixes, accountId),
        settings: { homeRegion, maxAttempts: 5 },
      }));
  return {
    service: new FixService({
      store: options.store,
      gateway,
      engine: options.engine,
      settings: config.rules,
      fixes: config.fixes,
      now: options.now,
    }),
    snapshot: (accountId) => {
      const dir = scans.snapshotDir(accountId);
      if (!dir) return Promise.reject(new UsageError(`account ${accountId} is not served here`));
      return loadSnapshot(dir);
    },
    approvers: (finding, snapshot) => approversFor(finding, snapshot, config),
    drafts: new Map(),
  };
}
