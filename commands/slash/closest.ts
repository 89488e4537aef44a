import { distance } from 'fastest-levenshtein';

/**
 * The name a typo most likely meant: the nearest by edit distance, within a third of its length (at least 1, at
 * most 3), or the only name that starts with what was typed. Undefined when nothing is that close.
 */
export function closestName(typed: string, names: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  if (!word) return undefined;
  const starting = names.filter((n) => n.startsWith(word));
  if (starting.length === 1) return starting[0];
  const allowed = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = distance(word, name);
    if (d <= allowed && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}
