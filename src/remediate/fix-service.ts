import { randomBytes } from 'node:crypto';
import { FixError, NotFoundError } from '../errors.js';
import type { PolicyEngine } from '../iam/index.js';
import type { RuleSettings } from '../risks/settings.js';
import type { Finding } from '../risks/types.js';
import type { AccountSnapshot } from '../snapshot/index.js';
import type { Actor, ApprovalRecord, FixRecord, StateStore } from '../store/index.js';
import { applyPlan, rollbackPlan, type ApplyResult, type RollbackResult } from './execute.js';
import type { RemediationGateway } from './gateway.js';
import { buildPlan } from './plan.js';
import { reevaluate } from './reevaluate.js';
import { fixTarget } from './target.js';
import type { FixInputs, FixPlan, PlanOutcome } from './types.js';

const HOUR_MS = 3_600_000;

export interface OpenGateway {
  gateway: RemediationGateway;
  close: () => void;
}

export interface FixSettings {
  approvalExpiryHours: number;
  rollbackWindowHours: number;
  allowSelfApproval: boolean;
}

export interface FixServiceDeps {
  /** Where requests, decisions and fixes are recorded; planning alone needs none. */
  store?: StateStore;
  /** The IAM gateway of an account (through its remediation role); `close` releases it. */
  gateway: (accountId: string) => OpenGateway | Promise<OpenGateway>;
  /** The policy engine, or how to load it when first needed (the Slack app starts without it). */
  engine: PolicyEngine | (() => Promise<PolicyEngine>);
  settings: RuleSettings;
  fixes: FixSettings;
  now: () => Date;
}

export type DecisionOutcome =
  | { kind: 'decided'; approval: ApprovalRecord }
  /** Decided already (a second click, another approver): nothing happens again. */
  | { kind: 'already-decided'; approval: ApprovalRecord }
  | { kind: 'expired'; approval: ApprovalRecord }
  | { kind: 'self-approval'; approval: ApprovalRecord }
  | { kind: 'not-an-approver'; approval: ApprovalRecord };

export type RollbackOutcome =
  | { kind: 'rolled-back'; fix: FixRecord; result: RollbackResult }
  | { kind: 'drift'; fix: FixRecord; differences: string[] }
  | { kind: 'refused'; fix: FixRecord; reason: string };

/**
 * Fix in AWS, end to end: plan (read the resource, pure planning), request and decide approvals, apply the
 * approved plan exactly as approved (apply → verify → re-run the rule), roll back within the window. Every step
 * is recorded in the state store and its audit log; nothing touches AWS before an approval.
 */
export class FixService {
  private readonly running = new Set<string>();

  constructor(private readonly deps: FixServiceDeps) {}

  private get store(): StateStore {
    if (!this.deps.store)
      throw new FixError('fixes are recorded in the state file, and none is given', {
        hint: 'pass --state FILE, set RIGHTSIZE_STATE, or set stateFile in the config',
      });
    return this.deps.store;
  }

  get fixes(): FixSettings {
    return this.deps.fixes;
  }

  /** The plan for a finding: what would change, read from AWS now (read-only calls). */
  async plan(finding: Finding, snapshot: AccountSnapshot, inputs: FixInputs = {}): Promise<PlanOutcome> {
    const engine = await this.engine();
    const target = fixTarget(finding, { snapshot, engine, settings: this.deps.settings, inputs });
    if (target.kind === 'no-fix' || target.kind === 'needs-input') return target;
    const live = await this.withGateway(finding.accountId, (g) => g.read(target.query));
    return buildPlan(target, live, this.deps.now());
  }

