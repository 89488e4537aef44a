import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { expandUserGroups } from '../../src/access/user-groups.js';
import { describeResult } from '../../src/remediate/describe.js';
import type { FixFlow } from '../../src/remediate/fix-flow.js';
import { fixResult } from '../../src/remediate/fix-service.js';
import type { FixPlan } from '../../src/remediate/types.js';
import type { Actor, ApprovalRecord } from '../../src/store/index.js';
import { approvalClosedMessage, FIX_IDS, fixResultMessage, mention, threadNote } from '../../views/fix.js';
import { asMessage } from '../block-kit.js';
import type { AppServices } from '../services.js';
import { closeApprovalMessages, knownRecord, postToThreads } from './fix-threads.js';
import { plural } from '../../src/text/plural.js';

/**
 * Approve / Reject in the approval DM. The store decides once (a double click or a second approver gets "already
 * decided"); only an approval that this click made starts the apply.
 */
export function registerFixDecision(app: App, services: AppServices): void {
  const flow = services.fixes;
  if (!flow) return;
  for (const decision of ['approve', 'reject'] as const)
    app.action<BlockAction<ButtonAction>>(FIX_IDS[decision], async ({ ack, action, body, client, respond }) => {
      await ack();
      const by: Actor = { id: body.user.id, via: 'slack' };
      const request = await knownRecord(() => flow.service.approval(action.value ?? ''), {
        body,
        client,
        respond,
        gone: `Fix request ${action.value ?? ''} is not in Rightsize's state any more (the state file was reset or replaced), so nothing was ${decision === 'approve' ? 'approved or applied' : 'rejected'}.`,
      });
      if (!request) return;
      const allowed = (await expandUserGroups(flow.groups, request.approvers ?? [request.approver])).has(by.id);
      const outcome = await flow.service.decide(request.id, by, decision, allowed);
      const plan = outcome.approval.plan as unknown as FixPlan;
      const tell = async (text: string) => {
        await respond({ response_type: 'ephemeral', replace_original: false, text });
      };
      switch (outcome.kind) {
        case 'not-an-approver':
          return tell(`Only ${(request.approvers ?? []).map(mention).join(', ')} may decide request ${request.id}.`);
        case 'self-approval':
          return tell(`You asked for this fix, so someone else must approve it (fixes.allowSelfApproval is off).`);
        case 'already-decided':
          return tell(
            `Request ${request.id} is ${outcome.approval.status} already${outcome.approval.decidedBy ? ` (by <@${outcome.approval.decidedBy.id}>)` : ''}; nothing was done again.`,
          );
        case 'expired':
          await closeApprovalMessages(
            client,
            outcome.approval,
            approvalClosedMessage(
              outcome.approval,
              plan,
              `Expired at ${outcome.approval.expiresAt}; nothing was changed. Ask again with Fix in AWS.`,
            ),
          );
          await postToThreads(
            client,
            outcome.approval,
            threadNote(
              `⌛ Request ${request.id} expired before anyone approved it; <@${by.id}>'s ${decision} came too late. Nothing was changed in AWS.`,
            ),
          );
          return tell(`Request ${request.id} expired at ${outcome.approval.expiresAt}; nothing was changed.`);
        case 'decided':
          return decision === 'reject'
            ? rejected(client, outcome.approval, plan)
            : approved(flow, client, outcome.approval, plan, by);
      }
    });
}

async function rejected(client: Parameters<typeof postToThreads>[0], approval: ApprovalRecord, plan: FixPlan) {
  const who = `<@${approval.decidedBy!.id}>`;
  await closeApprovalMessages(
    client,
    approval,
    approvalClosedMessage(approval, plan, `Rejected by ${who}; nothing was changed in AWS.`),
  );
  await postToThreads(client, approval, threadNote(`❌ Rejected by ${who}. Nothing was changed in AWS.`));
}

async function approved(
  flow: FixFlow,
  client: Parameters<typeof postToThreads>[0],
  approval: ApprovalRecord,
  plan: FixPlan,
  by: Actor,
) {
  const who = `<@${by.id}>`;
  await closeApprovalMessages(client, approval, approvalClosedMessage(approval, plan, `Approved by ${who}; applying…`));
  await postToThreads(
    client,
    approval,
    threadNote(
      `✅ Approved by ${who}. Applying: checking the resource has not changed since the plan, then ${plural(plan.steps.length, 'AWS call')}.`,
    ),
  );
  let text: string;
  try {
    const fix = await flow.service.applyApproved(approval.id, by, await flow.snapshot(plan.accountId));
    text = describeResult(fixResult(fix), fix);
    const open = fix.status === 'verified' || fix.status === 'verify-failed';
    const results: { channel: string; ts: string; resultTs: string }[] = [];
    for (const thread of approval.threads ?? []) {
      const posted = await client.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        ...asMessage(fixResultMessage(fix, text, open)),
      });
      if (posted.ts) results.push({ channel: thread.channel, ts: thread.ts, resultTs: posted.ts });
    }
    // Every copy of the result carries Rollback: a rollback from one updates them all.
    await flow.service.linkResults(approval.id, results);
    await closeApprovalMessages(
      client,
      approval,
      approvalClosedMessage(approval, plan, `Approved by ${who}. Fix ${fix.id}: ${fix.status}.`),
    );
  } catch (e) {
    text = `The fix could not be applied: ${(e as Error).message}`;
    await postToThreads(client, approval, threadNote(text));
  }
}
