import type { PolicyEngine } from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import { confidenceOf, usageNotes, type Confidence, type UsageNote } from './confidence.js';
import type { HighRiskActions, HighRiskKind } from './high-risk.js';
import { countsByService } from './service-counts.js';
import type { SourceCoverage, UnmappedEvent, UsageModel, UsageSourceKind, UsageWindow } from './types.js';

export interface ServiceInsight {
  service: string;
  serviceName: string;
  provisionedActions: number;
  usedActions: number;
  /** 'actions': use known per action; 'service-only': used, actions unknown; 'unused': not used in the window. */
  detail: 'actions' | 'service-only' | 'unused';
  lastUsed?: string;
  /** Older use than the window, when that is all there is. */
  lastSeen?: string;
  unusedHighRisk: number;
}

export interface UsedActionInsight {
  action: string;
  lastUsed: string;
  sources: UsageSourceKind[];
  events: number;
  resources: string[];
  /** False: used (in the window) but today's policies do not allow it (changed since, or a resource policy). */
  allowedToday: boolean;
}

export interface PrincipalInsights {
  principal: { kind: string; name: string; arn: string };
  window: UsageWindow;
  /** The sources that hold data about this principal, with the part of the window each covers. */
  sources: SourceCoverage[];
  lastActivity?: { date: string; source: UsageSourceKind };
  provisioned: { actions: number; services: number };
  used: { actions: number; services: number };
  /** Used ÷ provisioned, 0…1 (actions: known action-level use only). */
  shareUsed: { actions: number; services: number };
  services: ServiceInsight[];
  usedActions: UsedActionInsight[];
  unusedHighRisk: { action: string; kinds: readonly HighRiskKind[] }[];
  unmappedEvents: UnmappedEvent[];
  deniedEvents: number;
  confidence: Confidence;
  notes: UsageNote[];
}

/** Provisioned (from the engine) against used (from the usage model) for one principal. Pure. */
export function principalInsights(
  engine: PolicyEngine,
  principal: Principal,
  model: UsageModel,
  highRisk: HighRiskActions,
): PrincipalInsights {
  const catalog = engine.catalog;
  const allowed = engine.effectivePermissions(principal.policies).allowed;
  const usage = model.usageOf(principal.arn);
  const used = catalog.emptySet();
  for (const a of usage.actions) used.add(a.index);
  const usedAllowed = used.intersection(allowed);
  const serviceUse = new Map(usage.services.map((s) => [s.service, s]));

  const services: ServiceInsight[] = [];
  const unusedHighRisk: PrincipalInsights['unusedHighRisk'] = [];
  const usedCounts = new Map(countsByService(catalog, usedAllowed).map((c) => [c.service.prefix, c.count]));
  // Per-service counts from set members, never a scan of the catalog: 10k principals run this.
  const riskyUnused = allowed.intersection(highRisk.set).removeAll(used);
  const riskyByService = new Map<string, number[]>();
  for (const i of riskyUnused) {
    const prefix = catalog.action(i).service;
    riskyByService.set(prefix, [...(riskyByService.get(prefix) ?? []), i]);
  }
  let usedServices = 0;
  for (const { service, count } of countsByService(catalog, allowed)) {
    const use = serviceUse.get(service.prefix);
    const usedActions = usedCounts.get(service.prefix) ?? 0;
    const detail = use?.lastUsed ? (use.actionLevel ? 'actions' : 'service-only') : 'unused';
    if (detail !== 'unused') usedServices++;
    // A service used without action detail may have used any of its actions: none is "unused" for sure.
    const risky = detail === 'service-only' ? [] : (riskyByService.get(service.prefix) ?? []);
    const unusedRisky = risky.length;
    for (const i of risky) unusedHighRisk.push({ action: catalog.action(i).key, kinds: highRisk.kindsOf(i) });
    const entry: ServiceInsight = {
      service: service.prefix,
      serviceName: service.name,
      provisionedActions: count,
      usedActions,
      detail,
      unusedHighRisk: unusedRisky,
    };
    if (use?.lastUsed) entry.lastUsed = use.lastUsed;
    else if (use?.lastSeen) entry.lastSeen = use.lastSeen;
    services.push(entry);
  }
  const order = { actions: 0, 'service-only': 1, unused: 2 };
  services.sort(
    (a, b) =>
      order[a.detail] - order[b.detail] ||
      b.usedActions - a.usedActions ||
      b.provisionedActions - a.provisionedActions ||
      a.service.localeCompare(b.service),
  );
  const provisionedActions = allowed.count();
  const notes = usageNotes(model, usage, principal, allowed, catalog);
  const insights: PrincipalInsights = {
    principal: { kind: principal.kind, name: principal.name, arn: principal.arn },
    window: model.window,
    sources: model.sources.filter((s) => usage.coveredBy.includes(s.source)),
    provisioned: { actions: provisionedActions, services: services.length },
    used: { actions: usedAllowed.count(), services: usedServices },
    shareUsed: {
      actions: share(usedAllowed.count(), provisionedActions),
      services: share(usedServices, services.length),
    },
    services,
    usedActions: usage.actions.map((a) => ({
      action: a.action,
      lastUsed: a.lastUsed,
      sources: a.sources,
      events: a.events,
      resources: a.resourceArns,
      allowedToday: allowed.has(a.index),
    })),
    unusedHighRisk,
    unmappedEvents: usage.unmappedEvents,
    deniedEvents: usage.deniedEvents,
    confidence: confidenceOf(notes),
    notes,
  };
  if (usage.lastActivity) insights.lastActivity = usage.lastActivity;
  return insights;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
}
