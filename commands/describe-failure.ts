import { RightsizeError } from '../src/errors.js';

/** What to tell a person when their request failed: the error's own words and hint, or a generic apology. */
export function describeFailure(e: unknown, what: string): { text: string; hint?: string } {
  if (e instanceof RightsizeError) return { text: `${what}: ${e.message}`, ...(e.hint && { hint: e.hint }) };
  return { text: `${what} failed unexpectedly.`, hint: "The app's log has the details; please try again." };
}
