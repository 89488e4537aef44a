import { loadActionCatalog } from '../../src/iam/catalog-loader.js';
import { PolicyEngine, type ActionCatalog } from '../../src/iam/index.js';

let catalog: Promise<ActionCatalog> | undefined;

/** The real AWS catalog, loaded once per test file. */
export function realCatalog(): Promise<ActionCatalog> {
  catalog ??= loadActionCatalog();
  return catalog;
}

export async function realEngine(): Promise<PolicyEngine> {
  return new PolicyEngine(await realCatalog());
}