  /**
   * Records a request for approval: pending until an approver decides or it expires. `approvers` may decide;
   * `asked` are the ones the request was sent to (the owner, else the fallback approvers), as the audit log says.
   */
  request(
    plan: FixPlan,
    requestedBy: Actor,
    approvers: readonly string[],
    asked: readonly string[] = approvers,
  ): Promise<ApprovalRecord> {
    const now = this.deps.now();
    const approval: ApprovalRecord = {
      id: newId('apr'),
      findingId: plan.findingId,
      accountId: plan.accountId,
      requestedBy,
      requestedAt: now.toISOString(),
      approver: approvers[0] ?? requestedBy.id,
      approvers: [...approvers],
      status: 'pending',
      expiresAt: new Date(now.getTime() + this.deps.fixes.approvalExpiryHours * HOUR_MS).toISOString(),
      plan: plan as unknown as Record<string, unknown>,
    };
    return this.store.update((data) => {
      data.approvals.push(approval);
      data.audit.push({
        at: approval.requestedAt,
        actor: requestedBy,
        action: 'fix-request',
        subject: plan.findingId,
        detail: `${approval.id}: ${plan.summary}; asked ${asked.join(', ') || 'nobody'}${
          approvers.join() === asked.join() ? '' : `; may decide: ${approvers.join(', ')}`
        }`,
      });
      return { ...approval };
    });
  }

  /** Remembers where the request is discussed in Slack. */
  linkThreads(approvalId: string, threads: NonNullable<ApprovalRecord['threads']>): Promise<void> {
    return this.store.update((data) => {
      const approval = data.approvals.find((a) => a.id === approvalId);
      if (approval) approval.threads = [...(approval.threads ?? []), ...threads];
    });
  }

  /** Remembers which reply in each thread carries the fix's result (a rollback then updates every copy). */
  linkResults(
    approvalId: string,
    results: readonly { channel: string; ts: string; resultTs: string }[],
  ): Promise<void> {
    return this.store.update((data) => {
      const approval = data.approvals.find((a) => a.id === approvalId);
      for (const thread of approval?.threads ?? []) {
        const result = results.find((r) => r.channel === thread.channel && r.ts === thread.ts);
        if (result) thread.resultTs = result.resultTs;
      }
    });
  }

  /** The request a fix was applied for. */
  approvalOf(fix: FixRecord): ApprovalRecord | undefined {
    return fix.approvalId ? this.store.data.approvals.find((a) => a.id === fix.approvalId) : undefined;
  }

  /** A request, as the state file has it now (another process, e.g. `rightsize schedule`, may have made it). */
  async approval(id: string): Promise<ApprovalRecord> {
    const found = (await this.store.reload()).approvals.find((a) => a.id === id);
    if (!found) throw new NotFoundError(`no fix request ${id}`);
    return found;
  }

  /**
   * Approve or reject, once: the first decision wins (a second click, or a second approver, gets
   * `already-decided`). Refused when the request expired, when the requester decides their own request
   * (unless allowed), or when `authorized` says the person may not decide.
   */
  decide(approvalId: string, by: Actor, decision: 'approve' | 'reject', authorized: boolean): Promise<DecisionOutcome> {
    const now = this.deps.now();
    return this.store.update((data): DecisionOutcome => {
      const approval = data.approvals.find((a) => a.id === approvalId);
      if (!approval) throw new NotFoundError(`no fix request ${approvalId}`);
      if (approval.status !== 'pending') return { kind: 'already-decided', approval: { ...approval } };
      if (approval.expiresAt && Date.parse(approval.expiresAt) <= now.getTime()) {
        approval.status = 'expired';
        data.audit.push({
          at: now.toISOString(),
          actor: by,
          action: 'approval-expired',
          subject: approval.findingId,
          detail: `${approval.id} expired at ${approval.expiresAt}; ${by.id} tried to ${decision} it`,
        });
        return { kind: 'expired', approval: { ...approval } };
      }
      if (!authorized) return { kind: 'not-an-approver', approval: { ...approval } };
      if (decision === 'approve' && by.id === approval.requestedBy.id && !this.deps.fixes.allowSelfApproval)
        return { kind: 'self-approval', approval: { ...approval } };
      approval.status = decision === 'approve' ? 'approved' : 'rejected';
      approval.decidedBy = by;
      approval.decidedAt = now.toISOString();
      data.audit.push({
        at: approval.decidedAt,
        actor: by,
        action: decision === 'approve' ? 'approve' : 'reject',
        subject: approval.findingId,
        detail: approval.id,
      });
      return { kind: 'decided', approval: { ...approval } };
    });
  }

