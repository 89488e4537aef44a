import { UsageError } from '../../src/errors.js';
import type { AppServices } from '../services.js';

/** Account ids named in a command, checked against the served accounts (by id or alias). */
export function resolveAccounts(services: AppServices, named: readonly string[] | undefined): string[] | undefined {
  if (!named) return undefined;
  const served = services.scans.accounts();
  return named.map((name) => {
    const account = served.find((a) => a.id === name || a.label?.toLowerCase() === name.toLowerCase());
    if (!account)
      throw new UsageError(
        `account "${name}" is not served here; accounts: ${served.map((a) => (a.label ? `${a.id} (${a.label})` : a.id)).join(', ')}`,
      );
    return account.id;
  });
}
