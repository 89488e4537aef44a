import type { Principal } from '../../snapshot/index.js';
import type { EscalationMethod } from './methods.js';

/**
 * Resource-pattern plans and candidate positions: how the escalation graph decides, without a request
 * per candidate, which roles, users or policies a principal may act on (see connect.ts, target-lists.ts).
 */

/** Resource patterns an Allow grants: the patterns, and for each Allow NotResource "all but these". */
export interface Grant {
  patterns: string[];
  except: string[][];
}

/** Where a principal may perform an action, as Resource patterns (see plainPatterns). */
export interface Plan {
  allow: Grant;
  conditional: Grant;
  deny: string[];
  within: string[][];
}

/** "*" absorbs everything; otherwise sorted and without repeats, so equal lists give equal keys. */
export function normalisePatterns(patterns: readonly string[]): string[] {
  return patterns.includes('*') ? ['*'] : [...new Set(patterns)].sort();
}

/**
 * ${aws:username} is the user's own name; for a group (each member's own) and a role (no user name, so
 * the element matches nothing) the pattern reaches no other principal. Other variables: undefined.
 */
export function substituteUsername(resources: readonly string[], principal: Principal): readonly string[] | undefined {
  if (!resources.some((r) => r.includes('${'))) return resources;
  const out: string[] = [];
  for (const r of resources) {
    const rest = r.replace(/\$\{aws:username\}/gi, '');
    if (rest.includes('${')) return undefined;
    if (r === rest) out.push(r);
    else if (principal.kind === 'user') out.push(r.replace(/\$\{aws:username\}/gi, principal.name));
  }
  return out;
}

/** Candidate positions: sorted, or every candidate. */
export type Positions = Int32Array | 'all';

export function contains(positions: Positions, i: number): boolean {
  if (positions === 'all') return true;
  let lo = 0;
  let hi = positions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = positions[mid]!;
    if (v === i) return true;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function expand(positions: Positions, n: number): readonly number[] {
  return positions === 'all' ? Array.from({ length: n }, (_, i) => i) : Array.from(positions);
}

export function fromFlags(flags: Uint8Array): Positions {
  let count = 0;
  for (const f of flags) count += f;
  if (count === flags.length) return 'all';
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < flags.length; i++) if (flags[i]) out[k++] = i;
  return out;
}

/** A short key for a set of candidate positions. */
export function fingerprint(positions: readonly number[]): string {
  if (positions.length <= 32) return positions.join(',');
  let h = 0x811c9dc5;
  for (const p of positions) h = Math.imul(h ^ p, 0x01000193);
  return `${positions.length}:${(h >>> 0).toString(36)}`;
}

/** A (principal reached, resource written) pair of a policy method's list; its title names the method. */
export interface ControlEntry {
  holder: string;
  resource: string;
  titleBy(method: EscalationMethod): string;
}

/** The principals a control may rewrite, with the resource and title to use for each. */
export interface Targets {
  get(holder: string): { resource: string; title: string } | undefined;
  has(holder: string): boolean;
  /** Every principal it reaches (for the backwards search). */
  holders(): IterableIterator<string>;
}

/**
 * Each holder's positions in a list of entries, in list order: one offset table for the whole list, not an
 * array per holder (the lists reach tens of thousands of holders).
 */
export class HolderPositions {
  private readonly ordinals = new Map<string, number>();
  private readonly offsets: Int32Array;
  private readonly positions: Int32Array;

  constructor(entries: readonly { holder: string }[]) {
    const ordinalOf = new Int32Array(entries.length);
    const counts: number[] = [];
    entries.forEach((entry, i) => {
      let ordinal = this.ordinals.get(entry.holder);
      if (ordinal === undefined) {
        ordinal = counts.push(0) - 1;
        this.ordinals.set(entry.holder, ordinal);
      }
      counts[ordinal]!++;
      ordinalOf[i] = ordinal;
    });
    this.offsets = new Int32Array(counts.length + 1);
    counts.forEach((count, ordinal) => (this.offsets[ordinal + 1] = this.offsets[ordinal]! + count));
    const next = this.offsets.slice(0, counts.length);
    this.positions = new Int32Array(entries.length);
    for (let i = 0; i < entries.length; i++) this.positions[next[ordinalOf[i]!]!++] = i;
  }

  /** The holder's first position that `allowed` contains, or -1. */
  first(holder: string, allowed: Positions): number {
    const ordinal = this.ordinals.get(holder);
    if (ordinal === undefined) return -1;
    for (let k = this.offsets[ordinal]!, end = this.offsets[ordinal + 1]!; k < end; k++)
      if (contains(allowed, this.positions[k]!)) return this.positions[k]!;
    return -1;
  }

  /** The holder's positions, in list order. */
  of(holder: string): Int32Array {
    const ordinal = this.ordinals.get(holder);
    return ordinal === undefined
      ? new Int32Array(0)
      : this.positions.subarray(this.offsets[ordinal]!, this.offsets[ordinal + 1]!);
  }

  /** Every holder, in the order of its first entry. */
  holders(): IterableIterator<string> {
    return this.ordinals.keys();
  }
}

/** Targets as allowed positions over a method's list: no per-grant copy of 50,000 principals. */
export class PositionTargets implements Targets {
  constructor(
    private readonly entries: readonly ControlEntry[],
    private readonly positions: HolderPositions,
    private readonly allowed: Positions,
    private readonly method: EscalationMethod,
  ) {}

  get(holder: string): { resource: string; title: string } | undefined {
    const i = this.positions.first(holder, this.allowed);
    if (i < 0) return undefined;
    const entry = this.entries[i]!;
    return { resource: entry.resource, title: entry.titleBy(this.method) };
  }

  has(holder: string): boolean {
    return this.positions.first(holder, this.allowed) >= 0;
  }

  isEmpty(): boolean {
    return this.allowed !== 'all' && this.allowed.length === 0;
  }

  *holders(): IterableIterator<string> {
    for (const holder of this.positions.holders()) if (this.has(holder)) yield holder;
  }
}
