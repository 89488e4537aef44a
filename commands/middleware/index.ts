import type { App } from '@slack/bolt';
import { DeliveryLog } from './delivery-log.js';
import { skipRepeatedDeliveries } from './skip-repeated-deliveries.js';

/** Global middleware, ahead of every listener. */
export function register(app: App): void {
  app.use(skipRepeatedDeliveries(new DeliveryLog()));
}
