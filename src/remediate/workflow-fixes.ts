import { FixError, WorkflowActionError } from '../errors.js';
import type { LatestFindings } from '../scans/latest-findings.js';
import type { Actor } from '../store/index.js';
import type { AppliedFix, FixExecutor, FixPlanSummary } from '../workflows/executors.js';
import { requestApproval, type ApprovalMessenger } from './approval-request.js';
import { describeResult, describeRollback } from './describe.js';
import { mayRollBack, type FixFlow } from './fix-flow.js';
import { fixResult } from './fix-service.js';
import { FIX_KINDS, type FixPlan } from './types.js';

/** Who approves a fix a workflow applies: the allow-list in the config, recorded as the approver. */
export const AUTOMATIC_APPROVER: Actor = { id: 'workflowSettings.automaticFixes', via: 'workflow' };

/**
 * src/remediate behind the workflows' `request-fix-approval`, `apply-fix` and the Rollback button of an automatic
 * fix. The same service, records and approvers as Fix in AWS from a finding's details: an approval asked for by a
 * workflow is decided with the same Approve / Reject buttons, and an automatic fix may be rolled back by the
 * resource's owner and the configured approvers.
 */
export class RemediationFixExecutor implements FixExecutor {
  readonly kinds: readonly string[] = FIX_KINDS;

  constructor(
    private readonly flow: Pick<FixFlow, 'service' | 'approvers' | 'groups'>,
    private readonly findings: LatestFindings,
    private readonly approvals: ApprovalMessenger | undefined,
  ) {}

  async planFor(findingId: string): Promise<FixPlanSummary | undefined> {
    const plan = await this.#plan(findingId);
    return plan && { kind: plan.kind, summary: plan.summary, reversible: plan.steps.every((s) => !s.irreversible) };
  }

  async requestApproval(findingId: string, options: { requestedBy: Actor }) {
    if (!this.approvals)
      throw new WorkflowActionError(
        'not available: Slack is not configured (set SLACK_BOT_TOKEN), so nobody can be asked',
      );
    const { finding, snapshot } = await this.findings.find(findingId);
    const plan = await this.#plan(findingId);
    if (!plan) throw new WorkflowActionError(`rule ${finding.ruleId} has no fix plan; nobody was asked`);
    const approvers = this.flow.approvers(finding, snapshot);
    if (approvers.ask.length === 0)
      throw new WorkflowActionError(
        'nobody to ask: the resource has no owner mapped in ownership.teams and access.approvers is empty',
      );
    const { approval, asked } = await requestApproval(
      this.flow,
      { plan, requestedBy: options.requestedBy, approvers },
      this.approvals,
    );
    return { approvalId: approval.id, approver: asked };
  }

  async apply(findingId: string, options: { requestedBy: Actor; kind: string }): Promise<AppliedFix> {
    const { finding, snapshot } = await this.findings.find(findingId);
    const plan = await this.#plan(findingId);
    if (plan?.kind !== options.kind)
      throw new WorkflowActionError(
        `the fix for ${findingId} is ${plan ? plan.kind : 'none'} now, not ${options.kind}; nothing was changed`,
      );
    // Whoever may approve a fix of this resource may also roll the automatic one back.
    const { allowed } = this.flow.approvers(finding, snapshot);
    const { fix } = await this.flow.service.applyWithApproval(plan, options.requestedBy, AUTOMATIC_APPROVER, snapshot, {
      approvers: allowed,
    });
    if (!fix) throw new FixError(`the fix for ${findingId} was not recorded`);
    const result = fixResult(fix);
    if (fix.status !== 'verified' && fix.status !== 'verify-failed')
      throw new WorkflowActionError(`fix ${fix.id} ${fix.status}: ${describeResult(result, fix)}`);
    const verified = fix.status === 'verified' ? 'verified' : 'NOT verified (AWS reads back differently)';
    const resolved = result.status === 'applied' && result.reevaluation?.resolved ? '; the finding is resolved' : '';
    return { fixId: fix.id, summary: `${plan.summary} (${verified}${resolved})` };
  }

  async rollback(fixId: string, options: { requestedBy: Actor }): Promise<{ summary: string }> {
    const { service, groups } = this.flow;
    const fix = await service.fix(fixId);
    if (!(await mayRollBack(fix, service.approvalOf(fix), options.requestedBy.id, groups)))
      throw new FixError(`only the resource's owner or an approver (access.approvers) may roll back fix ${fix.id}`);
    const outcome = await service.rollback(fix.id, options.requestedBy);
    const text = describeRollback(outcome);
    if (outcome.kind !== 'rolled-back' || outcome.result.status !== 'rolled-back') throw new FixError(text);
    return { summary: `${fix.summary} is undone; the resource reads as before the fix` };
  }

  async #plan(findingId: string): Promise<FixPlan | undefined> {
    const { finding, snapshot } = await this.findings.find(findingId);
    const outcome = await this.flow.service.plan(finding, snapshot);
    if (outcome.kind === 'plan') return outcome.plan;
    if (outcome.kind === 'needs-input')
      throw new WorkflowActionError(
        `the fix needs input a workflow cannot give: ${outcome.prompt}; nothing was changed`,
      );
    return undefined;
  }
}
