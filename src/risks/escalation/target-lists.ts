import { resourceCoverage, scopeOfArn, type PolicyEngine, type TargetScope } from '../../iam/index.js';
import { ResourceIndex } from '../capability.js';
import type { Candidate } from './edges.js';
import { contains, expand, fingerprint, fromFlags, type Grant, type Plan, type Positions } from './positions.js';

/** The targets a method can reach, shared by every holder, indexed by ARN. */
export interface CandidateSet {
  key: string;
  list: Candidate[];
  resources: ResourceIndex;
  /** A step's title for a candidate: lists are shared by methods, so their entries carry only a label. */
  titleOf: (candidate: Candidate) => string;
}

export const ownTitle = (candidate: Candidate): string => candidate.title;

/**
 * Target lists indexed by ARN, and the candidates a grant reaches in one. Everything here is shared
 * by every method and holder that reach the same targets, so each list is indexed once and each
 * Resource pattern matched against it once.
 */
export class TargetLists {
  constructor(private readonly engine: PolicyEngine) {}

  /** By length and end ARNs, then compared in full: a key of all the ARNs joined was megabytes per list at 50k. */
  private readonly resourceIndexes = new Map<string, ResourceIndex[]>();
  private readonly indexIds = new Map<ResourceIndex, number>();

  /**
   * Names a target list by its ARNs alone: what is resolved on it is shared by every method reaching
   * the same targets, whichever of them asks first.
   */
  private idOf(index: ResourceIndex): number {
    let id = this.indexIds.get(index);
    if (id === undefined) this.indexIds.set(index, (id = this.indexIds.size));
    return id;
  }

  /** One index per distinct list: several methods reach the same users, roles or groups. */
  resourceIndex(arns: string[]): ResourceIndex {
    const key = `${arns.length}\n${arns[0]}\n${arns.at(-1)}`;
    let same = this.resourceIndexes.get(key);
    if (!same) this.resourceIndexes.set(key, (same = []));
    let index = same.find((known) => sameArns(known.arns, arns));
    if (!index) same.push((index = new ResourceIndex(arns)));
    return index;
  }

  private readonly positionCache = new Map<string, Positions>();

  /**
   * The positions in a target list a grant reaches (minus Denies, within every `within` list), with a key that is the
   * same for every principal reaching the same candidates: what decides sharing a fan-out node.
   */
  resolve(resources: ResourceIndex, grant: Grant, plan: Plan): { key: string; positions: () => readonly number[] } {
    const n = resources.arns.length;
    const allowKey = `${this.idOf(resources)}|${grant.patterns.join('\n')}|${grant.except.map((e) => e.join('\n')).join('|')}`;
    let base = this.positionCache.get(allowKey);
    if (!base) {
      base = this.positionsOf(resources, grant.patterns);
      for (const except of grant.except) {
        const excluded = this.positionsOf(resources, except);
        if (excluded === 'all') continue;
        const flags = new Uint8Array(n).fill(1);
        for (const i of excluded) flags[i] = 0;
        if (base !== 'all') for (const i of base) flags[i] = 1;
        base = fromFlags(flags);
      }
      this.positionCache.set(allowKey, base);
    }
    const baseList = base;
    const narrowing = plan.within.filter((w) => !w.includes('*')).map((w) => this.positionsOf(resources, w));
    const denied = plan.deny.length > 0 ? this.positionsOf(resources, plan.deny) : undefined;
    if (denied === 'all') return { key: `${allowKey}|none`, positions: () => [] };
    const removed = denied ? Array.from(denied).filter((i) => contains(baseList, i)) : [];
    const lists = narrowing.filter((l): l is Int32Array => l !== 'all');
    if (lists.length === 0) {
      // Only Denies: the base minus a few, keyed by what they remove, listed only if the node is new.
      if (removed.length === 0) return { key: allowKey, positions: () => expand(baseList, n) };
      const gone = new Set(removed);
      return {
        key: `${allowKey}|-${fingerprint(removed)}`,
        positions: () => expand(baseList, n).filter((i) => !gone.has(i)),
      };
    }
    // Narrowed (boundary, "Deny all but"): walk the smallest list, usually a handful of resources.
    const smallest = lists.reduce((a, b) => (a.length <= b.length ? a : b));
    const gone = new Set(removed);
    const kept = Array.from(smallest).filter(
      (i) => contains(baseList, i) && !gone.has(i) && lists.every((l) => contains(l, i)),
    );
    return { key: `${allowKey}|=${fingerprint(kept)}`, positions: () => kept };
  }

  /**
   * Candidates matched by any of the patterns (found through the prefix index), sorted, or 'all' when one
   * covers every resource of the list's kind in its account (role/*, arn:aws:iam::*:policy/*): the same
   * notion of coverage as the rules that ask "on every resource".
   */
  private positionsOf(resources: ResourceIndex, patterns: readonly string[]): Positions {
    if (patterns.includes('*')) return 'all';
    const scope = this.scopeOf(resources);
    if (scope && patterns.some((p) => resourceCoverage(p, scope) === 'all')) return 'all';
    if (patterns.length === 1) return this.matchedBy(resources, patterns[0]!);
    const found = new Set<number>();
    for (const source of patterns) for (const i of this.matchedBy(resources, source)) found.add(i);
    return Int32Array.from(found).sort();
  }

  private readonly matchedByPattern = new Map<ResourceIndex, Map<string, Int32Array>>();
  private readonly scopes = new Map<ResourceIndex, TargetScope | null>();

  /** Every role (user, group, policy) of one account, when the list holds only those: then coverage decides. */
  private scopeOf(resources: ResourceIndex): TargetScope | undefined {
    let scope = this.scopes.get(resources);
    if (scope === undefined) {
      const first = resources.arns[0] === undefined ? undefined : scopeOfArn(resources.arns[0]);
      const same = (s: TargetScope | undefined) =>
        s !== undefined && s.partition === first!.partition && s.account === first!.account && s.kind === first!.kind;
      scope = first && resources.arns.every((arn) => same(scopeOfArn(arn))) ? first : null;
      this.scopes.set(resources, scope);
    }
    return scope ?? undefined;
  }

  /**
   * The positions one Resource pattern matches, once per list: a broad pattern (role/*) recurs in
   * thousands of otherwise unique plans, and walking the list for each would grow with their square.
   */
  private matchedBy(resources: ResourceIndex, source: string): Int32Array {
    let byPattern = this.matchedByPattern.get(resources);
    if (!byPattern) this.matchedByPattern.set(resources, (byPattern = new Map()));
    let positions = byPattern.get(source);
    if (!positions) {
      const pattern = this.engine.resourcePattern(source);
      positions = Int32Array.from(resources.matching(source, (arn) => pattern.matches(arn) === true)).sort();
      byPattern.set(source, positions);
    }
    return positions;
  }

  /** Lets go of the lists and what was resolved on them: needed only while the graph is built. */
  clear(): void {
    for (const cache of [this.positionCache, this.resourceIndexes, this.indexIds, this.matchedByPattern, this.scopes])
      cache.clear();
  }
}

function sameArns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
