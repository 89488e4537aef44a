import { ESCALATION_METHODS, UNMODELLED_SOURCES } from './methods.js';

/** The shape of ../shared/data/privesc-methods.json. */
export interface PublishedCatalogs {
  rhino: { source: string; methods: { n: number; name: string; actions: string[] }[] };
  cloudsplaining: { source: string; methods: Record<string, string[]> };
  prowler: { source: string; methods: Record<string, string[]> };
}

export interface CatalogCoverage {
  total: number;
  covered: number;
  missing: string[];
}

/** Which published methods our table covers, and any source it names that does not exist. */
export function methodCoverage(published: PublishedCatalogs): {
  rhino: CatalogCoverage;
  cloudsplaining: CatalogCoverage;
  prowler: CatalogCoverage;
  unknownSources: string[];
} {
  const cited = new Set(ESCALATION_METHODS.flatMap((m) => m.sources));
  const ids = {
    rhino: published.rhino.methods.map((m) => String(m.n)),
    cloudsplaining: Object.keys(published.cloudsplaining.methods),
    prowler: Object.keys(published.prowler.methods),
  };
  const coverage = (name: keyof typeof ids): CatalogCoverage => {
    const missing = ids[name].filter((id) => !cited.has(`${name}:${id}`));
    return { total: ids[name].length, covered: ids[name].length - missing.length, missing };
  };
  const known = new Set(Object.entries(ids).flatMap(([name, list]) => list.map((id) => `${name}:${id}`)));
  return {
    rhino: coverage('rhino'),
    cloudsplaining: coverage('cloudsplaining'),
    prowler: coverage('prowler'),
    unknownSources: [...cited, ...Object.keys(UNMODELLED_SOURCES)].filter((s) => !known.has(s)),
  };
}
