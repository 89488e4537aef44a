import { describe, expect, it } from 'vitest';
import { ActionSet, CompactUnion } from './action-set.js';

describe('ActionSet', () => {
  it('adds, tests and counts members across word boundaries', () => {
    const set = ActionSet.of(100, [0, 31, 32, 63, 64, 99]);
    expect([...set]).toEqual([0, 31, 32, 63, 64, 99]);
    expect(set.members()).toEqual([0, 31, 32, 63, 64, 99]);
    expect(set.compact().members()).toEqual([0, 31, 32, 63, 64, 99]);
    expect(set.count()).toBe(6);
    expect(set.has(31)).toBe(true);
    expect(set.has(30)).toBe(false);
  });

  it('keeps a full set within its size so counts and complements are exact', () => {
    expect(ActionSet.full(70).count()).toBe(70);
    expect(ActionSet.of(70, [1, 69]).invert().count()).toBe(68);
    expect([...ActionSet.empty(70).invert()].at(-1)).toBe(69);
  });

  it('combines sets: union, intersection, difference, containment', () => {
    const a = ActionSet.of(64, [1, 2, 3, 40]);
    const b = ActionSet.of(64, [3, 40, 41]);
    expect([...a.union(b)]).toEqual([1, 2, 3, 40, 41]);
    expect([...a.intersection(b)]).toEqual([3, 40]);
    expect([...a.difference(b)]).toEqual([1, 2]);
    expect(a.containsAll(ActionSet.of(64, [1, 40]))).toBe(true);
    expect(a.containsAll(b)).toBe(false);
    expect(a.intersects(b)).toBe(true);
    expect(ActionSet.of(64, [5]).intersects(b)).toBe(false);
  });

  it('agrees with plain sets on overlap and containment in every pairing of dense and compact forms', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const size = 900;
    for (let round = 0; round < 200; round++) {
      // Sparse members in a few words, so the compact forms skip words and the dense ones have a range.
      const pick = () => {
        const base = Math.floor(random() * 20) * 32;
        return Array.from({ length: Math.floor(random() * 12) }, () =>
          Math.min(size - 1, base + Math.floor(random() * 200)),
        );
      };
      const left = pick();
      const right = random() < 0.3 ? left.filter(() => random() < 0.5) : pick();
      const both = [...new Set(left.filter((i) => right.includes(i)))].sort((x, y) => x - y);
      const common = both.length;
      const contains = right.every((i) => left.includes(i));
      for (const a of [ActionSet.of(size, left), ActionSet.of(size, left).compact()])
        for (const b of [ActionSet.of(size, right), ActionSet.of(size, right).compact()]) {
          expect(a.intersectionCount(b)).toBe(common);
          expect([...a.intersection(b)]).toEqual(both);
          expect([...a.intersectCompact(b)]).toEqual(both);
          if (a.isCompact)
            expect([...a.differenceCompact(b)]).toEqual(
              [...new Set(left)].filter((i) => !right.includes(i)).sort((x, y) => x - y),
            );
          expect(a.intersects(b)).toBe(common > 0);
          expect(a.containsAll(b)).toBe(contains);
          const from = Math.floor(random() * size);
          const next = [...new Set(left)].filter((i) => i >= from).sort((x, y) => x - y)[0] ?? -1;
          expect(a.nextMember(from)).toBe(next);
        }
    }
  });

  it('counts a range, as used for one service of the catalog', () => {
    expect(ActionSet.of(100, [10, 11, 50, 90]).countRange(10, 51)).toBe(3);
  });

  it('gives equal sets equal fingerprints and different sets different ones', () => {
    expect(ActionSet.of(800, [1, 700]).fingerprint()).toBe(ActionSet.of(800, [700, 1]).fingerprint());
    expect(ActionSet.of(800, [1, 700]).fingerprint()).not.toBe(ActionSet.of(800, [1, 701]).fingerprint());
    expect(ActionSet.of(800, [1, 700]).contentKey()).toBe(ActionSet.of(800, [700, 1]).compact().contentKey());
    expect(ActionSet.of(800, [1, 700]).contentKey()).not.toBe(ActionSet.of(800, [1, 701]).contentKey());
  });
});

