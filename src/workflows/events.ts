import type { FindingEventName, ScanEventName } from '../config/workflows.js';
import { DAY_MS } from '../risks/settings.js';
import type { FindingRecord, ScanRecord, StateData } from '../store/index.js';

/** Something that happened to one finding. */
export interface FindingEvent {
  kind: 'finding';
  name: FindingEventName;
  /** Identifies the event across restarts: one workflow runs at most once per key. */
  key: string;
  finding: FindingRecord;
  /** finding.age: how long the finding has been open, in whole days. */
  ageDays?: number;
  /** The schedule whose scan raised it (absent for the age check and for scans started by hand). */
  schedule?: string;
}

/** A scan that finished (with its open findings, narrowed by the workflow's filters) or failed. */
export interface ScanEvent {
  kind: 'scan';
  name: ScanEventName;
  key: string;
  accountId: string;
  scan?: ScanRecord;
  /** Open findings of the scan. */
  findings: FindingRecord[];
  /** Ids of the findings this scan found new or reopened. */
  changedIds: ReadonlySet<string>;
  error?: string;
  source?: string;
  schedule?: string;
}

export type WorkflowEvent = FindingEvent | ScanEvent;

/** What a recorded scan changed: a live ScanDiff, or the same rebuilt from the state (dry runs). */
export interface ScanChange {
  scan: ScanRecord;
  new: readonly FindingRecord[];
  reopened: readonly FindingRecord[];
  resolved: readonly FindingRecord[];
  /** Open findings of the scan (muted ones excluded). */
  open: readonly FindingRecord[];
  /** The schedule that ran the scan, when one did. */
  schedule?: string;
}

/** `schedule:<name>` (the actor a scheduled scan records) → the schedule's name. */
export function scheduleOf(actorId: string): string | undefined {
  return actorId.startsWith('schedule:') ? actorId.slice('schedule:'.length) : undefined;
}

/** The lifecycle events of one scan. Muted findings raise none: they are accepted risks. */
export function scanEvents(change: ScanChange): WorkflowEvent[] {
  const events: WorkflowEvent[] = [];
  const active = (f: FindingRecord) => f.status !== 'muted';
  const schedule = change.schedule ? { schedule: change.schedule } : {};
  for (const f of change.new.filter(active))
    events.push({ kind: 'finding', name: 'finding.new', key: `finding.new:${f.id}`, finding: f, ...schedule });
  for (const f of change.reopened.filter(active))
    events.push({
      kind: 'finding',
      name: 'finding.reopened',
      key: `finding.reopened:${f.id}:${f.reopenedCount}`,
      finding: f,
      ...schedule,
    });
  for (const f of change.resolved)
    events.push({
      kind: 'finding',
      name: 'finding.resolved',
      key: `finding.resolved:${f.id}:${f.resolvedAt ?? change.scan.finishedAt}`,
      finding: f,
      ...schedule,
    });
  events.push({
    kind: 'scan',
    name: 'scan.finished',
    key: `scan.finished:${change.scan.id}`,
    accountId: change.scan.accountId,
    scan: change.scan,
    findings: [...change.open],
    changedIds: new Set([...change.new, ...change.reopened].map((f) => f.id)),
    source: change.scan.source,
    ...schedule,
  });
  return events;
}

export function scanFailedEvent(
  accountId: string,
  at: Date,
  source: string,
  error: string,
  schedule?: string,
): ScanEvent {
  return {
    ...(schedule && { schedule }),
    kind: 'scan',
    name: 'scan.failed',
    key: `scan.failed:${accountId}:${at.toISOString()}`,
    accountId,
    findings: [],
    changedIds: new Set(),
    error,
    source,
  };
}

/**
 * One finding.age event per open finding (of the given accounts, or all): its age counts from when it was
 * last opened (first seen, or reopened), so a reopened finding is young again and fires once per open period.
 */
export function ageEvents(
  state: Pick<StateData, 'findings'>,
  now: Date,
  accountIds?: ReadonlySet<string>,
): FindingEvent[] {
  const events: FindingEvent[] = [];
  for (const f of Object.values(state.findings)) {
    if (f.status !== 'open' || (accountIds && !accountIds.has(f.accountId))) continue;
    const since = f.reopenedAt ?? f.firstSeen;
    const ageDays = Math.floor((now.getTime() - Date.parse(since)) / DAY_MS);
    events.push({ kind: 'finding', name: 'finding.age', key: `finding.age:${f.id}:${since}`, finding: f, ageDays });
  }
  return events;
}

/** The latest recorded scan of each account, with what it changed, rebuilt from the state. */
export function latestScanChanges(state: Pick<StateData, 'scans' | 'findings' | 'audit'>): ScanChange[] {
  const latest = new Map<string, ScanRecord>();
  for (const scan of state.scans) latest.set(scan.accountId, scan);
  return [...latest.values()].map((scan) => {
    const at = scan.finishedAt;
    const recorded = state.audit.findLast((e) => e.action === 'scan' && e.subject === scan.id);
    const schedule = recorded && scheduleOf(recorded.actor.id);
    const mine = Object.values(state.findings).filter((f) => f.accountId === scan.accountId);
    return {
      scan,
      new: scan.baseline ? [] : mine.filter((f) => f.firstSeen === at),
      reopened: mine.filter((f) => f.reopenedAt === at && f.status !== 'resolved'),
      resolved: mine.filter((f) => f.status === 'resolved' && f.resolvedAt === at),
      open: mine.filter((f) => f.status === 'open' && f.lastSeen === at),
      ...(schedule && { schedule }),
    };
  });
}

/** When each account's baseline (first) scan finished: findings first seen by then are the starting inventory. */
export function baselines(state: Pick<StateData, 'scans'>): Map<string, string> {
  const result = new Map<string, string>();
  for (const scan of state.scans) if (!result.has(scan.accountId)) result.set(scan.accountId, scan.finishedAt);
  return result;
}
