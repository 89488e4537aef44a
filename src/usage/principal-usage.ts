import type { ActionCatalog } from '../iam/index.js';
import type { ActionUsage, PrincipalUsage, ServiceUsage, UnmappedEvent, UsageSourceKind } from './types.js';

/**
 * How far a service's last use may lie after the last action-level record of it and still count as
 * explained by it: sources stamp the same call a little differently.
 */
const SAME_USE_TOLERANCE_MS = 4 * 3_600_000;

interface ActionState {
  lastUsed: number;
  sources: Set<UsageSourceKind>;
  events: number;
  resourceArns: Set<string>;
  /** A use without a resource: the action cannot be scoped. */
  unscoped: boolean;
  lastEvent: number;
  lastAdvisor: number;
}

interface ServiceState {
  lastUsed: number;
  lastSeen: number;
  sources: Set<UsageSourceKind>;
  /** A merged member used it without action-level records. */
  serviceOnly: boolean;
}

const NEVER = -Infinity;

/** Accumulates one principal's usage records, then freezes them into a PrincipalUsage. */
export class PrincipalUsageBuilder {
  private readonly actions = new Map<number, ActionState>();
  private readonly services = new Map<string, ServiceState>();
  private readonly coveredBy = new Set<UsageSourceKind>();
  private readonly unmappedEvents = new Map<string, UnmappedEvent>();
  private lastActivity: { time: number; source: UsageSourceKind } | undefined;
  private deniedEvents = 0;

  constructor(
    readonly arn: string,
    /** Start of the window, epoch ms. */
    private readonly start: number,
    private readonly catalog: ActionCatalog,
  ) {}

  covered(source: UsageSourceKind): void {
    this.coveredBy.add(source);
  }

  denied(): void {
    this.deniedEvents++;
  }

  principalUse(date: string | undefined, source: UsageSourceKind): void {
    const t = date ? Date.parse(date) : NaN;
    if (!Number.isNaN(t) && (!this.lastActivity || t > this.lastActivity.time)) this.lastActivity = { time: t, source };
  }

  service(prefix: string, date: string | undefined, source: UsageSourceKind): void {
    const t = date ? Date.parse(date) : NaN;
    if (Number.isNaN(t)) return;
    const state = this.serviceState(prefix.toLowerCase());
    state.lastSeen = Math.max(state.lastSeen, t);
    if (t >= this.start) {
      state.lastUsed = Math.max(state.lastUsed, t);
      state.sources.add(source);
    }
    this.principalUse(date, source);
  }

  /** resourceArns undefined: the source never names resources (access advisor). */
  action(index: number, date: string, source: UsageSourceKind, resourceArns: readonly string[] | undefined): void {
    const t = Date.parse(date);
    if (Number.isNaN(t) || t < this.start) return;
    let state = this.actions.get(index);
    if (!state) {
      state = {
        lastUsed: NEVER,
        sources: new Set(),
        events: 0,
        resourceArns: new Set(),
        unscoped: false,
        lastEvent: NEVER,
        lastAdvisor: NEVER,
      };
      this.actions.set(index, state);
    }
    state.lastUsed = Math.max(state.lastUsed, t);
    state.sources.add(source);
    if (resourceArns === undefined) state.lastAdvisor = Math.max(state.lastAdvisor, t);
    else {
      state.events++;
      state.lastEvent = Math.max(state.lastEvent, t);
      if (resourceArns.length === 0) state.unscoped = true;
      for (const arn of resourceArns) state.resourceArns.add(arn);
    }
  }

  unmapped(eventSource: string, eventName: string, reason: string): void {
    const key = `${eventSource}\n${eventName}`;
    const entry = this.unmappedEvents.get(key);
    if (entry) entry.events++;
    else this.unmappedEvents.set(key, { eventSource, eventName, events: 1, reason });
  }

  /** Adds another principal's usage (a group member's) to this one. */
  absorb(usage: PrincipalUsage): void {
    for (const s of usage.coveredBy) this.coveredBy.add(s);
    for (const service of usage.services) {
      const state = this.serviceState(service.service);
      if (service.lastSeen) state.lastSeen = Math.max(state.lastSeen, Date.parse(service.lastSeen));
      if (service.lastUsed) state.lastUsed = Math.max(state.lastUsed, Date.parse(service.lastUsed));
      for (const s of service.sources) state.sources.add(s);
      if (service.lastUsed && !service.actionLevel) state.serviceOnly = true;
    }
    for (const a of usage.actions) {
      const before = this.actions.get(a.index)?.events ?? 0;
      for (const source of a.sources)
        this.action(a.index, a.lastUsed, source, source === 'access-advisor' ? undefined : a.resourceArns);
      const state = this.actions.get(a.index)!;
      state.events = before + a.events;
      if (!a.resourcesComplete) state.unscoped = true;
    }
    if (usage.lastActivity) this.principalUse(usage.lastActivity.date, usage.lastActivity.source);
    for (const u of usage.unmappedEvents) {
      const key = `${u.eventSource}\n${u.eventName}`;
      const entry = this.unmappedEvents.get(key);
      if (entry) entry.events += u.events;
      else this.unmappedEvents.set(key, { ...u });
    }
    this.deniedEvents += usage.deniedEvents;
  }

  build(coveringEveryone: readonly UsageSourceKind[]): PrincipalUsage {
    const catalog = this.catalog;
    const actions: ActionUsage[] = [...this.actions.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, s]) => ({
        action: catalog.action(index).key,
        index,
        lastUsed: iso(s.lastUsed),
        sources: [...s.sources].sort(),
        events: s.events,
        resourceArns: [...s.resourceArns].sort(),
        resourcesComplete:
          !s.unscoped && s.resourceArns.size > 0 && s.lastAdvisor <= s.lastEvent + SAME_USE_TOLERANCE_MS,
      }));
    const lastActionUse = new Map<string, number>();
    for (const [index, s] of this.actions) {
      const service = catalog.action(index).service;
      lastActionUse.set(service, Math.max(lastActionUse.get(service) ?? NEVER, s.lastUsed));
    }
    const services: ServiceUsage[] = [...this.services.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([service, s]) => {
        const entry: ServiceUsage = {
          service,
          sources: [...s.sources].sort(),
          actionLevel: false,
        };
        if (s.lastUsed !== NEVER) entry.lastUsed = iso(s.lastUsed);
        if (s.lastSeen !== NEVER) entry.lastSeen = iso(s.lastSeen);
        const explainedUntil = lastActionUse.get(service) ?? NEVER;
        entry.actionLevel =
          s.lastUsed !== NEVER && !s.serviceOnly && explainedUntil >= s.lastUsed - SAME_USE_TOLERANCE_MS;
        return entry;
      });
    const usage: PrincipalUsage = {
      arn: this.arn,
      services,
      actions,
      coveredBy: [...new Set([...this.coveredBy, ...coveringEveryone])].sort(),
      unmappedEvents: [...this.unmappedEvents.values()].sort((a, b) => b.events - a.events),
      deniedEvents: this.deniedEvents,
    };
    if (this.lastActivity) usage.lastActivity = { date: iso(this.lastActivity.time), source: this.lastActivity.source };
    return usage;
  }

  private serviceState(prefix: string): ServiceState {
    let state = this.services.get(prefix);
    if (!state)
      this.services.set(prefix, (state = { lastUsed: NEVER, lastSeen: NEVER, sources: new Set(), serviceOnly: false }));
    return state;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
