import type { CollectionGap } from '../snapshot/index.js';
import { AwsCallError, errorText } from './aws-error.js';

/** What a collector is given: a signal that fires at the stage's time limit, and a place to note partial gaps. */
export interface StageContext {
  signal: AbortSignal;
  /** A part the stage could not read while the rest succeeded. */
  gap(gap: Omit<CollectionGap, 'source'>): void;
  /**
   * Records the gap for a part that failed (one region, some principals), described as `what` (default: the
   * stage's data). After the time limit it records nothing: the stage reports the time limit once.
   */
  partFailed(error: unknown, what?: string, regions?: string[]): void;
}

export interface StageSpec {
  /** The snapshot file the stage fills (the gap's `source`). */
  source: string;
  /** What the data is, for messages: "EC2 instances". */
  what: string;
  timeLimitMs: number;
}

export type StageOutcome<T> = { ok: true; value: T; gaps: CollectionGap[] } | { ok: false; gaps: CollectionGap[] };

class StageTimeLimit extends Error {
  override readonly name = 'StageTimeLimit';
}

/**
 * Runs one collection stage under its time limit. A failed stage (access denied, throttled out, time limit)
 * is a gap naming what, why and which API, never an exception: the scan goes on with what could be read.
 * A collector that returns after the time limit keeps what it read, with a gap saying it stopped early.
 */
export async function runStage<T>(
  spec: StageSpec,
  collect: (ctx: StageContext) => Promise<T>,
): Promise<StageOutcome<T>> {
  const controller = new AbortController();
  const seconds = Math.round(spec.timeLimitMs / 1000);
  const timer = setTimeout(
    () => controller.abort(new StageTimeLimit(`time limit of ${seconds} s reached`)),
    spec.timeLimitMs,
  );
  const gaps: CollectionGap[] = [];
  const ctx: StageContext = {
    signal: controller.signal,
    gap: (gap) => gaps.push({ source: spec.source, ...gap }),
    partFailed: (error, what = spec.what, regions) => {
      if (!controller.signal.aborted) gaps.push(stageGap({ source: spec.source, what }, error, undefined, regions));
    },
  };
  try {
    const value = await collect(ctx);
    if (controller.signal.aborted)
      gaps.push({
        source: spec.source,
        reason: 'incomplete',
        message: `${spec.what}: stopped at the time limit of ${seconds} s; only what was read before is in the snapshot`,
      });
    return { ok: true, value, gaps };
  } catch (e) {
    gaps.push(stageGap(spec, e, controller.signal));
    return { ok: false, gaps };
  } finally {
    clearTimeout(timer);
  }
}

/** The gap for a failed stage or part of one; `regions` when the same failure hit several regions. */
export function stageGap(
  spec: Pick<StageSpec, 'source' | 'what'>,
  error: unknown,
  signal?: AbortSignal,
  regions?: string[],
): CollectionGap {
  if (signal?.aborted && signal.reason instanceof StageTimeLimit)
    return {
      source: spec.source,
      reason: 'incomplete',
      message: `${spec.what}: not collected, ${signal.reason.message}`,
      ...(error instanceof AwsCallError && { api: error.api }),
    };
  if (error instanceof AwsCallError) {
    const reason = error.reason;
    const where = regions ?? (error.region ? [error.region] : []);
    const gap: CollectionGap = {
      source: spec.source,
      reason,
      api: error.api,
      message: `${spec.what}${where.length > 0 ? ` in ${where.join(', ')}` : ''}: ${REASON_TEXT[reason]} (${errorText(error.cause)})`,
    };
    if (where.length === 1) gap.region = where[0];
    return gap;
  }
  return { source: spec.source, reason: 'error', message: `${spec.what}: not collected (${errorText(error)})` };
}

const REASON_TEXT: Record<CollectionGap['reason'], string> = {
  missing: 'not collected',
  'access-denied': 'access denied, not collected (the scanning role needs deploy/scanner-policy.json)',
  throttled: 'throttled by AWS after every retry, not collected',
  'region-disabled': 'region not enabled in this account, not collected',
  incomplete: 'stopped before the end',
  error: 'not collected',
};

/** Collectors stop between calls too, not only inside an SDK call. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}
