import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { realCatalog } from '../../../test/support/catalog.js';
import type { ActionCatalog } from '../../iam/index.js';
import { ESCALATION_METHODS, UNMODELLED_SOURCES } from './methods.js';
import { methodCoverage, type PublishedCatalogs } from './coverage.js';

// The published catalogs live beside the repository (../shared/data), as CI lays them out.
const CATALOGS_FILE = new URL('../../../../shared/data/privesc-methods.json', import.meta.url);

let published: PublishedCatalogs;
let catalog: ActionCatalog;
beforeAll(async () => {
  published = JSON.parse(await readFile(CATALOGS_FILE, 'utf8')) as PublishedCatalogs;
  catalog = await realCatalog();
});

describe('escalation methods', () => {
  it("cover every one of Rhino's and Cloudsplaining's published methods", () => {
    const coverage = methodCoverage(published);
    expect(coverage.rhino.missing).toEqual([]);
    expect(coverage.cloudsplaining.missing).toEqual([]);
    expect(coverage.rhino.covered).toBe(28);
    expect(coverage.cloudsplaining.covered).toBe(59);
  });

  it("cover Prowler's combinations except the documented IAM Identity Center ones", () => {
    const coverage = methodCoverage(published);
    expect(coverage.prowler.missing.map((id) => `prowler:${id}`).sort()).toEqual(
      Object.keys(UNMODELLED_SOURCES).sort(),
    );
  });

  it('name only sources that exist in the published catalogs', () => {
    const coverage = methodCoverage(published);
    expect(coverage.unknownSources).toEqual([]);
  });

  it('are mapped to sources that name the same actions', () => {
    const listed = (source: string): string[] => {
      const id = source.slice(source.indexOf(':') + 1);
      if (source.startsWith('rhino:')) return published.rhino.methods.find((m) => String(m.n) === id)?.actions ?? [];
      const name = source.startsWith('cloudsplaining:') ? 'cloudsplaining' : 'prowler';
      return published[name].methods[id] ?? [];
    };
    const matches = (pattern: string, action: string) =>
      new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);
    for (const method of ESCALATION_METHODS) {
      if (method.kind === 'composite') continue;
      const distinctive = method.actions.filter((a) => a !== 'iam:PassRole');
      // Each source shares a distinctive action with the method …
      for (const source of method.sources)
        expect(
          listed(source).some((p) => distinctive.some((a) => matches(p, a))),
          `${method.id} vs ${source}`,
        ).toBe(true);
      // … and every action the method needs is named by one of its sources.
      const named = method.sources.flatMap(listed);
      for (const action of method.actions)
        expect(
          named.some((p) => matches(p, action)),
          `${method.id} needs ${action}, which none of its sources lists`,
        ).toBe(true);
    }
  });

  it('use real AWS actions, except those of retired services, which say why', () => {
    for (const method of ESCALATION_METHODS) {
      const unknown = method.actions.filter((a) => catalog.indexOf(a) === undefined);
      if (unknown.length > 0) expect(method.retired, `${method.id}: ${unknown.join(', ')}`).toBeTruthy();
    }
  });

  it('have unique ids, and composites built from existing methods', () => {
    const ids = ESCALATION_METHODS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of ESCALATION_METHODS.filter((m) => m.kind === 'composite'))
      for (const part of m.composedOf ?? []) expect(ids, `${m.id} → ${part}`).toContain(part);
  });
});
