import { WorkflowActionError } from '../../errors.js';
import { isSlackUser, mentionOf } from '../../access/slack-ids.js';
import type { WorkflowNotice } from '../notices.js';
import { resolveOwner, type Owner } from '../owner.js';
import { accountLabel, availability, findingOf, need, type ActionContext, type ActionHandler } from './context.js';

/** What a workflow posts about its event. */
export function eventNotice(ctx: ActionContext, mention?: string): WorkflowNotice {
  const { event } = ctx;
  if (event.kind === 'finding')
    return {
      kind: 'finding-event',
      workflow: ctx.workflow.name,
      event: event.name,
      finding: event.finding,
      ...(event.name === 'finding.age' && event.ageDays !== undefined && { ageDays: event.ageDays }),
      ...(mention && { mention }),
    };
  return {
    kind: 'scan-event',
    workflow: ctx.workflow.name,
    accountLabel: accountLabel(ctx.config, event.accountId),
    ...(event.scan && { scanFinishedAt: event.scan.finishedAt }),
    findings: event.findings,
    changedIds: event.changedIds,
    ...(event.error !== undefined && { error: event.error }),
  };
}

export const postToChannel: ActionHandler<'post-to-channel'> = {
  async run(action, ctx) {
    const posted = await need(ctx, 'slack').post(action.channel, eventNotice(ctx));
    return `posted to ${action.channel} (ts ${posted.ts})`;
  },
  async describe(action, ctx) {
    return `post to ${action.channel}${availability(ctx, 'slack')}`;
  },
};

/** Who a DM about a finding goes to, or where it goes instead, or why it cannot go anywhere. */
export function ownerTarget(
  ctx: ActionContext,
  fallbackChannel: string | undefined,
): { channel: string; mention?: string; why: string } {
  const { finding } = findingOf(ctx);
  const owner: Owner | undefined = resolveOwner(finding.tags, ctx.config.ownership);
  if (owner?.slack && isSlackUser(owner.slack))
    return { channel: owner.slack, why: `DM to ${owner.slack} (team ${owner.team}, tag ${owner.tagKey})` };
  const reason = !owner
    ? `${finding.resourceType} ${finding.resourceName} has none of the tags ${ctx.config.ownership.tagKeys.join(', ')}`
    : !owner.slack
      ? `team "${owner.team}" (tag ${owner.tagKey}) has no slack id in ownership.teams`
      : `team "${owner.team}" is the user group ${owner.slack}, which cannot get a DM`;
  if (fallbackChannel)
    return {
      channel: fallbackChannel,
      ...(owner?.slack && { mention: mentionOf(owner.slack) }),
      why: `posted to ${fallbackChannel} because ${reason}`,
    };
  throw new WorkflowActionError(`no Slack user to DM: ${reason}; set fallbackChannel to post there instead`);
}

export const dmOwner: ActionHandler<'dm-owner'> = {
  async run(action, ctx) {
    const slack = need(ctx, 'slack');
    const target = ownerTarget(ctx, action.fallbackChannel);
    await slack.post(target.channel, eventNotice(ctx, target.mention));
    return target.why;
  },
  async describe(action, ctx) {
    try {
      return `${ownerTarget(ctx, action.fallbackChannel).why}${availability(ctx, 'slack')}`;
    } catch (e) {
      if (e instanceof WorkflowActionError) return `would fail: ${e.message}`;
      throw e;
    }
  },
};
