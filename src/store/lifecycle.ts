import { SEVERITIES, type Finding, type Severity } from '../risks/types.js';
import type { CollectionGap } from '../snapshot/types.js';
import type { Actor, FindingRecord, FindingStatus, Mute, ScanRecord, StateData } from './types.js';

export interface RecordScanInput {
  accountId: string;
  startedAt: Date;
  finishedAt: Date;
  collectedAt: string;
  source: string;
  findings: readonly Finding[];
  gaps: readonly CollectionGap[];
  notices: readonly { ruleId: string; message: string }[];
  actor: Actor;
  /**
   * Whether this scan could have found the given (previously open) finding. One that is absent from a scan
   * that could not see it (its rule did not run, its data has a gap) stays open: a gap is never a fix.
   */
  couldSee?: (record: FindingRecord) => boolean;
  /** The tags of a finding's resource (kept on the record for workflow filters and ownership). */
  tagsOf?: (finding: Finding) => Readonly<Record<string, string>> | undefined;
}

/** What a recorded scan changed. Lists hold copies of the records as they were after the scan. */
export interface ScanDiff {
  scan: ScanRecord;
  /** First recorded scan of the account: `new` is empty and every finding is in `open`. */
  baseline: boolean;
  new: FindingRecord[];
  reopened: FindingRecord[];
  resolved: FindingRecord[];
  /** Every finding of this scan that is not muted (new and reopened included). */
  open: FindingRecord[];
  muted: FindingRecord[];
  /** Open before, absent now, but this scan could not see them (gaps): kept open. */
  unverified: FindingRecord[];
  expiredMutes: Mute[];
}

/** The diff's lists as the scan fills them, before it has a record. */
type Changes = Omit<ScanDiff, 'scan'>;

export function isMuteActive(mute: Mute | undefined, now: Date): boolean {
  return mute !== undefined && Date.parse(mute.until) > now.getTime();
}

/** The status a person should see now: a mute that has run out no longer counts, even before the next scan. */
export function currentStatus(record: FindingRecord, state: Pick<StateData, 'mutes'>, now: Date): FindingStatus {
  if (record.status === 'resolved') return 'resolved';
  return isMuteActive(state.mutes[record.id], now) ? 'muted' : 'open';
}

/**
 * Drops mutes that have run out, puts their findings back to open and says so in the audit log, as noticed by
 * Rightsize through the surface of the scan that found it (`cli`, `slack`, `schedule`).
 */
export function expireMutes(state: StateData, now: Date, via: Actor['via']): Mute[] {
  const expired: Mute[] = [];
  for (const mute of Object.values(state.mutes)) {
    if (isMuteActive(mute, now)) continue;
    delete state.mutes[mute.findingId];
    expired.push(mute);
    const record = state.findings[mute.findingId];
    if (record?.status === 'muted') record.status = 'open';
    state.audit.push({
      at: now.toISOString(),
      actor: { id: 'rightsize', via },
      action: 'mute-expired',
      subject: mute.findingId,
      detail: `muted by ${mute.by.id} until ${mute.until}: ${mute.reason}`,
    });
  }
  return expired;
}

/** Applies one scan to the state: new, still open, reopened, resolved, muted. Mutates `state`. */
export function applyScan(state: StateData, input: RecordScanInput): ScanDiff {
  const at = input.finishedAt.toISOString();
  const expiredMutes = expireMutes(state, input.finishedAt, input.actor.via);
  const baseline = !state.scans.some((s) => s.accountId === input.accountId);
  const diff: Changes = {
    baseline,
    new: [],
    reopened: [],
    resolved: [],
    open: [],
    muted: [],
    unverified: [],
    expiredMutes,
  };
  const seen = matchFindings(state, input, at, diff);
  resolveUnseen(state, input, seen, at, diff);
  const scan = addScanToHistory(state, input, at, diff);
  return afterScan(scan, diff);
}

/** Brings each finding of the scan into the state and says what became of it; returns the ids seen. */
function matchFindings(state: StateData, input: RecordScanInput, at: string, diff: Changes): Set<string> {
  const now = input.finishedAt;
  const seen = new Set<string>();
  for (const finding of input.findings) {
    seen.add(finding.id);
    const muted = isMuteActive(state.mutes[finding.id], now);
    const record = findingRecord(state, finding, at, diff);
    const tags = input.tagsOf?.(finding);
    if (tags && Object.keys(tags).length > 0) record.tags = { ...tags };
    else delete record.tags;
    record.status = muted ? 'muted' : 'open';
    (muted ? diff.muted : diff.open).push(record);
  }
  return seen;
}

