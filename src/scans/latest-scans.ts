import type { ScanRecord, ScanService } from './types.js';

/** The latest scan of each account (all served accounts by default), scanning those never scanned yet. */
export async function latestScans(scans: ScanService, accountIds?: readonly string[]): Promise<ScanRecord[]> {
  const ids = accountIds ?? scans.accounts().map((a) => a.id);
  return Promise.all(ids.map((id) => scans.latest(id) ?? scans.scan(id)));
}
