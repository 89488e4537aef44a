import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { describeRollback } from '../../src/remediate/describe.js';
import { mentionOf } from '../../src/access/slack-ids.js';
import { mayRollBack } from '../../src/remediate/fix-flow.js';
import type { Actor } from '../../src/store/index.js';
import { FIX_IDS, fixResultMessage, threadNote } from '../../views/fix.js';
import { asMessage } from '../block-kit.js';
import type { AppServices } from '../services.js';
import { knownRecord, postToThreads } from './fix-threads.js';

/** Rollback on a fix's result message: for the requester and the approvers, told in every thread of the request. */
export function registerFixRollback(app: App, services: AppServices): void {
  const flow = services.fixes;
  if (!flow) return;
  app.action<BlockAction<ButtonAction>>(FIX_IDS.rollback, async ({ ack, action, body, client, respond }) => {
    await ack();
    const by: Actor = { id: body.user.id, via: 'slack' };
    const fix = await knownRecord(() => flow.service.fix(action.value ?? ''), {
      body,
      client,
      respond,
      gone: `Fix ${action.value ?? ''} is not in Rightsize's state any more (the state file was reset or replaced), so it cannot be rolled back from here.`,
    });
    if (!fix) return;
    const approval = flow.service.approvalOf(fix);
    const tell = async (text: string) => {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    };
    if (!(await mayRollBack(fix, approval, by.id, flow.groups)))
      return tell('Only the requester or an approver of this fix may roll it back.');
    const outcome = await flow.service.rollback(fix.id, by);
    const text = describeRollback(outcome);
    if (outcome.kind === 'refused' && /already|nothing to roll back/.test(outcome.reason)) return tell(text);
    if (approval) await postToThreads(client, approval, threadNote(`↩️ Rollback by ${mentionOf(by.id)}:\n${text}`));
    if (outcome.kind !== 'rolled-back') return;
    // Every copy of the result (the approvers' threads, the requester's) loses its Rollback, not only the clicked one.
    const result = asMessage(fixResultMessage(outcome.fix, text, false));
    const copies = (approval?.threads ?? []).flatMap((t) =>
      t.resultTs ? [{ channel: t.channel, ts: t.resultTs }] : [],
    );
    const channel = body.container.channel_id as string | undefined;
    const ts = body.container.message_ts as string | undefined;
    if (channel && ts && !copies.some((c) => c.channel === channel && c.ts === ts)) copies.push({ channel, ts });
    for (const copy of copies) await client.chat.update({ ...copy, ...result });
  });
}
