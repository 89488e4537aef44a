import type { AccountConfig, RightsizeConfig } from '../config/index.js';
import { UsageError } from '../errors.js';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { loadAccountSnapshot } from '../organization/load.js';
import type { ServedSource } from './served-accounts.js';
import { servedOrganization } from './served-organization.js';
import { DirectorySnapshotSource, snapshotSourceFor, type SnapshotSources } from './snapshot-source.js';

/** An account a process serves, as the app names it and as the config (schedules, fixes) sees it. */
export interface ServedAccountSource {
  served: ServedSource;
  config: AccountConfig;
  /** The bundled demo account: its resources exist nowhere, so nothing is fixed in it. */
  demo?: boolean;
}

/**
 * The config's accounts (a snapshot directory, else live collection), then the snapshot directories given on
 * the command line; with neither, the bundled demo account. Directories are read once to learn their account.
 */
export async function servedSources(setup: {
  config: Pick<RightsizeConfig, 'accounts'>;
  snapshotDirs: readonly string[];
  sources?: SnapshotSources;
}): Promise<ServedAccountSource[]> {
  const fromConfig = setup.config.accounts.map((account) => {
    const source = snapshotSourceFor(account, setup.sources);
    return {
      served: {
        account: { id: account.id, ...(account.name && { label: account.name }), source: source.description },
        source,
      },
      config: account,
    };
  });
  const dirs = setup.snapshotDirs.length > 0 || fromConfig.length > 0 ? setup.snapshotDirs : [demoSnapshotDir()];
  const demo = setup.snapshotDirs.length === 0 && fromConfig.length === 0;
  const all: ServedAccountSource[] = [...fromConfig];
  for (const dir of dirs) {
    const snapshot = await loadAccountSnapshot(dir);
    const taken = all.find((s) => s.served.account.id === snapshot.accountId);
    if (taken)
      throw new UsageError(
        `${dir} holds account ${snapshot.accountId}, which is already served (${taken.served.account.source})`,
        {
          hint: 'serve one snapshot directory per account',
        },
      );
    const source = new DirectorySnapshotSource(dir, demo ? 'bundled demo account' : `snapshot ${dir}`);
    const organization = servedOrganization(snapshot);
    all.push({
      served: {
        account: {
          id: snapshot.accountId,
          ...(snapshot.accountAlias && { label: snapshot.accountAlias }),
          source: source.description,
          ...(organization && { organization }),
        },
        source,
      },
      config: { id: snapshot.accountId, snapshot: dir },
      ...(demo && { demo }),
    });
  }
  return all;
}
