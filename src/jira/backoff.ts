const BASE_MS = 60_000;
const CAP_MS = 6 * 60 * 60_000;

/**
 * When to try a failed Jira request again: 1 min after the first failure, doubling up to 6 h, never sooner than
 * Jira's Retry-After. The schedule is stored with the request (it must survive a restart), which is why this is a
 * formula and not an in-process retry library.
 */
export function nextAttemptAt(now: Date, attempts: number, retryAfterMs = 0): Date {
  const backoff = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + Math.max(backoff, retryAfterMs));
}
