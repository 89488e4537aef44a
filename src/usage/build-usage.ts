import type { ActionCatalog } from '../iam/index.js';
import type {
  AccessAdvisorReport,
  AccountIndex,
  AccountSnapshot,
  CredentialReportRow,
  IamRole,
  UsageEvent,
} from '../snapshot/index.js';
import { DATA_PLANE_ACTIONS } from './data-plane.js';
import { EventActionMapper } from './event-actions.js';
import { PrincipalUsageBuilder } from './principal-usage.js';
import type { PrincipalUsage, SourceCoverage, UsageModel, UsageSourceKind, UsageWindow } from './types.js';
import { plural } from '../text/plural.js';

const DAY_MS = 86_400_000;
/** A call that failed authorisation was not allowed: it is no evidence of a needed permission. */
const AUTHORIZATION_FAILURE = /AccessDenied|Unauthorized|Forbidden|NotAuthorized/i;

export interface UsageOptions {
  /** The tracking window in days before the snapshot's collection time. */
  windowDays: number;
}

/** What every source adds to while the model is built. */
interface Collection {
  catalog: ActionCatalog;
  window: UsageWindow;
  /** The window's ends, epoch ms. */
  start: number;
  end: number;
  /** One per principal any source mentions, made on first mention. */
  builders: Map<string, PrincipalUsageBuilder>;
  sources: SourceCoverage[];
  /** Event sources read: they speak for every principal, so one without events in them used no action. */
  covering: UsageSourceKind[];
}

type EventSource = Extract<UsageSourceKind, 'cloudtrail' | 'cloudtrail-lake'>;

/** What turning CloudTrail events into usage needs besides the collection. */
interface EventReading {
  index: AccountIndex;
  mapper: EventActionMapper;
  dataPlane: ReadonlySet<string>;
  /** Lake rows may name only the session: its role is found by name. */
  roleByName: ReadonlyMap<string, string>;
  /** Filled in: services whose data-plane actions appear in the events. */
  dataEventServices: Set<string>;
}

/**
 * Usage per principal from every source the snapshot holds: IAM access advisor (service, and action level
 * where AWS tracks it), RoleLastUsed and the credential report (principal level; the report also names the
 * service an access key last called), CloudTrail lookup-events and CloudTrail Lake rows (action level).
 * Pure: the window ends at the snapshot's collection time.
 */
export function buildUsageModel(
  snapshot: AccountSnapshot,
  index: AccountIndex,
  catalog: ActionCatalog,
  options: UsageOptions,
): UsageModel {
  const collection = startCollection(Date.parse(snapshot.collectedAt), options.windowDays, catalog);
  if (snapshot.lastAccessed) readAccessAdvisor(collection, snapshot.lastAccessed);
  const events = eventReading(index, catalog);
  if (snapshot.events) readEvents(collection, events, snapshot.events, 'cloudtrail', 'CloudTrail lookup-events');
  if (snapshot.lakeEvents)
    readEvents(collection, events, snapshot.lakeEvents, 'cloudtrail-lake', 'CloudTrail Lake query results');
  readRoleLastUsed(collection, snapshot.authorizationDetails.roles);
  if (snapshot.credentialReport) readCredentialReport(collection, snapshot.credentialReport);
  return finishedModel(collection, index, events.dataEventServices);
}

function startCollection(end: number, days: number, catalog: ActionCatalog): Collection {
  const window: UsageWindow = {
    days,
    start: new Date(end - days * DAY_MS).toISOString(),
    end: new Date(end).toISOString(),
  };
  return { catalog, window, start: Date.parse(window.start), end, builders: new Map(), sources: [], covering: [] };
}

function builderOf(collection: Collection, arn: string): PrincipalUsageBuilder {
  let b = collection.builders.get(arn);
  if (!b) collection.builders.set(arn, (b = new PrincipalUsageBuilder(arn, collection.start, collection.catalog)));
  return b;
}

function readAccessAdvisor(collection: Collection, lastAccessed: Record<string, AccessAdvisorReport>): void {
  const { catalog, end, window } = collection;
  let oldestJob = end;
  for (const [arn, report] of Object.entries(lastAccessed)) {
    const b = builderOf(collection, arn);
    b.covered('access-advisor');
    for (const service of report.services) {
      b.service(service.namespace, service.lastAuthenticated, 'access-advisor');
      for (const tracked of service.trackedActions ?? []) {
        const i = tracked.lastAccessed ? catalog.indexOf(tracked.action) : undefined;
        if (i !== undefined) b.action(i, tracked.lastAccessed!, 'access-advisor', undefined);
      }
    }
    if (report.jobCompletionDate) oldestJob = Math.min(oldestJob, Date.parse(report.jobCompletionDate));
  }
  collection.sources.push({
    source: 'access-advisor',
    level: 'action',
    from: window.start,
    to: new Date(oldestJob).toISOString(),
    coversWindow: true,
    detail: `IAM access advisor for ${plural(Object.keys(lastAccessed).length, 'principal')}: services (400 days of history), actions only for the services AWS tracks at action level`,
  });
}

function eventReading(index: AccountIndex, catalog: ActionCatalog): EventReading {
  return {
    index,
    mapper: new EventActionMapper(catalog),
    dataPlane: new Set(Object.values(DATA_PLANE_ACTIONS).flat()),
    roleByName: new Map(index.snapshot.authorizationDetails.roles.map((r) => [r.name, r.arn])),
    dataEventServices: new Set<string>(),
  };
}

