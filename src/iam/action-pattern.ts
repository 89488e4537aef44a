import type { ActionSet } from './action-set.js';
import type { ActionCatalog } from './catalog.js';
import { hasWildcard, wildcardToRegExp } from './wildcard.js';

export interface ActionPatternMatch {
  actions: ActionSet;
  /** Set when the pattern names something the catalog does not know (a typo, or a brand-new action). */
  unknown?: { kind: 'service' | 'action'; pattern: string };
}

/**
 * Expands action patterns ("s3:Get*", "IAM:passrole", "*") to catalog bitsets, once per distinct
 * pattern: an organisation repeats the same few thousand patterns across all its policies.
 */
export class ActionPatternIndex {
  private readonly cache = new Map<string, ActionPatternMatch>();
  /** The same pattern as written, to skip lower-casing the common repeats. */
  private readonly exact = new Map<string, ActionPatternMatch>();

  constructor(readonly catalog: ActionCatalog) {}

  match(pattern: string): ActionPatternMatch {
    const seen = this.exact.get(pattern);
    if (seen) return seen;
    const key = pattern.toLowerCase();
    let match = this.cache.get(key);
    if (!match) {
      match = this.expand(key);
      this.cache.set(key, match);
    }
    this.exact.set(pattern, match);
    return match;
  }

  get distinctPatterns(): number {
    return this.cache.size;
  }

  private expand(pattern: string): ActionPatternMatch {
    const catalog = this.catalog;
    if (pattern === '*') return { actions: catalog.fullSet().compact() };
    const colon = pattern.indexOf(':');
    const servicePart = pattern.slice(0, colon);
    const actionPart = pattern.slice(colon + 1);
    const actions = catalog.emptySet();

    const services = hasWildcard(servicePart)
      ? [...catalog.services()].filter((s) => wildcardToRegExp(servicePart, 'i').test(s.prefix))
      : [catalog.service(servicePart)].filter((s) => s !== undefined);
    if (services.length === 0) return { actions: actions.compact(), unknown: { kind: 'service', pattern } };

    if (!hasWildcard(actionPart)) {
      for (const s of services) {
        const i = catalog.indexOf(`${s.prefix}:${actionPart}`);
        if (i !== undefined) actions.add(i);
      }
    } else if (actionPart === '*') {
      for (const s of services) for (let i = s.start; i < s.end; i++) actions.add(i);
    } else {
      const re = wildcardToRegExp(actionPart, 'i');
      for (const s of services) for (let i = s.start; i < s.end; i++) if (re.test(catalog.nameOf(i))) actions.add(i);
    }
    return actions.isEmpty()
      ? { actions: actions.compact(), unknown: { kind: 'action', pattern } }
      : { actions: actions.compact() };
  }
}