  /**
   * Applies an approved request's plan — exactly the plan that was approved — once. The snapshot is the one the
   * plan was made from, for re-running the rule.
   */
  async applyApproved(approvalId: string, by: Actor, snapshot: AccountSnapshot): Promise<FixRecord> {
    const approval = await this.approval(approvalId);
    if (approval.status !== 'approved' || !approval.plan)
      throw new FixError(`fix request ${approvalId} is ${approval.status}, not approved`);
    const existing = this.store.data.fixes.find((f) => f.approvalId === approvalId);
    if (existing) return existing;
    return this.exclusive(approvalId, async () => {
      const plan = approval.plan as unknown as FixPlan;
      const result = await this.withGateway(plan.accountId, (g) =>
        applyPlan(plan, g, { reevaluate: (observed) => this.reevaluate(plan, observed, snapshot) }),
      );
      return this.record(plan, result, by, approval);
    });
  }

  /**
   * The CLI's path: the operator names who approved (`--approved-by`); the approval is recorded as decided by them,
   * then the plan is applied. `dryRun` checks for drift and returns the calls without making any or recording.
   */
  async applyWithApproval(
    plan: FixPlan,
    requestedBy: Actor,
    approvedBy: Actor,
    snapshot: AccountSnapshot,
    options: { dryRun?: boolean; approvers?: readonly string[] } = {},
  ): Promise<{ approval?: ApprovalRecord; fix?: FixRecord; result: ApplyResult }> {
    if (options.dryRun)
      return { result: await this.withGateway(plan.accountId, (g) => applyPlan(plan, g, { dryRun: true })) };
    const approval = await this.request(plan, requestedBy, options.approvers ?? [approvedBy.id]);
    const decision = await this.decide(approval.id, approvedBy, 'approve', true);
    if (decision.kind !== 'decided')
      throw new FixError(`the approval by ${approvedBy.id} was refused (${decision.kind}); nothing was applied`);
    // The operator applies it; the approver only approved (the record keeps both).
    const fix = await this.applyApproved(approval.id, requestedBy, snapshot);
    return { approval: decision.approval, fix, result: fixResult(fix) };
  }

  /** The latest fix of a finding (or the fix with that id), as the state file has it now. */
  async fix(ref: string): Promise<FixRecord> {
    const fixes = (await this.store.reload()).fixes;
    const found = fixes.find((f) => f.id === ref) ?? fixes.filter((f) => f.findingId === ref).at(-1);
    if (!found)
      throw new NotFoundError(`no fix ${ref} in the state`, {
        hint: '`rightsize history <finding>` lists what was done',
      });
    return found;
  }

  /** Rolls a fix back: within the window, once, and only when the resource still reads as the fix left it. */
  async rollback(fixId: string, by: Actor): Promise<RollbackOutcome> {
    const fix = await this.fix(fixId);
    const now = this.deps.now();
    const refuse = (reason: string): RollbackOutcome => ({ kind: 'refused', fix, reason });
    if (!['verified', 'verify-failed', 'applied'].includes(fix.status))
      return refuse(`fix ${fix.id} is ${fix.status}: there is nothing to roll back`);
    if (fix.rollbackUntil && Date.parse(fix.rollbackUntil) <= now.getTime())
      return refuse(
        `the rollback window of fix ${fix.id} ended at ${fix.rollbackUntil}; change it back in the console`,
      );
    if (!fix.plan) return refuse(`fix ${fix.id} has no stored plan`);
    if (this.running.has(fix.id)) return refuse(`fix ${fix.id} is being rolled back already`);
    return this.exclusive(fix.id, async () => {
      const plan = fix.plan as unknown as FixPlan;
      const result = await this.withGateway(plan.accountId, (g) => rollbackPlan(plan, g, fix.createdVersion));
      const at = this.deps.now().toISOString();
      if (result.status === 'drift') {
        await this.audit(
          by,
          'rollback',
          fix.findingId,
          `${fix.id} refused: the resource changed since the fix (${result.differences.join('; ')})`,
          at,
        );
        return { kind: 'drift', fix, differences: result.differences };
      }
      const updated = await this.store.update((data) => {
        const record = data.fixes.find((f) => f.id === fix.id)!;
        record.status = result.status;
        record.rolledBackAt = at;
        record.rolledBackBy = by;
        record.rollback = result;
        data.audit.push({
          at,
          actor: by,
          action: 'rollback',
          subject: fix.findingId,
          detail: `${fix.id}: ${result.status}${result.error ? ` (${result.error})` : ''}`,
        });
        return { ...record };
      });
      return { kind: 'rolled-back', fix: updated, result };
    });
  }

