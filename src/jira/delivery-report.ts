import type { DeliveryReport } from './jira-service.js';

/** One line per delivered or failed request, and what is still waiting: for logs and the CLI. */
export function describeDelivery(report: DeliveryReport): string[] {
  const lines = [
    ...report.delivered.map((d) => `${d.request.findingId}: ${d.detail}`),
    ...report.failed.map(
      (f) =>
        `${f.request.findingId}: ${f.request.kind} kept for retry (attempt ${f.request.attempts}, next ${f.request.nextAttemptAt}): ${f.error.message}${f.error.hint ? ` (${f.error.hint})` : ''}`,
    ),
  ];
  if (report.pending > 0) lines.push(`${report.pending} Jira request(s) waiting`);
  return lines;
}
