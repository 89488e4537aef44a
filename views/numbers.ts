/** Numbers as every Rightsize view writes them: thousands separated, shares to one decimal. */

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A share as a percentage with one decimal; a share too small to show as 0.1% says so instead of "0.0%". */
export function share(part: number): string {
  if (part <= 0) return '0%';
  if (part >= 1) return '100%';
  if (part < 0.001) return 'under 0.1%';
  if (part > 0.999) return 'over 99.9%';
  return `${(part * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

/** A share of something counted: the engine rounds shares to 0.1%, so a count above 0 never reads "0%". */
export function shareOfCount(part: number, counted: number): string {
  return counted > 0 && part < 0.001 ? 'under 0.1%' : share(part);
}