  private async engine(): Promise<PolicyEngine> {
    const { engine } = this.deps;
    return typeof engine === 'function' ? engine() : engine;
  }

  private async reevaluate(plan: FixPlan, observed: Parameters<typeof reevaluate>[1], snapshot: AccountSnapshot) {
    return reevaluate(plan, observed, {
      snapshot,
      engine: await this.engine(),
      settings: this.deps.settings,
      now: this.deps.now(),
    });
  }

  private record(plan: FixPlan, result: ApplyResult, by: Actor, approval: ApprovalRecord): Promise<FixRecord> {
    const now = this.deps.now();
    const fix: FixRecord = {
      id: newId('fix'),
      findingId: plan.findingId,
      accountId: plan.accountId,
      approvalId: approval.id,
      appliedBy: by,
      appliedAt: now.toISOString(),
      ...(approval.decidedBy && { approvedBy: approval.decidedBy }),
      summary: plan.summary,
      previous: plan.before,
      plan: plan as unknown as Record<string, unknown>,
      status: 'failed',
    };
    switch (result.status) {
      case 'applied':
        Object.assign(fix, {
          status: result.differences.length === 0 ? 'verified' : 'verify-failed',
          after: result.observed,
          calls: result.calls,
          differences: result.differences,
          ...(result.createdVersion && { createdVersion: result.createdVersion }),
          ...(result.reevaluation && { reevaluation: result.reevaluation }),
          rollbackUntil: new Date(now.getTime() + this.deps.fixes.rollbackWindowHours * HOUR_MS).toISOString(),
        });
        break;
      case 'failed':
        Object.assign(fix, { calls: result.calls, error: result.error, rollback: result.rollback });
        break;
      case 'drift':
        Object.assign(fix, {
          status: 'aborted',
          calls: [],
          error: `the resource changed since the plan was made (drift); nothing was applied`,
          differences: result.differences,
          after: result.observed,
        });
        break;
      case 'dry-run':
        break;
    }
    return this.store.update((data) => {
      data.fixes.push(fix);
      data.audit.push({
        at: fix.appliedAt,
        actor: by,
        action: fix.status === 'failed' || fix.status === 'aborted' ? 'fix-failed' : 'fix',
        subject: fix.findingId,
        detail: `${fix.id} (${approval.id}${fix.approvedBy ? `, approved by ${fix.approvedBy.id}` : ''}): ${fix.status}${fix.error ? ` — ${fix.error}` : ''}; ${plan.summary}`,
      });
      return { ...fix };
    });
  }

  private async audit(by: Actor, action: 'rollback', subject: string, detail: string, at: string): Promise<void> {
    await this.store.update((data) => {
      data.audit.push({ at, actor: by, action, subject, detail });
    });
  }

  private async withGateway<T>(accountId: string, use: (gateway: RemediationGateway) => Promise<T>): Promise<T> {
    const { gateway, close } = await this.deps.gateway(accountId);
    try {
      return await use(gateway);
    } finally {
      close();
    }
  }

  /** One run per key in this process: a double click waits for nothing and does nothing twice. */
  private async exclusive<T>(key: string, run: () => Promise<T>): Promise<T> {
    if (this.running.has(key)) throw new FixError(`${key} is already in progress`);
    this.running.add(key);
    try {
      return await run();
    } finally {
      this.running.delete(key);
    }
  }
}

/** An ApplyResult reconstructed from a recorded fix, for printing. */
export function fixResult(fix: FixRecord): ApplyResult {
  if (fix.status === 'failed')
    return {
      status: 'failed',
      calls: (fix.calls ?? []) as never,
      error: fix.error ?? '',
      rollback: fix.rollback as RollbackResult,
    };
  if (fix.status === 'aborted')
    return { status: 'drift', differences: fix.differences ?? [], observed: fix.after as never };
  return {
    status: 'applied',
    calls: (fix.calls ?? []) as never,
    observed: fix.after as never,
    differences: fix.differences ?? [],
    ...(fix.createdVersion && { createdVersion: fix.createdVersion }),
    ...(fix.reevaluation && { reevaluation: fix.reevaluation }),
  };
}

function newId(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}
