import type { PolicyEngine } from '../iam/index.js';
import { DEFAULT_RULE_SETTINGS } from '../risks/settings.js';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { AccountIndex, type AccountSnapshot, type Principal } from '../snapshot/index.js';
import { loadAccountSnapshot } from '../organization/load.js';
import { buildUsageModel } from '../usage/build-usage.js';
import { highRiskActions, type HighRiskActions } from '../usage/high-risk.js';
import type { UsageModel } from '../usage/types.js';

/** What `insights` and `suggest` work from: the principal, its account's usage model, the high-risk actions. */
export interface UsageContext {
  engine: PolicyEngine;
  snapshot: AccountSnapshot;
  principal: Principal;
  model: UsageModel;
  highRisk: HighRiskActions;
}

export async function loadUsageContext(
  engine: () => Promise<PolicyEngine>,
  query: string,
  snapshotDir?: string,
): Promise<UsageContext> {
  const [snapshot, loaded] = await Promise.all([loadAccountSnapshot(snapshotDir ?? demoSnapshotDir()), engine()]);
  const index = new AccountIndex(snapshot);
  const principal = index.find(query);
  const model = buildUsageModel(snapshot, index, loaded.catalog, {
    windowDays: DEFAULT_RULE_SETTINGS.trackingPeriodDays,
  });
  return { engine: loaded, snapshot, principal, model, highRisk: highRiskActions(loaded.catalog) };
}
