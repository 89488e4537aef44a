import type { CallOutput, RemediationGateway } from './gateway.js';
import { stateDifferences } from './state.js';
import { CREATED_VERSION, type FixPlan, type IamCall, type ResourceState } from './types.js';

/** One call made (or tried), for the record. */
export interface CallRecord {
  call: IamCall;
  ok: boolean;
  error?: string;
}

/** What re-running the finding's rule on the changed resource showed. */
export interface Reevaluation {
  /** The finding is no longer reported. */
  resolved: boolean;
  /** Still reported: its severity and title now. */
  severity?: string;
  title?: string;
}

export interface RollbackResult {
  status: 'rolled-back' | 'rollback-failed';
  calls: CallRecord[];
  /** Where the resource differs from what the rollback should have left. */
  differences: string[];
  error?: string;
}

export type ApplyResult =
  /** The resource changed since the plan was made: nothing was called. */
  | { status: 'drift'; differences: string[]; observed: ResourceState }
  /** Dry run: the resource is as planned, and these calls would be made. */
  | { status: 'dry-run'; calls: IamCall[] }
  | {
      status: 'applied';
      calls: CallRecord[];
      createdVersion?: string;
      observed: ResourceState;
      /** Empty when the resource reads exactly as the plan says it should. */
      differences: string[];
      reevaluation?: Reevaluation;
    }
  /** A call failed: what was applied before it has been rolled back (see `rollback`). */
  | { status: 'failed'; calls: CallRecord[]; error: string; rollback: RollbackResult };

export interface ApplyOptions {
  dryRun?: boolean;
  /** Re-runs the finding's rule on the resource as it now reads. */
  reevaluate?: (observed: ResourceState) => Reevaluation | Promise<Reevaluation>;
}

/**
 * Apply → verify: re-read the resource and refuse if it changed since the plan (drift), make the calls in order,
 * re-read and compare with the plan, re-run the rule. A failing call rolls back the steps before it.
 */
export async function applyPlan(
  plan: FixPlan,
  gateway: RemediationGateway,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const current = await gateway.read(plan.query);
  const drift = stateDifferences(plan.before, current);
  if (drift.length > 0) return { status: 'drift', differences: drift, observed: current };
  if (options.dryRun) return { status: 'dry-run', calls: plan.steps.map((s) => s.call) };
  const calls: CallRecord[] = [];
  let createdVersion: string | undefined;
  for (const [i, step] of plan.steps.entries()) {
    const call = resolve(step.call, createdVersion);
    try {
      const output: CallOutput = await gateway.call(call);
      createdVersion ??= output.createdVersion;
      calls.push({ call, ok: true });
    } catch (e) {
      const error = errorText(e);
      calls.push({ call, ok: false, error });
      const applied = plan.steps.slice(0, i);
      const expected = applied.some((s) => s.irreversible) ? plan.afterRollback : plan.before;
      const rollback = await undo(applied, gateway, plan, expected, createdVersion);
      return { status: 'failed', calls, error, rollback };
    }
  }
  const observed = await gateway.read(plan.query);
  const differences = stateDifferences(plan.after, observed, createdVersion);
  return {
    status: 'applied',
    calls,
    ...(createdVersion && { createdVersion }),
    observed,
    differences,
    ...(options.reevaluate && { reevaluation: await options.reevaluate(observed) }),
  };
}

/**
 * Rollback of an applied fix: refused when the resource no longer reads as the fix left it (someone changed it
 * since; undoing blindly would overwrite their change), else the undo calls in reverse and a re-read.
 */
export async function rollbackPlan(
  plan: FixPlan,
  gateway: RemediationGateway,
  createdVersion: string | undefined,
): Promise<RollbackResult | { status: 'drift'; differences: string[] }> {
  const current = await gateway.read(plan.query);
  const drift = stateDifferences(plan.after, current, createdVersion);
  if (drift.length > 0) return { status: 'drift', differences: drift };
  return undo(plan.steps, gateway, plan, plan.afterRollback, createdVersion);
}

async function undo(
  steps: FixPlan['steps'],
  gateway: RemediationGateway,
  plan: FixPlan,
  expected: ResourceState,
  createdVersion: string | undefined,
): Promise<RollbackResult> {
  const calls: CallRecord[] = [];
  let error: string | undefined;
  // Reverse order; a failing undo call is recorded and the others still run, so as much as possible is restored.
  for (const step of [...steps].reverse())
    for (const original of step.undo) {
      const call = resolve(original, createdVersion);
      try {
        await gateway.call(call);
        calls.push({ call, ok: true });
      } catch (e) {
        error ??= errorText(e);
        calls.push({ call, ok: false, error: errorText(e) });
      }
    }
  const observed = await gateway.read(plan.query);
  const differences = stateDifferences(expected, observed);
  return {
    status: error || differences.length > 0 ? 'rollback-failed' : 'rolled-back',
    calls,
    differences,
    ...(error && { error }),
  };
}

function resolve(call: IamCall, createdVersion: string | undefined): IamCall {
  if (createdVersion === undefined) return call;
  const params = Object.fromEntries(
    Object.entries(call.params).map(([k, v]) => [k, v === CREATED_VERSION ? createdVersion : v]),
  );
  return { ...call, params };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
