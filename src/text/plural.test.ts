import { describe, expect, it } from 'vitest';
import { plural } from './plural.js';

describe('plural', () => {
  it('prints every count as toLocaleString("en-US") does, then the noun in its number', () => {
    const counts = [0, 1, -1, 7, 999, 1000, -1000, 1001, 22_091, 100_000, 1_234_567, -9_876_543, 2 ** 53, 1.5, -0];
    counts.push(Number.MAX_SAFE_INTEGER, 1e21, NaN, Infinity);
    for (let digits = 1; digits <= 15; digits++) counts.push(Number('9'.repeat(digits)), 10 ** digits);
    for (const count of counts)
      expect(plural(count, 'day')).toBe(`${count.toLocaleString('en-US')} ${count === 1 ? 'day' : 'days'}`);
  });

  it('takes an irregular plural', () => {
    expect(plural(1, 'policy', 'policies')).toBe('1 policy');
    expect(plural(1500, 'policy', 'policies')).toBe('1,500 policies');
  });
});
