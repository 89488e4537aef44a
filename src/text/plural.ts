// Made on first use and kept: toLocaleString builds a formatter on every call, and a scan makes thousands of them.
let thousands: Intl.NumberFormat | undefined;

/** `1 step`, `2 steps`, `22,091 actions`: a count with the noun it counts, thousands separated. */
export function plural(count: number, one: string, many = `${one}s`): string {
  // Below a thousand there is no separator to place (-0 is the one count String writes otherwise).
  const shown =
    Number.isInteger(count) && count >= 0 && count < 1000 && !Object.is(count, -0)
      ? String(count)
      : (thousands ??= new Intl.NumberFormat('en-US')).format(count);
  return `${shown} ${count === 1 ? one : many}`;
}
