import { validateDetailed } from 'node-cron';

/**
 * Why node-cron would refuse a cron expression, or undefined when it accepts it. node-cron takes five fields
 * (minute hour day-of-month month day-of-week) or six (seconds first).
 */
export function cronExpressionProblem(expression: string): string | undefined {
  const result = validateDetailed(expression);
  if (result.valid) return undefined;
  const details = result.errors.map((e) => e.message).join('; ') || 'unreadable';
  return `not a cron expression (${details}); e.g. "0 6 * * 1-5" is 06:00 on weekdays`;
}

/** Why a time zone is not an IANA zone name Node knows, or undefined when it is one. */
export function timeZoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone "${zone}"; use an IANA name such as "UTC" or "Europe/Berlin"`;
  }
}
