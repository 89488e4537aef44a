import type { AccountSnapshot } from '../snapshot/index.js';
import { taggedResources } from '../snapshot/index.js';
import { isMuteActive, type ScanDiff, type StateStore } from '../store/index.js';
import type { ScanResult } from '../risks/types.js';
import type { AccountScans, FindingMute, LatestScan, ServedAccount } from './types.js';

/** The latest scan of each account (all served accounts by default), scanning those never scanned yet. */
export async function latestScans(scans: AccountScans, accountIds?: readonly string[]): Promise<LatestScan[]> {
  const ids = accountIds ?? scans.accounts().map((a) => a.id);
  return Promise.all(ids.map((id) => scans.latest(id) ?? scans.scan(id)));
}

/** The scan a recording just made, as the app holds it: findings, changes since the account's previous scan, mutes. */
export function latestScanOf(
  recorded: { result: ScanResult; diff: ScanDiff; snapshot?: AccountSnapshot },
  account: ServedAccount,
  store: StateStore,
  now: Date,
): LatestScan {
  const { result, diff, snapshot } = recorded;
  const id = diff.scan.accountId;
  const previous = diff.baseline
    ? undefined
    : store.scans(id).find((s) => s.id !== diff.scan.id && s.finishedAt <= diff.scan.startedAt);
  return {
    account,
    scanId: diff.scan.id,
    scannedAt: diff.scan.startedAt,
    durationMs: diff.scan.durationMs,
    result,
    baseline: diff.baseline,
    ...(snapshot && { resourceTags: taggedResources(snapshot) }),
    mutes: activeMutes(store, id, now),
    ...(previous && {
      changes: {
        previousScanAt: previous.finishedAt,
        newFindingIds: [...diff.new, ...diff.reopened].map((f) => f.id),
        resolved: diff.resolved.map(({ id, ruleId, severity, resourceType, resourceName, title }) => ({
          id,
          ruleId,
          severity,
          resourceType,
          resourceName,
          title,
        })),
      },
    }),
  };
}

/** The mutes in force now on the account's findings, by finding id. */
export function activeMutes(store: StateStore, accountId: string, now: Date): Map<string, FindingMute> {
  const { data } = store;
  const mutes = new Map<string, FindingMute>();
  for (const mute of Object.values(data.mutes))
    if (data.findings[mute.findingId]?.accountId === accountId && isMuteActive(mute, now))
      mutes.set(mute.findingId, { by: mute.by.id, reason: mute.reason, at: mute.at, until: mute.until });
  return mutes;
}
