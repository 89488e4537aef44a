import type { RightsizeConfig } from '../config/index.js';
import type { LineLogger } from '../log.js';
import type { ScanLifecycle } from '../report/scan-report.js';
import type { OrganizationResult } from '../org-graph/scan.js';
import type { AccountSummary } from '../org-graph/types.js';
import type { ScanResult } from '../risks/types.js';
import { recordPassFindings } from '../scans/organization-pass.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import { DirectorySnapshotSource } from '../scans/snapshot-source.js';
import { StateStore, type ScanDiff } from '../store/index.js';
import { cliActor, type CommandContext } from './context.js';
import { recordingServices } from './recording.js';

/** `rightsize scan --state`: the scan recorded in the state file, with what changed since the last one. */
export async function recordScan(
  dir: string,
  snapshot: AccountSnapshot,
  statePath: string,
  ctx: CommandContext,
  config: RightsizeConfig,
): Promise<{ result: ScanResult; lifecycle: ScanLifecycle; summary?: AccountSummary }> {
  const store = await StateStore.open(statePath);
  const { scans, workflows } = await recordingServices(ctx, config, store, stderrLogger(ctx), dir);
  try {
    // The snapshot the command already loaded (and checked), recorded as read from its directory.
    const source = { description: new DirectorySnapshotSource(dir).description, load: async () => snapshot };
    const { result, diff, summary } = await scans.scan({ source, actor: cliActor(ctx) });
    return { result, lifecycle: scanLifecycle(diff, store.path), ...(summary && { summary }) };
  } finally {
    // The config's workflows fire on this scan too; their runs finish before the command ends.
    await workflows?.stop();
  }
}

/**
 * `rightsize scan --state` over an organisation: the pass's cross-account findings recorded under the organisation's
 * id (as the Slack app records its passes), with what changed since the last pass. Every account given was joined.
 */
export async function recordOrganizationScan(
  pass: OrganizationResult & { organizationId: string },
  statePath: string,
  ctx: CommandContext,
  times: { startedAt: Date; collectedAt: string },
): Promise<ScanLifecycle> {
  const store = await StateStore.open(statePath);
  const diff = await recordPassFindings(store, pass, {
    organizationId: pass.organizationId,
    ...times,
    finishedAt: ctx.now(),
    source: `organisation pass over ${pass.accounts.length} accounts (rightsize scan)`,
    actor: cliActor(ctx),
    complete: true,
  });
  return scanLifecycle(diff, store.path);
}

function stderrLogger(ctx: CommandContext): LineLogger {
  return { info: ctx.stderr, warn: (m) => ctx.stderr(`warning: ${m}`), error: (m) => ctx.stderr(`error: ${m}`) };
}

function scanLifecycle(diff: ScanDiff, stateFile: string): ScanLifecycle {
  return {
    stateFile,
    scanId: diff.scan.id,
    baseline: diff.baseline,
    new: diff.new.map((f) => f.id),
    reopened: diff.reopened.map((f) => f.id),
    resolved: diff.resolved.map((f) => ({ id: f.id, severity: f.severity, title: f.title })),
    muted: diff.muted.map((f) => f.id),
    unverified: diff.unverified.length,
  };
}
