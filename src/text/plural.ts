/** `1 step`, `2 steps`, `22,091 actions`: a count with the noun it counts, thousands separated. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
