/**
 * A set of catalog actions as a bitset: bit i is action i of the ActionCatalog (architecture.md,
 * "Performance shape"). 22k actions are ~700 32-bit words.
 *
 * Two forms share one class: a *dense* set (every word present; mutable, used as an accumulator)
 * and a *compact* set (only the non-zero words with their indices; immutable). Policies, statements,
 * patterns and per-principal results are stored compact: most hold a handful of actions, so combining
 * them touches a few words instead of 700, and 50k principals' results fit in memory.
 */
export class ActionSet {
  /** Dense: all words. Compact: the non-zero words, in index order. */
  readonly words: Uint32Array;
  /** Compact only: the word index of each entry of `words`. */
  private readonly index: Uint16Array | undefined;
  readonly wordCount: number;
  /** Dense only: words outside [lo, hi) are known to be zero, so sparse work stays sparse. */
  private lo: number;
  private hi: number;

  constructor(
    readonly size: number,
    words?: Uint32Array,
    index?: Uint16Array,
  ) {
    this.wordCount = (size + 31) >>> 5;
    if (this.wordCount > 0xffff) throw new RangeError('ActionSet supports up to 2M actions');
    this.words = words ?? new Uint32Array(this.wordCount);
    this.index = index;
    this.lo = words && !index ? 0 : this.wordCount;
    this.hi = words && !index ? this.wordCount : 0;
  }

  static empty(size: number): ActionSet {
    return new ActionSet(size);
  }

  /** The shared, immutable empty set of a size: no allocation. */
  static none(size: number): ActionSet {
    return emptyCompact(size);
  }

  static full(size: number): ActionSet {
    const set = new ActionSet(size);
    set.words.fill(0xffffffff);
    set.clearTail();
    set.lo = 0;
    set.hi = set.wordCount;
    return set;
  }

  static of(size: number, indices: Iterable<number>): ActionSet {
    const set = new ActionSet(size);
    for (const i of indices) set.add(i);
    return set;
  }

  /**
   * The union of the first `count` of `sets` (compact, of one size) as a compact set. The largest set is
   * read once, in order; the others' words are ORed into an accumulator and noted in a bitmap of word
   * indices, then merged in between. Only words the sets hold are visited, never the range between.
   */
  static unionOf(sets: readonly ActionSet[], count = sets.length): ActionSet {
    if (count === 0) throw new RangeError('unionOf needs at least one set');
    let largest = sets[0]!;
    for (let s = 1; s < count; s++) if (sets[s]!.words.length > largest.words.length) largest = sets[s]!;
    const { size, wordCount } = largest;
    const { index, words, accumulator, touched } = staging(wordCount);
    for (let s = 0; s < count; s++) {
      const set = sets[s]!;
      const from = set.words;
      const at = set.index;
      if (!at || set.size !== size) throw new TypeError('unionOf takes compact sets of one size');
      if (set === largest) continue;
      for (let k = 0; k < from.length; k++) {
        const i = at[k]!;
        accumulator[i]! |= from[k]!;
        touched[i >>> 5]! |= 1 << (i & 31);
      }
    }
    // Stage in index order, emptying the bitmap and the accumulator for next time.
    const lw = largest.words;
    const li = largest.index!;
    let n = 0;
    let k = 0;
    for (let t = 0; t < touched.length; t++) {
      let bits = touched[t]!;
      touched[t] = 0;
      while (bits !== 0) {
        const i = (t << 5) + 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        for (; k < li.length && li[k]! < i; k++, n++) {
          index[n] = li[k]!;
          words[n] = lw[k]!;
        }
        let word = accumulator[i]!;
        accumulator[i] = 0;
        if (k < li.length && li[k] === i) word |= lw[k++]!;
        index[n] = i;
        words[n++] = word;
      }
    }
    for (; k < li.length; k++, n++) {
      index[n] = li[k]!;
      words[n] = lw[k]!;
    }
    return fromStaging(size, n);
  }