describe('compact results', () => {
  const size = 2000;
  const compact = (...indices: number[]) => ActionSet.of(size, indices).compact();

  it('are the input itself when an intersection or difference changes nothing', () => {
    const narrow = compact(3, 40, 1500);
    const broad = compact(1, 3, 40, 41, 1500, 1999);
    expect(narrow.intersectCompact(broad)).toBe(narrow);
    expect(broad.intersectCompact(narrow)).toBe(narrow);
    expect(narrow.differenceCompact(compact(4, 1501))).toBe(narrow);
    expect(narrow.differenceCompact(ActionSet.none(size))).toBe(narrow);
    expect([...broad.intersectCompact(compact(3, 1999))]).toEqual([3, 1999]);
    expect([...broad.differenceCompact(compact(3, 1999))]).toEqual([1, 40, 41, 1500]);
  });

  it('finds containment between compact sets far apart and close together', () => {
    const spread = ActionSet.of(
      size,
      Array.from({ length: 60 }, (_, i) => i * 33),
    ).compact();
    expect(spread.containsAll(compact(0, 33 * 59))).toBe(true);
    expect(spread.containsAll(compact(0, 33 * 59 + 1))).toBe(false);
    expect(spread.containsAll(compact(34))).toBe(false);
    expect(compact(5).containsAll(spread)).toBe(false);
  });

  it('stay intact when many are stored, across storage slabs', () => {
    const sets = Array.from({ length: 1000 }, (_, i) =>
      ActionSet.of(
        size,
        Array.from({ length: 60 }, (_, k) => (k * 32 + i) % size),
      ).compact(),
    );
    sets.forEach((set, i) => {
      expect(set.count()).toBe(60);
      expect(set.has((59 * 32 + i) % size)).toBe(true);
    });
    expect(
      ActionSet.full(size * 40)
        .compact()
        .count(),
    ).toBe(size * 40);
  });
});

describe('CompactUnion', () => {
  const size = 300;
  const compact = (...indices: number[]) => ActionSet.of(size, indices).compact();
  const union = new CompactUnion(size);

  it('is the set that already holds all the others, with nothing copied', () => {
    const broad = compact(1, 2, 3, 100, 200);
    union.add(compact(2, 100));
    union.add(broad);
    union.add(compact(200));
    expect(union.take()).toBe(broad);
  });

  it('accumulates when no set holds the others, and starts afresh after each take', () => {
    union.add(compact(1, 2));
    union.add(compact(2, 299));
    union.add(ActionSet.none(size));
    const both = union.take();
    expect(both.isCompact).toBe(true);
    expect([...both]).toEqual([1, 2, 299]);
    expect([...union.take()]).toEqual([]);
    union.add(compact(7));
    union.reset();
    union.add(compact(8));
    expect([...union.take()]).toEqual([8]);
  });

  it('unionOf agrees with adding each set to a dense one', () => {
    const sets = [compact(0, 31, 32), compact(5, 299), compact(31, 64, 100), compact(299)];
    const dense = ActionSet.empty(size);
    for (const set of sets) dense.addAll(set);
    expect([...ActionSet.unionOf(sets)]).toEqual([...dense]);
    expect([...ActionSet.unionOf(sets, 2)]).toEqual([0, 5, 31, 32, 299]);
    // The working arrays are left empty: a second union starts clean.
    expect([...ActionSet.unionOf([compact(7)])]).toEqual([7]);
    expect(() => ActionSet.unionOf([ActionSet.of(size, [1])])).toThrow(TypeError);
  });

  it('unionOf agrees with a dense union on random sets of different sizes', () => {
    let seed = 3;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 100; round++) {
      const sets = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
        compact(...Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * size))),
      ).filter((set) => set.words.length > 0);
      if (sets.length === 0) continue;
      const dense = ActionSet.empty(size);
      for (const set of sets) dense.addAll(set);
      expect([...ActionSet.unionOf(sets)]).toEqual([...dense]);
    }
  });

  it('takes compact sets only', () => {
    expect(() => union.add(ActionSet.of(size, [1]))).toThrow(TypeError);
  });
});

describe('ActionSet.rangesWithMembers', () => {
  it('agrees with a range-by-range check on random partitions and sets, dense and compact', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const size = 700;
    for (let round = 0; round < 200; round++) {
      // Ranges from 1 to ~80 indices long, so some share a word and some span several.
      const starts = [0];
      while (starts.at(-1)! < size) starts.push(starts.at(-1)! + 1 + Math.floor(random() ** 3 * 80));
      starts.pop();
      const members = Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * size));
      const set = ActionSet.of(size, members);
      const expected = starts
        .map((start, r) => [start, starts[r + 1] ?? size] as const)
        .flatMap(([start, end], r) => (set.anyInRange(start, end) ? [r] : []));
      expect(set.rangesWithMembers(Uint32Array.from(starts))).toEqual(expected);
      expect(set.compact().rangesWithMembers(Uint32Array.from(starts))).toEqual(expected);
    }
    expect(ActionSet.full(size).rangesWithMembers(Uint32Array.from([0, 31, 32, 600]))).toEqual([0, 1, 2, 3]);
  });
});

describe('ActionSet.anyInRange', () => {
  it('finds members inside a range in dense and compact forms, across word boundaries', () => {
    for (const set of [ActionSet.of(200, [5, 70, 150]), ActionSet.of(200, [5, 70, 150]).compact()]) {
      expect(set.anyInRange(0, 5)).toBe(false);
      expect(set.anyInRange(0, 6)).toBe(true);
      expect(set.anyInRange(6, 70)).toBe(false);
      expect(set.anyInRange(6, 71)).toBe(true);
      expect(set.anyInRange(71, 150)).toBe(false);
      expect(set.anyInRange(100, 200)).toBe(true);
      expect(set.anyInRange(151, 200)).toBe(false);
      expect(set.anyInRange(10, 10)).toBe(false);
    }
  });
});
