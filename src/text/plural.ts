/** `1 step`, `2 steps`, `22,091 actions`: a count with the noun it counts, thousands separated. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${thousandsSeparated(count)} ${count === 1 ? one : many}`;
}

let numberFormat: Intl.NumberFormat | undefined;

/**
 * What `count.toLocaleString('en-US')` prints. Whole counts are grouped here: the first use of ICU's number
 * formatting in a process costs ~20 ms of CPU, a tenth of a small scan, for what is three digits and a comma.
 */
function thousandsSeparated(count: number): string {
  if (!Number.isSafeInteger(count) || Object.is(count, -0))
    return (numberFormat ??= new Intl.NumberFormat('en-US')).format(count);
  const digits = String(Math.abs(count));
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return count < 0 ? `-${grouped}` : grouped;
}
