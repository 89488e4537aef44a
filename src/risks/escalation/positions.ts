import type { Principal } from '../../snapshot/index.js';

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

export interface ControlEntry {
  holder: string;
  resource: string;
  title: string;
}

/** The principals a control may rewrite, with the resource and title to use for each. */
export interface Targets {
  get(holder: string): { resource: string; title: string } | undefined;
  has(holder: string): boolean;
  /** Every principal it reaches (for the backwards search). */
  holders(): IterableIterator<string>;
}

/** Targets as allowed positions over a method's entries: no per-grant copy of 50,000 principals. */
export class PositionTargets implements Targets {
  constructor(
    private readonly entries: readonly ControlEntry[],
    private readonly byHolder: ReadonlyMap<string, number[]>,
    private readonly allowed: Positions,
  ) {}

  get(holder: string): { resource: string; title: string } | undefined {
    for (const i of this.byHolder.get(holder) ?? []) if (contains(this.allowed, i)) return this.entries[i];
    return undefined;
  }

  has(holder: string): boolean {
    return this.get(holder) !== undefined;
  }

  isEmpty(): boolean {
    return this.allowed !== 'all' && this.allowed.length === 0;
  }

  *holders(): IterableIterator<string> {
    for (const holder of this.byHolder.keys()) if (this.has(holder)) yield holder;
  }
}