  get isCompact(): boolean {
    return this.index !== undefined;
  }

  /** An immutable copy holding only the non-zero words (this set itself when already compact). */
  compact(): ActionSet {
    if (this.index) return this;
    const w = this.words;
    const { index, words } = staging(this.wordCount);
    let n = 0;
    for (let i = this.lo; i < this.hi; i++) {
      const word = w[i]!;
      if (word !== 0) {
        index[n] = i;
        words[n++] = word;
      }
    }
    return fromStaging(this.size, n);
  }

  /** Empties a dense set in place, touching only the words that may be set. */
  clear(): this {
    this.mutable().words.fill(0, this.lo, this.hi);
    this.lo = this.wordCount;
    this.hi = 0;
    return this;
  }

  /** A mutable dense copy. */
  clone(): ActionSet {
    const set = new ActionSet(this.size);
    if (!this.index) {
      set.words.set(this.words);
      set.lo = this.lo;
      set.hi = this.hi;
      return set;
    }
    for (let k = 0; k < this.index.length; k++) set.words[this.index[k]!] = this.words[k]!;
    if (this.index.length > 0) set.touch(this.index[0]!, this.index[this.index.length - 1]! + 1);
    return set;
  }

  has(i: number): boolean {
    return (this.wordAt(i >>> 5) & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    const word = i >>> 5;
    this.mutable().words[word]! |= 1 << (i & 31);
    this.touch(word, word + 1);
  }

  /** In place: this ∪= other. */
  addAll(other: ActionSet): this {
    const a = this.mutable().words;
    const b = other.words;
    if (other.index) {
      if (b.length === 0) return this;
      for (let k = 0; k < b.length; k++) a[other.index[k]!]! |= b[k]!;
      this.touch(other.index[0]!, other.index[b.length - 1]! + 1);
    } else {
      for (let i = other.lo; i < other.hi; i++) a[i]! |= b[i]!;
      this.touch(other.lo, other.hi);
    }
    return this;
  }

  /** In place: this ∩= other. */
  retainAll(other: ActionSet): this {
    const a = this.mutable().words;
    if (other.index) {
      let k = 0;
      for (let i = this.lo; i < this.hi; i++) {
        while (k < other.index.length && other.index[k]! < i) k++;
        if (k < other.index.length && other.index[k] === i) a[i]! &= other.words[k++]!;
        else a[i] = 0;
      }
    } else for (let i = this.lo; i < this.hi; i++) a[i]! &= other.words[i]!;
    return this;
  }

  /** In place: this \= other. */
  removeAll(other: ActionSet): this {
    const a = this.mutable().words;
    const b = other.words;
    if (other.index) for (let k = 0; k < b.length; k++) a[other.index[k]!]! &= ~b[k]!;
    else for (let i = Math.max(this.lo, other.lo); i < Math.min(this.hi, other.hi); i++) a[i]! &= ~b[i]!;
    return this;
  }

  /** In place: every action not in this set, and none that is. */
  invert(): this {
    const a = this.mutable().words;
    for (let i = 0; i < a.length; i++) a[i] = ~a[i]! >>> 0;
    this.clearTail();
    this.lo = 0;
    this.hi = this.wordCount;
    return this;
  }

  union(other: ActionSet): ActionSet {
    return this.clone().addAll(other);
  }

  /** A mutable dense copy of this ∩ other. */
  intersection(other: ActionSet): ActionSet {
    return this.clone().retainAll(other);
  }

  /**
   * this ∩ other as an immutable compact set. Only the words of a compact side are visited (the smaller
   * one when both are), and when that side lies wholly inside the other it is the answer itself.
   */
  intersectCompact(other: ActionSet): ActionSet {
    if (!this.index && !other.index) return this.clone().retainAll(other).compact();
    const thisSide = this.index && (!other.index || this.words.length <= other.words.length);
    return thisSide ? this.masked(other, true) : other.masked(this, true);
  }

  /** this \ other for a compact set, as an immutable compact set: this set itself when nothing is removed. */
  differenceCompact(other: ActionSet): ActionSet {
    if (!this.index) throw new TypeError('differenceCompact needs a compact set; compact() it first');
    if (other.index && other.words.length === 0) return this;
    return this.masked(other, false);
  }

  difference(other: ActionSet): ActionSet {
    return this.clone().removeAll(other);
  }

  isEmpty(): boolean {
    const w = this.words;
    for (let k = 0; k < w.length; k++) if (w[k] !== 0) return false;
    return true;
  }

  intersects(other: ActionSet): boolean {
    return this.overlap(other, true) > 0;
  }

  /** |this ∩ other| without building the intersection. */
  intersectionCount(other: ActionSet): number {
    return this.overlap(other, false);
  }

  /** True when every action of other is in this set. */
  containsAll(other: ActionSet): boolean {
    const b = other.words;
    const bi = other.index;
    const a = this.words;
    const ai = this.index;
    if (bi && ai) {
      // Both compact (words non-zero): each word of other must have its place in this set, found by
      // binary search from the last one, so a small set is checked against a large one in |other|·log steps.
      let k = 0;
      for (let j = 0; j < b.length; j++) {
        k = lowerBound(ai, bi[j]!, k);
        if (k === ai.length || ai[k] !== bi[j] || (b[j]! & ~a[k]!) !== 0) return false;
      }
      return true;
    }
    if (bi) {
      for (let j = 0; j < b.length; j++) if ((b[j]! & ~(a[bi[j]!] ?? 0)) !== 0) return false;
      return true;
    }
    for (let i = other.lo; i < other.hi; i++) if (b[i] !== 0 && (b[i]! & ~this.wordAt(i)) !== 0) return false;
    return true;
  }

  /** Counts the common members; with `stopAtFirst`, 1 as soon as one is found. */
  private overlap(other: ActionSet, stopAtFirst: boolean): number {
    const a = this.words;
    const b = other.words;
    const ai = this.index;
    const bi = other.index;
    let n = 0;
    if (ai && bi)
      return ai.length <= bi.length
        ? compactOverlap(a, ai, b, bi, stopAtFirst)
        : compactOverlap(b, bi, a, ai, stopAtFirst);
    if (ai || bi) {
      const [compact, dense] = ai ? [this, other] : [other, this];
      const cw = compact.words;
      const ci = compact.index!;
      const dw = dense.words;
      for (let k = 0; k < cw.length; k++) {
        const w = cw[k]! & dw[ci[k]!]!;
        if (w !== 0) {
          if (stopAtFirst) return 1;
          n += popcount(w);
        }
      }
      return n;
    }
    const hi = Math.min(this.hi, other.hi);
    for (let i = Math.max(this.lo, other.lo); i < hi; i++) {
      const w = a[i]! & b[i]!;
      if (w !== 0) {
        if (stopAtFirst) return 1;
        n += popcount(w);
      }
    }
    return n;
  }

  equals(other: ActionSet): boolean {
    return this.containsAll(other) && other.containsAll(this);
  }

  count(): number {
    const w = this.words;
    let n = 0;
    for (let k = 0; k < w.length; k++) n += popcount(w[k]!);
    return n;
  }

  /** True when some member lies in [start, end): one service's slice of the catalog. */
  anyInRange(start: number, end: number): boolean {
    if (end <= start) return false;
    const first = start >>> 5;
    const last = (end - 1) >>> 5;
    for (let w = first; w <= last; w++) {
      let word = this.wordAt(w);
      if (word === 0) {
        if (this.index) w = this.nextStoredWord(w) - 1;
        continue;
      }
      if (w === first) word &= 0xffffffff << (start & 31);
      if (w === last && (end & 31) !== 0) word &= 0xffffffff >>> (32 - (end & 31));
      if (word !== 0) return true;
    }
    return false;
  }

  /** The smallest member ≥ from, or -1: walks a sorted catalog service by service. */
  nextMember(from: number): number {
    if (from >= this.size) return -1;
    const first = from >>> 5;
    const w = this.words;
    const index = this.index;
    if (index) {
      for (let k = lowerBound(index, first, 0); k < index.length; k++) {
        const word = index[k] === first ? w[k]! & (0xffffffff << (from & 31)) : w[k]!;
        if (word !== 0) return (index[k]! << 5) + 31 - Math.clz32(word & -word);
      }
      return -1;
    }
    for (let k = Math.max(first, this.lo); k < this.hi; k++) {
      const word = k === first ? w[k]! & (0xffffffff << (from & 31)) : w[k]!;
      if (word !== 0) return (k << 5) + 31 - Math.clz32(word & -word);
    }
    return -1;
  }

  /**
   * The ranges holding members, of a partition of [0, size) into consecutive ranges given by their
   * first indices (`starts`, ascending from 0): the catalog's services. Range positions, ascending.
   * One pass over the stored words, skipping the rest of a range once it has a member; it stops
   * once `limit` ranges are found.
   */
  rangesWithMembers(starts: Uint32Array, limit = Infinity): number[] {
    const found: number[] = [];
    const w = this.words;
    const index = this.index;
    let range = -1;
    let end = 0; // one past the last index of `range`
    for (let k = index ? 0 : this.lo, stop = index ? w.length : this.hi; k < stop; k++) {
      const base = (index ? index[k]! : k) << 5;
      let word = w[k]! | 0;
      if (end > base) word = end - base >= 32 ? 0 : word & (0xffffffff << (end - base));
      while (word !== 0) {
        const member = base + 31 - Math.clz32(word & -word);
        while (range + 1 < starts.length && starts[range + 1]! <= member) range++;
        if (found.push(range) >= limit) return found;
        end = range + 1 < starts.length ? starts[range + 1]! : this.size;
        word = end - base >= 32 ? 0 : word & (0xffffffff << (end - base));
      }
    }
    return found;
  }

  /** Counts the members in [start, end), e.g. one service's slice of the catalog. */
  countRange(start: number, end: number): number {
    let n = 0;
    for (let i = start; i < end; i++) if (this.has(i)) n++;
    return n;
  }

  /** The members in ascending order: what iterating gives, without an iterator object per step. */
  members(): number[] {
    const found: number[] = [];
    const b = this.words;
    for (let k = 0; k < b.length; k++) {
      let w = b[k]!;
      const base = (this.index ? this.index[k]! : k) << 5;
      while (w !== 0) {
        found.push(base + 31 - Math.clz32(w & -w));
        w &= w - 1;
      }
    }
    return found;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const b = this.words;
    for (let k = 0; k < b.length; k++) {
      let w = b[k]!;
      const base = (this.index ? this.index[k]! : k) << 5;
      while (w !== 0) {
        yield base + 31 - Math.clz32(w & -w);
        w &= w - 1;
      }
    }
  }

  /** An exact key of the contents (equal sets, equal keys; no collisions): for small sets. */
  contentKey(): string {
    let key = '';
    const b = this.words;
    for (let k = 0; k < b.length; k++)
      if (b[k] !== 0) key += `${(this.index ? this.index[k]! : k).toString(36)}:${b[k]!.toString(36)},`;
    return key;
  }

  /** A short key for memoising on set contents. */
  fingerprint(): string {
    let h1 = 0x811c9dc5;
    let h2 = 0;
    const b = this.words;
    for (let k = 0; k < b.length; k++) {
      const w = b[k]!;
      if (w === 0) continue;
      const i = this.index ? this.index[k]! : k;
      h1 = Math.imul(h1 ^ w ^ i, 0x01000193);
      h2 = (h2 + Math.imul(w, i + 1)) | 0;
    }
    return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${this.count()}`;
  }

  /**
   * Compact only: each word ANDed with other's word at the same index (keepCommon) or with its
   * complement, zero words dropped. This set itself when no word changes.
   */
  private masked(other: ActionSet, keepCommon: boolean): ActionSet {
    const a = this.words;
    const ai = this.index!;
    const b = other.words;
    const bi = other.index;
    const { index, words } = staging(this.wordCount);
    let n = 0;
    let changed = false;
    for (let k = 0, j = 0; k < a.length; k++) {
      const at = ai[k]!;
      let theirs: number;
      if (bi) {
        // Both compact: walk other's indices alongside ours.
        j = lowerBound(bi, at, j);
        theirs = j < bi.length && bi[j] === at ? b[j]! : 0;
      } else theirs = b[at]!;
      const mine = a[k]! | 0;
      const w = keepCommon ? mine & theirs : mine & ~theirs;
      if (w !== mine) changed = true;
      if (w !== 0) {
        index[n] = at;
        words[n++] = w;
      }
    }
    return changed ? fromStaging(this.size, n) : this;
  }

  /** The word at index i, whatever the form. */
  private wordAt(i: number): number {
    const index = this.index;
    if (!index) return this.words[i] ?? 0;
    const k = lowerBound(index, i, 0);
    return k < index.length && index[k] === i ? this.words[k]! : 0;
  }

  /** Compact only: the smallest stored word index above w (or wordCount). */
  private nextStoredWord(w: number): number {
    const index = this.index!;
    const k = lowerBound(index, w + 1, 0);
    return k < index.length ? index[k]! : this.wordCount;
  }

  private touch(lo: number, hi: number): void {
    if (lo < this.lo) this.lo = lo;
    if (hi > this.hi) this.hi = hi;
  }

  private mutable(): this {
    if (this.index) throw new TypeError('a compact ActionSet is immutable; clone() it first');
    return this;
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0) this.words[this.words.length - 1]! &= 0xffffffff >>> extra;
  }
}

/**
 * Builds the union of compact sets. Most unions in an organisation add a few narrow sets to one broad
 * set that already holds them (a read-only or administrator policy plus scoped extras): then the union
 * is that set itself, shared, with nothing accumulated or copied.
 */
export class CompactUnion {
  /** parts[0, count): a count rather than the array's length, which V8 would shrink to nothing on reset. */
  private readonly parts: ActionSet[] = [];
  private count = 0;
  private largest: ActionSet | undefined;

  constructor(readonly size: number) {}

  add(set: ActionSet): void {
    if (!set.isCompact) throw new TypeError('CompactUnion takes compact sets');
    if (set.words.length === 0) return;
    this.parts[this.count++] = set;
    if (!this.largest || set.words.length > this.largest.words.length) this.largest = set;
  }

  /** Forgets the sets added since the last take. */
  reset(): void {
    this.count = 0;
    this.largest = undefined;
  }

  /** The union of the sets added since the last take, as a compact set; the builder starts afresh. */
  take(): ActionSet {
    const { parts, count, largest } = this;
    let union: ActionSet;
    if (!largest) union = ActionSet.none(this.size);
    else if (holdsAll(largest, parts, count)) union = largest;
    else union = ActionSet.unionOf(parts, count);
    this.reset();
    return union;
  }
}

function holdsAll(set: ActionSet, others: readonly ActionSet[], count: number): boolean {
  for (let i = 0; i < count; i++) if (others[i] !== set && !set.containsAll(others[i]!)) return false;
  return true;
}

/**
 * overlap() of two compact sets: walks the smaller one's words and gallops through the larger's, so a
 * rule's short action list against a principal's hundreds of words costs a few steps per word of the list.
 */
function compactOverlap(
  small: Uint32Array,
  smallIndex: Uint16Array,
  large: Uint32Array,
  largeIndex: Uint16Array,
  stopAtFirst: boolean,
): number {
  let n = 0;
  for (let k = 0, j = 0; k < small.length && j < large.length; k++) {
    j = lowerBound(largeIndex, smallIndex[k]!, j);
    if (j < large.length && largeIndex[j] === smallIndex[k]) {
      const w = small[k]! & large[j]!;
      if (w !== 0) {
        if (stopAtFirst) return 1;
        n += popcount(w);
      }
    }
  }
  return n;
}

function popcount(w: number): number {
  w = w - ((w >>> 1) & 0x55555555);
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The first position at or after `from` whose word index is ≥ i (index.length when none is). Gallops
 * from `from`, then bisects: a merge walk finds nearby positions in a step or two, far ones in log time.
 */
function lowerBound(index: Uint16Array, i: number, from: number): number {
  let lo = from;
  let hi = from;
  for (let step = 1; hi < index.length && index[hi]! < i; step *= 2) {
    lo = hi + 1;
    hi += step;
  }
  if (hi > index.length) hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const emptyBySize = new Map<number, ActionSet>();

/** One shared empty compact set per catalog size: most Deny and boundary results are empty. */
function emptyCompact(size: number): ActionSet {
  let empty = emptyBySize.get(size);
  if (!empty) emptyBySize.set(size, (empty = new ActionSet(size, new Uint32Array(0), new Uint16Array(0))));
  return empty;
}

interface Staging {
  /** A compact set's words and their indices, assembled before they are copied to storage. */
  index: Uint16Array;
  words: Uint32Array;
  /** unionOf's dense accumulator and its bitmap of touched words: all zero between uses. */
  accumulator: Uint32Array;
  touched: Uint32Array;
}

const stagingByWordCount = new Map<number, Staging>();

/** Working arrays for sets of wordCount words, shared by every operation (none of them nests). */
function staging(wordCount: number): Staging {
  let buffer = stagingByWordCount.get(wordCount);
  if (!buffer)
    stagingByWordCount.set(
      wordCount,
      (buffer = {
        index: new Uint16Array(wordCount),
        words: new Uint32Array(wordCount),
        accumulator: new Uint32Array(wordCount),
        touched: new Uint32Array((wordCount + 31) >>> 5),
      }),
    );
  return buffer;
}

/** A compact set of the first n staged words (staged for a set of this size). */
function fromStaging(size: number, n: number): ActionSet {
  if (n === 0) return emptyCompact(size);
  return slabs.store(size, staging((size + 31) >>> 5), n);
}

/**
 * Storage for compact sets. A typed array larger than a few dozen bytes gets its own off-heap backing
 * store, whose allocation and later sweeping cost more than filling it, and a scan builds tens of
 * thousands of sets of hundreds of words. They are carved out of shared slabs instead. A slab is freed
 * once no set in it is reachable, so a set outliving the others pins at most one slab.
 */
class SlabStorage {
  private slab = new ArrayBuffer(0);
  private used = 0;

  constructor(private readonly slabBytes: number) {}

  /** The first n staged words and their indices, side by side in a slab, as a compact set. */
  store(size: number, staged: Staging, n: number): ActionSet {
    // Indices padded to 4 bytes, so that the next set's words stay aligned.
    const bytes = n * 4 + ((n * 2 + 3) & ~3);
    let buffer: ArrayBuffer;
    let at = 0;
    if (bytes > this.slabBytes / 8) buffer = new ArrayBuffer(bytes);
    else {
      if (this.used + bytes > this.slab.byteLength) {
        this.slab = new ArrayBuffer(this.slabBytes);
        this.used = 0;
      }
      buffer = this.slab;
      at = this.used;
      this.used += bytes;
    }
    const words = new Uint32Array(buffer, at, n);
    const index = new Uint16Array(buffer, at + n * 4, n);
    // A loop, not set(subarray()): no temporary views for the collector.
    for (let k = 0; k < n; k++) {
      words[k] = staged.words[k]!;
      index[k] = staged.index[k]!;
    }
    return new ActionSet(size, words, index);
  }
}

const slabs = new SlabStorage(256 * 1024);
