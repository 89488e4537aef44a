import type { AccountConfig } from '../config/index.js';
import { ConfigError } from '../errors.js';
import { type AccountSnapshot } from '../snapshot/index.js';
import { loadAccountSnapshot } from '../organization/load.js';

/**
 * Where a scan gets its snapshot. A snapshot directory today; the live AWS collector (src/aws) plugs in as
 * another implementation through `SnapshotSources.live`.
 */
export interface SnapshotSource {
  /** Stored with the scan and printed in logs, e.g. `snapshot directory /data/prod`. */
  readonly description: string;
  load(): Promise<AccountSnapshot>;
}

export class DirectorySnapshotSource implements SnapshotSource {
  readonly description: string;

  /** `description` names it in messages; default `snapshot directory <dir>`. */
  constructor(
    readonly dir: string,
    description?: string,
  ) {
    this.description = description ?? `snapshot directory ${dir}`;
  }

  load(): Promise<AccountSnapshot> {
    return loadAccountSnapshot(this.dir);
  }
}

export interface SnapshotSources {
  /** Builds a live source for an account without a snapshot directory (role ARN, ExternalId, regions). */
  live?: (account: AccountConfig) => SnapshotSource;
}

/** The source for a configured account: its snapshot directory when it has one, else live collection. */
export function snapshotSourceFor(account: AccountConfig, sources: SnapshotSources = {}): SnapshotSource {
  if (account.snapshot) return new DirectorySnapshotSource(account.snapshot);
  if (sources.live) return sources.live(account);
  throw new ConfigError(
    undefined,
    [{ path: `accounts (${account.name ?? account.id})`, message: 'has no snapshot directory to scan' }],
    {
      hint: 'set `snapshot: DIR` for the account, or its roleArn for live collection',
    },
  );
}

/** The directory a recorded scan read, from its stored source description; undefined for other sources. */
export function snapshotDirOf(description: string): string | undefined {
  const prefix = 'snapshot directory ';
  return description.startsWith(prefix) ? description.slice(prefix.length) : undefined;
}
