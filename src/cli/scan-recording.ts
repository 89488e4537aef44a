import type { RightsizeConfig } from '../config/index.js';
import type { LineLogger } from '../log.js';
import type { ScanLifecycle } from '../report/scan-report.js';
import type { ScanResult } from '../risks/types.js';
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
): Promise<{ result: ScanResult; lifecycle: ScanLifecycle }> {
  const store = await StateStore.open(statePath);
  const { scans, workflows } = await recordingServices(ctx, config, store, stderrLogger(ctx), dir);
  try {
    // The snapshot the command already loaded (and checked), recorded as read from its directory.
    const source = { description: new DirectorySnapshotSource(dir).description, load: async () => snapshot };
    const { result, diff } = await scans.scan({ source, actor: cliActor(ctx) });
    return { result, lifecycle: scanLifecycle(diff, store.path) };
  } finally {
    // The config's workflows fire on this scan too; their runs finish before the command ends.
    await workflows?.stop();
  }
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
