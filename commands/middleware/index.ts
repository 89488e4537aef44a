import type { App } from '@slack/bolt';
import type { KnownRoutes } from '../routes.js';
import { answerUnknown } from './answer-unknown.js';
import { DeliveryLog } from './delivery-log.js';
import { skipRepeatedDeliveries } from './skip-repeated-deliveries.js';

/** Global middleware, ahead of every listener. */
export function register(app: App, routes: KnownRoutes): void {
  app.use(skipRepeatedDeliveries(new DeliveryLog()));
  app.use(answerUnknown(routes));
}
