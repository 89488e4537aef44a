import type { RightsizeConfig } from '../config/load.js';
import type { ScanLifecycle } from '../report/scan-report.js';
import { runRules } from '../risks/run.js';
import type { ScanResult } from '../risks/types.js';
import { DirectorySnapshotSource } from '../scans/snapshot-source.js';
import { loadSnapshot } from '../snapshot/index.js';
import { StateStore, type ScanDiff } from '../store/index.js';
import { cliActor, statePath, type CommandContext } from './context.js';
import { recordingServices } from './recording.js';
import type { SchedulerLogger } from '../schedule/index.js';

export interface ScanRun {
  result: ScanResult;
  lifecycle?: ScanLifecycle;
}

/**
 * `rightsize scan`: runs the rules over a snapshot directory and, when a state file is given (--state,
 * RIGHTSIZE_STATE or the config) and --no-record is not, records the scan and reports what changed.
 */
export async function scanSnapshotDir(
  dir: string,
  options: { state?: string; record: boolean },
  ctx: CommandContext,
  config: RightsizeConfig,
): Promise<ScanRun> {
  const path = options.record ? statePath(options.state, ctx, config) : undefined;
  if (!path) {
    const [snapshot, engine] = await Promise.all([loadSnapshot(dir), ctx.engine()]);
    return { result: runRules(snapshot, engine, { now: ctx.now(), settings: config.rules }) };
  }
  const store = await StateStore.open(path);
  const { scans, workflows } = await recordingServices(ctx, config, store, stderrLogger(ctx), dir);
  try {
    const { result, diff } = await scans.scan({ source: new DirectorySnapshotSource(dir), actor: cliActor(ctx) });
    return { result, lifecycle: scanLifecycle(diff, store.path) };
  } finally {
    // The config's workflows fire on this scan too; their runs finish before the command ends.
    await workflows?.stop();
  }
}

function stderrLogger(ctx: CommandContext): SchedulerLogger {
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
