import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { DeliveryLog } from './delivery-log.js';

/**
 * Global middleware: a delivery Slack repeats (Events API retries carry X-Slack-Retry-Num and the same
 * event_id; commands and clicks have a unique trigger_id) is acknowledged and not run again.
 */
export function skipRepeatedDeliveries(log: DeliveryLog): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = deliveryKey(args.body as Record<string, unknown>);
    if (key && !log.firstDelivery(key)) {
      const retry = args.context.retryNum === undefined ? '' : ` (retry ${args.context.retryNum})`;
      args.logger.info(`skipping a delivery already handled: ${key}${retry}`);
      const { ack } = args as { ack?: () => Promise<void> };
      if (ack) await ack();
      return;
    }
    await args.next();
  };
}

function deliveryKey(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return undefined;
}
