/**
 * Deterministic randomness for the synthetic organisation: a seeded mulberry32 generator with the few
 * helpers the generator needs, and a Zipf sampler for "a few items are very popular" distributions.
 * No Math.random anywhere, so the same seed always gives the same snapshot.
 */
export type WeightedChoices<T> = readonly (readonly [T, number])[];

export const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const HEX = '0123456789abcdef';

/** mulberry32: tiny, fast, good enough for synthetic data, and reproducible across Node versions. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream for one section, so changing one section never reshuffles the others. */
  fork(label: string): Rng {
    let h = this.state ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng(h);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(choices: WeightedChoices<T>): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [value, w] of choices) if ((r -= w) < 0) return value;
    return choices[choices.length - 1]![0];
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const k = Math.min(count, copy.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, k);
  }

  shuffle<T>(items: T[]): T[] {
    return this.sample(items, items.length);
  }

  chars(length: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  /** IAM unique id: a 4-letter type prefix (AIDA user, AROA role, ...) and 17 more characters. */
  iamId(prefix: string): string {
    return prefix + this.chars(17, ID_ALPHABET);
  }

  uuid(): string {
    const h = this.chars(32, HEX);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** A time between `fromMs` and `toMs`. */
  time(fromMs: number, toMs: number): number {
    return fromMs + Math.floor(this.next() * (toMs - fromMs));
  }
}

/** Picks ranks 0..n-1 with probability ∝ 1/(rank+1)^exponent. */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(n: number, exponent: number) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) this.cumulative[i] = total += 1 / Math.pow(i + 1, exponent);
    for (let i = 0; i < n; i++) this.cumulative[i]! /= total;
  }

  sample(rng: Rng): number {
    const r = rng.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `count` distinct ranks. */
  sampleDistinct(rng: Rng, count: number): number[] {
    const picked = new Set<number>();
    const limit = Math.min(count, this.cumulative.length);
    for (let attempts = 0; picked.size < limit && attempts < limit * 20; attempts++) picked.add(this.sample(rng));
    return [...picked];
  }
}
