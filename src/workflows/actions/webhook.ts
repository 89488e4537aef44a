import type { WorkflowEvent } from '../events.js';
import { sendWebhook } from '../webhook.js';
import type { ActionContext, ActionHandler } from './context.js';

/** The JSON a webhook receives: the event and what it is about. */
export function webhookPayload(ctx: ActionContext): Record<string, unknown> {
  const event: WorkflowEvent = ctx.event;
  const base = {
    workflow: ctx.workflow.name,
    event: event.name,
    eventKey: event.key,
    runId: ctx.runId,
    sentAt: ctx.now().toISOString(),
  };
  if (event.kind === 'finding')
    return { ...base, finding: event.finding, ...(event.ageDays !== undefined && { ageDays: event.ageDays }) };
  return {
    ...base,
    accountId: event.accountId,
    ...(event.scan && { scan: event.scan }),
    ...(event.error !== undefined && { error: event.error }),
    findings: event.findings.map((f) => ({ ...f, changed: event.changedIds.has(f.id) })),
  };
}

export const webhook: ActionHandler<'webhook'> = {
  async run(action, ctx) {
    const result = await sendWebhook({
      url: action.url,
      secret: action.secret,
      body: JSON.stringify(webhookPayload(ctx)),
      deliveryId: `${ctx.runId}.${ctx.step}`,
      timeoutMs: action.timeoutSeconds * 1000,
      retries: action.retries,
      backoffMs: ctx.webhookBackoffMs,
      now: ctx.now,
    });
    return `${action.url} answered HTTP ${result.status}${result.attempts > 1 ? ` on attempt ${result.attempts}` : ''}`;
  },
  async describe(action) {
    return `POST a signed JSON event to ${action.url}`;
  },
};
