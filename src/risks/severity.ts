import { SEVERITIES, type Severity } from './types.js';

/** One step less severe (low stays low): for conditional grants, assumptions, groups without members. */
export function lower(severity: Severity, steps = 1): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(severity) + steps)]!;
}

/** One step more severe (critical stays critical): for exposed compute, public trust. */
export function raise(severity: Severity, steps = 1): Severity {
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(severity) - steps)]!;
}