function readEvents(
  collection: Collection,
  reading: EventReading,
  events: readonly UsageEvent[],
  source: EventSource,
  what: string,
): void {
  const { start } = collection;
  let oldest = collection.end;
  for (const event of events) {
    const t = Date.parse(event.time);
    if (Number.isNaN(t)) continue;
    oldest = Math.min(oldest, t);
    readEvent(collection, reading, event, t, source);
  }
  collection.covering.push(source);
  const from = Math.max(oldest, start);
  collection.sources.push({
    source,
    level: 'action',
    from: new Date(from).toISOString(),
    to: collection.window.end,
    coversWindow: from <= start + DAY_MS,
    detail: `${what}: ${plural(events.length, 'event')} from ${new Date(oldest).toISOString().slice(0, 10)}; management events, and data events only if the trail recorded them`,
  });
}

function readEvent(
  collection: Collection,
  reading: EventReading,
  event: UsageEvent,
  t: number,
  source: EventSource,
): void {
  const arn = principalArnOf(event, reading.roleByName);
  if (!arn || !reading.index.get(arn)) return;
  const b = builderOf(collection, arn);
  if (event.errorCode && AUTHORIZATION_FAILURE.test(event.errorCode)) {
    b.denied();
    return;
  }
  const mapping = reading.mapper.map(event.eventSource, event.eventName);
  const service = reading.mapper.servicePrefix(event.eventSource);
  if (service) b.service(service, event.time, source);
  if (mapping.kind === 'unmapped') {
    if (t >= collection.start) b.unmapped(event.eventSource, event.eventName, mapping.reason);
    return;
  }
  for (const action of mapping.actions) {
    b.action(collection.catalog.indexOf(action)!, event.time, source, event.resourceArns ?? []);
    if (reading.dataPlane.has(action)) reading.dataEventServices.add(action.slice(0, action.indexOf(':')));
  }
}

function readRoleLastUsed(collection: Collection, roles: readonly IamRole[]): void {
  for (const role of roles) {
    const b = builderOf(collection, role.arn);
    b.covered('role-last-used');
    if (role.lastUsed) b.principalUse(role.lastUsed.date, 'role-last-used');
  }
  collection.sources.push({
    source: 'role-last-used',
    level: 'principal',
    from: collection.window.start,
    to: collection.window.end,
    coversWindow: true,
    detail: 'RoleLastUsed (400 days): when a role was last used, not for what',
  });
}

function readCredentialReport(collection: Collection, report: readonly CredentialReportRow[]): void {
  for (const row of report) {
    if (row.isRoot) continue;
    const b = builderOf(collection, row.arn);
    b.covered('credential-report');
    b.principalUse(row.passwordLastUsed, 'credential-report');
    for (const key of row.accessKeys) {
      b.principalUse(key.lastUsedDate, 'credential-report');
      if (key.lastUsedService && key.lastUsedDate)
        b.service(key.lastUsedService, key.lastUsedDate, 'credential-report');
    }
  }
  collection.sources.push({
    source: 'credential-report',
    level: 'service',
    from: collection.window.start,
    to: collection.window.end,
    coversWindow: true,
    detail: "credential report: password and access-key last use, and the service each key's last call went to",
  });
}

function finishedModel(collection: Collection, index: AccountIndex, dataEventServices: Set<string>): UsageModel {
  // Only these are kept for usageOf: the builders can go once built.
  const { window, sources, covering, start, catalog } = collection;
  const finished = new Map<string, PrincipalUsage>();
  for (const [arn, b] of collection.builders) finished.set(arn, b.build(covering));
  const empty = (arn: string) => new PrincipalUsageBuilder(arn, start, catalog).build(covering);
  const groupMembers = membersByGroup(index);
  return {
    window,
    sources,
    dataEventServices,
    usageOf(arn) {
      const own = finished.get(arn);
      const principal = index.get(arn);
      if (principal?.kind !== 'group') return own ?? empty(arn);
      // A group acts only through its members: its usage is theirs (and its own access-advisor report).
      const parts = [own, ...(groupMembers.get(principal.name) ?? []).map((m) => finished.get(m))].filter(
        (u): u is PrincipalUsage => u !== undefined,
      );
      return mergeUsage(arn, parts, start, catalog, covering);
    },
  };
}

function principalArnOf(event: UsageEvent, roleByName: ReadonlyMap<string, string>): string | undefined {
  const arn = event.principalArn;
  if (!arn) return undefined;
  // A session ARN (Lake rows without the session issuer): arn:aws:sts::123456789012:assumed-role/NAME/session.
  const session = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(arn);
  return session ? roleByName.get(session[1]!) : arn;
}

function membersByGroup(index: AccountIndex): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const user of index.snapshot.authorizationDetails.users)
    for (const group of user.groups) members.set(group, [...(members.get(group) ?? []), user.arn]);
  return members;
}

function mergeUsage(
  arn: string,
  parts: readonly PrincipalUsage[],
  start: number,
  catalog: ActionCatalog,
  covering: readonly UsageSourceKind[],
): PrincipalUsage {
  const merged = new PrincipalUsageBuilder(arn, start, catalog);
  for (const part of parts) merged.absorb(part);
  return merged.build(covering);
}
