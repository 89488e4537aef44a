/**
 * Remembers which Slack deliveries were handled, so a retry (X-Slack-Retry-Num, a Socket Mode
 * redelivery) of an event, command or click that already ran is not run twice. Bounded: Slack retries
 * within minutes, so the oldest keys are forgotten first.
 */
export class DeliveryLog {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** True the first time a key is offered. */
  firstDelivery(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
