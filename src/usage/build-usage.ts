import type { ActionCatalog } from '../iam/index.js';
import type { AccountIndex, AccountSnapshot, UsageEvent } from '../snapshot/index.js';
import { DATA_PLANE_ACTIONS } from './data-plane.js';
import { EventActionMapper } from './event-actions.js';
import { PrincipalUsageBuilder } from './principal-usage.js';
import type { PrincipalUsage, SourceCoverage, UsageModel, UsageSourceKind, UsageWindow } from './types.js';

const DAY_MS = 86_400_000;
/** A call that failed authorisation was not allowed: it is no evidence of a needed permission. */
const AUTHORIZATION_FAILURE = /AccessDenied|Unauthorized|Forbidden|NotAuthorized/i;

export interface UsageOptions {
  /** The tracking window in days before the snapshot's collection time. */
  windowDays: number;
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
  const end = Date.parse(snapshot.collectedAt);
  const window: UsageWindow = {
    days: options.windowDays,
    start: new Date(end - options.windowDays * DAY_MS).toISOString(),
    end: new Date(end).toISOString(),
  };
  const start = Date.parse(window.start);
  const builders = new Map<string, PrincipalUsageBuilder>();
  const builder = (arn: string) => {
    let b = builders.get(arn);
    if (!b) builders.set(arn, (b = new PrincipalUsageBuilder(arn, start, catalog)));
    return b;
  };
  const sources: SourceCoverage[] = [];
  const covering: UsageSourceKind[] = [];

  if (snapshot.lastAccessed) {
    let oldestJob = end;
    for (const [arn, report] of Object.entries(snapshot.lastAccessed)) {
      const b = builder(arn);
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
    sources.push({
      source: 'access-advisor',
      level: 'action',
      from: window.start,
      to: new Date(oldestJob).toISOString(),
      coversWindow: true,
      detail: `IAM access advisor for ${Object.keys(snapshot.lastAccessed).length} principal(s): services (400 days of history), actions only for the services AWS tracks at action level`,
    });
  }

  const mapper = new EventActionMapper(catalog);
  const dataPlane = new Set(Object.values(DATA_PLANE_ACTIONS).flat());
  const dataEventServices = new Set<string>();
  const roleByName = new Map(index.snapshot.authorizationDetails.roles.map((r) => [r.name, r.arn]));
  const addEvents = (events: readonly UsageEvent[], source: 'cloudtrail' | 'cloudtrail-lake', what: string) => {
    let oldest = end;
    for (const event of events) {
      const t = Date.parse(event.time);
      if (Number.isNaN(t)) continue;
      oldest = Math.min(oldest, t);
      const arn = principalArnOf(event, roleByName);
      if (!arn || !index.get(arn)) continue;
      const b = builder(arn);
      if (event.errorCode && AUTHORIZATION_FAILURE.test(event.errorCode)) {
        b.denied();
        continue;
      }
      const mapping = mapper.map(event.eventSource, event.eventName);
      const service = mapper.servicePrefix(event.eventSource);
      if (service) b.service(service, event.time, source);
      if (mapping.kind === 'unmapped') {
        if (t >= start) b.unmapped(event.eventSource, event.eventName, mapping.reason);
        continue;
      }
      for (const action of mapping.actions) {
        b.action(catalog.indexOf(action)!, event.time, source, event.resourceArns ?? []);
        if (dataPlane.has(action)) dataEventServices.add(action.slice(0, action.indexOf(':')));
      }
    }
    covering.push(source);
    const from = Math.max(oldest, start);
    sources.push({
      source,
      level: 'action',
      from: new Date(from).toISOString(),
      to: window.end,
      coversWindow: from <= start + DAY_MS,
      detail: `${what}: ${events.length} event(s) from ${new Date(oldest).toISOString().slice(0, 10)}; management events, and data events only if the trail recorded them`,
    });
  };
  if (snapshot.events) addEvents(snapshot.events, 'cloudtrail', 'CloudTrail lookup-events');
  if (snapshot.lakeEvents) addEvents(snapshot.lakeEvents, 'cloudtrail-lake', 'CloudTrail Lake query results');

  for (const role of snapshot.authorizationDetails.roles) {
    const b = builder(role.arn);
    b.covered('role-last-used');
    if (role.lastUsed) b.principalUse(role.lastUsed.date, 'role-last-used');
  }
  sources.push({
    source: 'role-last-used',
    level: 'principal',
    from: window.start,
    to: window.end,
    coversWindow: true,
    detail: 'RoleLastUsed (400 days): when a role was last used, not for what',
  });
  if (snapshot.credentialReport) {
    for (const row of snapshot.credentialReport) {
      if (row.isRoot) continue;
      const b = builder(row.arn);
      b.covered('credential-report');
      b.principalUse(row.passwordLastUsed, 'credential-report');
      for (const key of row.accessKeys) {
        b.principalUse(key.lastUsedDate, 'credential-report');
        if (key.lastUsedService && key.lastUsedDate)
          b.service(key.lastUsedService, key.lastUsedDate, 'credential-report');
      }
    }
    sources.push({
      source: 'credential-report',
      level: 'service',
      from: window.start,
      to: window.end,
      coversWindow: true,
      detail: "credential report: password and access-key last use, and the service each key's last call went to",
    });
  }

  const finished = new Map<string, PrincipalUsage>();
  for (const [arn, b] of builders) finished.set(arn, b.build(covering));
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