/** The finding's record: new, reopened when it had been resolved, or brought up to date. */
function findingRecord(state: StateData, finding: Finding, at: string, diff: Changes): FindingRecord {
  let record = state.findings[finding.id];
  if (!record) {
    record = { ...headline(finding), status: 'open', firstSeen: at, lastSeen: at, reopenedCount: 0 };
    state.findings[finding.id] = record;
    if (!diff.baseline) diff.new.push(record);
    return record;
  }
  if (record.status === 'resolved') {
    record.reopenedCount += 1;
    record.reopenedAt = at;
    delete record.resolvedAt;
    diff.reopened.push(record);
  }
  // Severity, title and names may change while the risk stays the same (ids are stable).
  Object.assign(record, headline(finding));
  record.lastSeen = at;
  return record;
}

/** Open findings of the account that the scan no longer reports: resolved, unless it could not see them. */
function resolveUnseen(
  state: StateData,
  input: RecordScanInput,
  seen: ReadonlySet<string>,
  at: string,
  diff: Changes,
): void {
  const couldSee = input.couldSee ?? (() => true);
  for (const record of Object.values(state.findings)) {
    if (record.accountId !== input.accountId || record.status === 'resolved' || seen.has(record.id)) continue;
    if (couldSee(record)) {
      record.status = 'resolved';
      record.resolvedAt = at;
      diff.resolved.push(record);
    } else diff.unverified.push(record);
  }
}

/** Adds the scan to the state's history and its audit log. */
function addScanToHistory(state: StateData, input: RecordScanInput, at: string, diff: Changes): ScanRecord {
  const scan = scanRecord(state, input, at, diff);
  state.scans.push(scan);
  state.audit.push({
    at,
    actor: input.actor,
    action: 'scan',
    subject: scan.id,
    detail: diff.baseline
      ? `baseline: ${scan.counts.total} findings`
      : `${scan.counts.new} new, ${scan.counts.reopened} reopened, ${scan.counts.resolved} resolved`,
  });
  return scan;
}

function scanRecord(state: StateData, input: RecordScanInput, at: string, diff: Changes): ScanRecord {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const record of diff.open) bySeverity[record.severity] += 1;
  return {
    id: scanId(state, input.accountId, input.startedAt),
    accountId: input.accountId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: at,
    durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
    collectedAt: input.collectedAt,
    source: input.source,
    baseline: diff.baseline,
    counts: {
      total: input.findings.length,
      new: diff.new.length,
      reopened: diff.reopened.length,
      resolved: diff.resolved.length,
      muted: diff.muted.length,
      bySeverity,
    },
    gaps: [...input.gaps],
    notices: input.notices.map((n) => ({ ruleId: n.ruleId, message: n.message })),
  };
}

/** The diff as returned: copies, so that later changes to the state do not show through. */
function afterScan(scan: ScanRecord, diff: Changes): ScanDiff {
  const copy = (records: FindingRecord[]) => records.map((r) => ({ ...r }));
  return {
    scan,
    baseline: diff.baseline,
    new: copy(diff.new),
    reopened: copy(diff.reopened),
    resolved: copy(diff.resolved),
    open: copy(diff.open),
    muted: copy(diff.muted),
    unverified: copy(diff.unverified),
    expiredMutes: diff.expiredMutes,
  };
}

export interface MuteInput {
  findingId: string;
  by: Actor;
  reason: string;
  until: Date;
  now: Date;
}

/** Mutes a known finding until a time; a second mute replaces the first (both are in the audit log). */
export function applyMute(state: StateData, input: MuteInput): Mute {
  const record = state.findings[input.findingId];
  if (!record) throw new Error(`no finding ${input.findingId} in the state`);
  const mute: Mute = {
    findingId: input.findingId,
    by: input.by,
    reason: input.reason,
    at: input.now.toISOString(),
    until: input.until.toISOString(),
  };
  state.mutes[input.findingId] = mute;
  if (record.status === 'open') record.status = 'muted';
  state.audit.push({
    at: mute.at,
    actor: input.by,
    action: 'mute',
    subject: input.findingId,
    detail: `until ${mute.until}: ${input.reason}`,
  });
  return mute;
}

/** Lifts a mute before it runs out; false when the finding was not muted. */
export function applyUnmute(state: StateData, findingId: string, by: Actor, now: Date): boolean {
  const mute = state.mutes[findingId];
  if (!mute) return false;
  delete state.mutes[findingId];
  const record = state.findings[findingId];
  if (record?.status === 'muted') record.status = 'open';
  state.audit.push({ at: now.toISOString(), actor: by, action: 'unmute', subject: findingId });
  return true;
}

function headline(f: Finding): Omit<FindingRecord, 'status' | 'firstSeen' | 'lastSeen' | 'reopenedCount'> {
  return {
    id: f.id,
    accountId: f.accountId,
    ruleId: f.ruleId,
    severity: f.severity,
    resourceArn: f.resourceArn,
    resourceType: f.resourceType,
    resourceName: f.resourceName,
    title: f.title,
  };
}

function scanId(state: StateData, accountId: string, startedAt: Date): string {
  const base = `${accountId}-${startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
  let id = base;
  for (let n = 2; state.scans.some((s) => s.id === id); n++) id = `${base}-${n}`;
  return id;
}
