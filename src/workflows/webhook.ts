import { createHmac } from 'node:crypto';
import pRetry, { AbortError } from 'p-retry';

export const SIGNATURE_HEADER = 'x-rightsize-signature';
export const TIMESTAMP_HEADER = 'x-rightsize-timestamp';
export const DELIVERY_HEADER = 'x-rightsize-delivery';

/** `v1=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`): the receiver recomputes it over the raw body. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookDelivery {
  url: string;
  secret: string;
  /** The JSON document, already serialised (what is signed is exactly what is sent). */
  body: string;
  /** The same on every attempt, so the receiver can drop a repeat. */
  deliveryId: string;
  timeoutMs: number;
  retries: number;
  /** First wait before a retry; doubles each time (with jitter). */
  backoffMs: number;
  now: () => Date;
}

export interface WebhookResult {
  status: number;
  attempts: number;
}

/**
 * POSTs a signed JSON body. Network errors, timeouts, 429 and 5xx are retried with exponential backoff;
 * any other status is final (a 4xx will not change by asking again).
 */
export async function sendWebhook(delivery: WebhookDelivery): Promise<WebhookResult> {
  let attempts = 0;
  const status = await pRetry(
    async () => {
      attempts++;
      // A fresh timestamp per attempt: receivers reject old ones (as Slack does after 5 minutes).
      const timestamp = Math.floor(delivery.now().getTime() / 1000);
      let response: Response;
      try {
        response = await fetch(delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'rightsize-workflows',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(delivery.secret, timestamp, delivery.body),
            [DELIVERY_HEADER]: delivery.deliveryId,
          },
          body: delivery.body,
          signal: AbortSignal.timeout(delivery.timeoutMs),
          redirect: 'error',
        });
      } catch (e) {
        const reason =
          e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${delivery.timeoutMs} ms` : describe(e);
        throw new Error(reason, { cause: e });
      }
      await response.body?.cancel();
      if (response.ok) return response.status;
      const problem = new Error(`answered HTTP ${response.status}`);
      if (response.status === 429 || response.status >= 500) throw problem;
      throw new AbortError(problem);
    },
    {
      retries: delivery.retries,
      minTimeout: delivery.backoffMs,
      factor: 2,
      randomize: true,
    },
  ).catch((e: unknown) => {
    throw new Error(`${delivery.url} ${describe(e)} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`, {
      cause: e,
    });
  });
  return { status, attempts };
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return e.message === 'fetch failed' ? `could not be reached${cause}` : e.message;
}
