/** Counts AWS API calls (operations) and HTTP requests (attempts, retries included), per `service:Operation`. */
export class ApiCallCounter {
  readonly calls = new Map<string, number>();
  readonly requests = new Map<string, number>();

  recordCall(api: string): void {
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
  }

  recordRequest(api: string): void {
    this.requests.set(api, (this.requests.get(api) ?? 0) + 1);
  }

  get totalCalls(): number {
    return sum(this.calls);
  }

  get totalRequests(): number {
    return sum(this.requests);
  }

  /** Calls per API, most frequent first. */
  byApi(): { api: string; calls: number; requests: number }[] {
    return [...this.calls]
      .map(([api, calls]) => ({ api, calls, requests: this.requests.get(api) ?? 0 }))
      .sort((a, b) => b.calls - a.calls || a.api.localeCompare(b.api));
  }
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

/** "IAMClient" + "GetAccountAuthorizationDetailsCommand" → "iam:GetAccountAuthorizationDetails". */
export function apiName(clientName: string | undefined, commandName: string | undefined): string {
  const service = (clientName ?? 'unknown').replace(/Client$/, '').toLowerCase();
  return `${service}:${(commandName ?? 'unknown').replace(/Command$/, '')}`;
}
