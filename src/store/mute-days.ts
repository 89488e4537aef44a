/** A mute is temporary by design: at most a year, so an accepted risk is looked at again. */
export const MAX_MUTE_DAYS = 365;

/** The days of a mute as typed (command line, slash command or form), or the problem with them. */
export function parseMuteDays(text: string): number | { problem: string } {
  const trimmed = text.trim();
  const days = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || days < 1 || days > MAX_MUTE_DAYS)
    return { problem: `days must be a whole number from 1 to ${MAX_MUTE_DAYS} (got "${trimmed}")` };
  return days;
}
