import type { ActionCatalog, ActionSet, CatalogService } from '../iam/index.js';

export interface ServiceCount {
  service: CatalogService;
  count: number;
}

const serviceIndexes = new WeakMap<ActionCatalog, { serviceOf: Uint16Array; services: CatalogService[] }>();
const memo = new WeakMap<ActionSet, ServiceCount[]>();

/**
 * Members of a set per service, in catalog order, services without members left out. Memoised per set:
 * principals with the same policies share one effective set, and insights and suggestions for a whole
 * organisation ask about the same few broad sets thousands of times.
 */
export function countsByService(catalog: ActionCatalog, set: ActionSet): ServiceCount[] {
  const known = memo.get(set);
  if (known) return known;
  let index = serviceIndexes.get(catalog);
  if (!index) {
    const services = [...catalog.services()];
    const serviceOf = new Uint16Array(catalog.size);
    services.forEach((s, n) => serviceOf.fill(n, s.start, s.end));
    serviceIndexes.set(catalog, (index = { serviceOf, services }));
  }
  const counts = new Uint32Array(index.services.length);
  for (const i of set) counts[index.serviceOf[i]!]!++;
  const result: ServiceCount[] = [];
  counts.forEach((count, n) => {
    if (count > 0) result.push({ service: index.services[n]!, count });
  });
  // Only compact sets are immutable, so only they can be remembered.
  if (set.isCompact) memo.set(set, result);
  return result;
}
