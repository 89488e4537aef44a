import type { WebClient } from '@slack/web-api';
import type { ApprovalMessenger, ApprovalThread } from '../../src/remediate/approval-request.js';
import type { FixPlan } from '../../src/remediate/types.js';
import type { ApprovalRecord } from '../../src/store/index.js';
import type { MessageView } from '../../views/blocks.js';
import { approvalRequestMessage, threadNote } from '../../views/fix.js';
import { asMessage } from '../block-kit.js';

/** Fix requests in Slack DMs: the request to each approver, and the requester's copy. */
export class SlackApprovalMessenger implements ApprovalMessenger {
  constructor(private readonly client: WebClient) {}

  askApprover(userId: string, approval: ApprovalRecord, plan: FixPlan): Promise<ApprovalThread | undefined> {
    return this.#post(userId, approvalRequestMessage(approval, plan), 'approver');
  }

  tellRequester(
    userId: string,
    approval: ApprovalRecord,
    plan: FixPlan,
    asked: string,
  ): Promise<ApprovalThread | undefined> {
    const note = `You asked for a fix (request ${approval.id}): ${plan.summary}. Asked: ${asked}. Each step will be posted in this thread.`;
    return this.#post(userId, threadNote(note), 'requester');
  }

  async #post(
    channel: string,
    message: MessageView,
    role: ApprovalThread['role'],
  ): Promise<ApprovalThread | undefined> {
    const posted = await this.client.chat.postMessage({ channel, ...asMessage(message) });
    return posted.channel && posted.ts ? { channel: posted.channel, ts: posted.ts, role } : undefined;
  }
}
