/**
 * A set of catalog actions as a bitset: bit i is action i of the ActionCatalog.
 * 23k actions fit in ~720 32-bit words, so union/intersection of whole policies is a few
 * hundred word operations instead of string comparisons (architecture.md, "Performance shape").
 */
export class ActionSet {
  readonly words: Uint32Array;

  constructor(
    readonly size: number,
    words?: Uint32Array,
  ) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static empty(size: number): ActionSet {
    return new ActionSet(size);
  }

  static full(size: number): ActionSet {
    const set = new ActionSet(size);
    set.words.fill(0xffffffff);
    set.clearTail();
    return set;
  }

  static range(size: number, start: number, end: number): ActionSet {
    const set = new ActionSet(size);
    for (let i = start; i < end; i++) set.add(i);
    return set;
  }

  static of(size: number, indices: Iterable<number>): ActionSet {
    const set = new ActionSet(size);
    for (const i of indices) set.add(i);
    return set;
  }

  clone(): ActionSet {
    return new ActionSet(this.size, this.words.slice());
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  /** In place: this ∪= other. */
  addAll(other: ActionSet): this {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! |= b[i]!;
    return this;
  }

  /** In place: this ∩= other. */
  retainAll(other: ActionSet): this {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! &= b[i]!;
    return this;
  }

  /** In place: this \= other. */
  removeAll(other: ActionSet): this {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! &= ~b[i]!;
    return this;
  }

  /** In place: every action not in this set, and none that is. */
  invert(): this {
    const a = this.words;
    for (let i = 0; i < a.length; i++) a[i] = ~a[i]! >>> 0;
    this.clearTail();
    return this;
  }

  union(other: ActionSet): ActionSet {
    return this.clone().addAll(other);
  }

  intersection(other: ActionSet): ActionSet {
    return this.clone().retainAll(other);
  }

  difference(other: ActionSet): ActionSet {
    return this.clone().removeAll(other);
  }

  isEmpty(): boolean {
    for (const w of this.words) if (w !== 0) return false;
    return true;
  }

  intersects(other: ActionSet): boolean {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) if ((a[i]! & b[i]!) !== 0) return true;
    return false;
  }

  /** True when every action of other is in this set. */
  containsAll(other: ActionSet): boolean {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) if ((b[i]! & ~a[i]!) !== 0) return false;
    return true;
  }

  equals(other: ActionSet): boolean {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  count(): number {
    let n = 0;
    for (let w of this.words) {
      // Hamming weight, branch-free.
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  /** Counts the members in [start, end), e.g. one service's slice of the catalog. */
  countRange(start: number, end: number): number {
    let n = 0;
    for (let i = start; i < end; i++) if (this.has(i)) n++;
    return n;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const a = this.words;
    for (let wi = 0; wi < a.length; wi++) {
      let w = a[wi]!;
      while (w !== 0) {
        const bit = 31 - Math.clz32(w & -w);
        yield (wi << 5) + bit;
        w &= w - 1;
      }
    }
  }

  /** A short key for memoising on set contents. */
  fingerprint(): string {
    let h1 = 0x811c9dc5;
    let h2 = 0;
    for (let i = 0; i < this.words.length; i++) {
      const w = this.words[i]!;
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h2 = (h2 + Math.imul(w, i + 1)) | 0;
    }
    return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${this.count()}`;
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0) this.words[this.words.length - 1]! &= 0xffffffff >>> extra;
  }
}
