import { mentionOf } from '../../access/slack-ids.js';
import { WorkflowActionError } from '../../errors.js';
import type { FixPlanSummary } from '../executors.js';
import { ownerTarget } from './slack.js';
import { availability, findingOf, need, type ActionContext, type ActionHandler } from './context.js';

export const requestFixApproval: ActionHandler<'request-fix-approval'> = {
  async run(_action, ctx) {
    const fixes = need(ctx, 'fixes');
    const { finding } = findingOf(ctx);
    const request = await fixes.requestApproval(finding.id, { requestedBy: ctx.actor });
    return `asked ${request.approver} to approve (approval ${request.approvalId})`;
  },
  async describe(_action, ctx) {
    return `ask the owner to approve the fix for ${findingOf(ctx).finding.id}${availability(ctx, 'fixes')}`;
  },
};

/** The plan, if it is one this workflow may apply without a person; otherwise why not. */
async function automaticPlan(ctx: ActionContext): Promise<FixPlanSummary> {
  const { finding } = findingOf(ctx);
  const plan = await need(ctx, 'fixes').planFor(finding.id);
  if (!plan) throw new WorkflowActionError(`rule ${finding.ruleId} has no fix plan; nothing was changed`);
  const allowed = ctx.config.workflowSettings.automaticFixes;
  if (!allowed.includes(plan.kind))
    throw new WorkflowActionError(
      `fix kind ${plan.kind} is not allow-listed in workflowSettings.automaticFixes (${allowed.join(', ')}); nothing was changed — request-fix-approval asks a person instead`,
    );
  if (!plan.reversible)
    throw new WorkflowActionError(`fix kind ${plan.kind} cannot be rolled back, so it is never applied automatically`);
  return plan;
}

/** Where the "what I changed" message goes; resolved before the fix so nothing changes unseen. */
function recipient(action: { notify: string }, ctx: ActionContext): { channel: string; mention?: string } {
  if (action.notify !== 'owner') return { channel: action.notify };
  try {
    return ownerTarget(ctx, undefined);
  } catch (e) {
    if (e instanceof WorkflowActionError)
      throw new WorkflowActionError(
        `${e.message.replace(/; set fallbackChannel.*$/, '')}; nothing was changed (set notify: '#channel')`,
      );
    throw e;
  }
}

export const applyFix: ActionHandler<'apply-fix'> = {
  async run(action, ctx) {
    const slack = need(ctx, 'slack');
    const fixes = need(ctx, 'fixes');
    const { finding } = findingOf(ctx);
    const target = recipient(action, ctx);
    const plan = await automaticPlan(ctx);
    const applied = await fixes.apply(finding.id, { requestedBy: ctx.actor, kind: plan.kind });
    const owner = action.notify === 'owner' ? undefined : ownerMention(ctx);
    try {
      await slack.post(target.channel, {
        kind: 'fix-applied',
        workflow: ctx.workflow.name,
        finding,
        fixId: applied.fixId,
        summary: applied.summary,
        ...((target.mention ?? owner) && { mention: target.mention ?? owner }),
      });
    } catch (e) {
      throw new WorkflowActionError(
        `applied fix ${applied.fixId} (${applied.summary}) but could not tell ${target.channel}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return `applied ${plan.kind} (fix ${applied.fixId}: ${applied.summary}); told ${target.channel} with a Rollback button`;
  },
  async describe(action, ctx) {
    const unavailable = availability(ctx, 'fixes') || availability(ctx, 'slack');
    if (unavailable) return `apply the allow-listed fix${unavailable}`;
    try {
      const target = recipient(action, ctx);
      const plan = await automaticPlan(ctx);
      return `apply ${plan.kind} (${plan.summary}) and tell ${target.channel} with a Rollback button`;
    } catch (e) {
      if (e instanceof WorkflowActionError) return `would fail: ${e.message}`;
      throw e;
    }
  },
};

function ownerMention(ctx: ActionContext): string | undefined {
  try {
    return mentionOf(ownerTarget(ctx, undefined).channel);
  } catch {
    return undefined;
  }
}
