import type {
  ActionCatalog,
  ActionSet,
  CompiledStatement,
  EffectivePermissions,
  PolicyAttachment,
  PolicyEngine,
  PrincipalPolicies,
  Statement,
} from '../iam/index.js';
import type { Principal } from '../snapshot/index.js';
import { confidenceOf, usageNotes, type UsageNote } from '../usage/confidence.js';
import type { HighRiskActions } from '../usage/high-risk.js';
import { countsByService } from '../usage/service-counts.js';
import type { ActionUsage, PrincipalUsage, UsageModel } from '../usage/types.js';
import { policySize } from './policy-json.js';
import { scopeFor } from './resources.js';
import { MANAGED_POLICY_MAX_SIZE, packStatements } from './split.js';
import type { NamedPolicy, ServiceChange, SuggestedPolicy, Suggestion } from './types.js';
import { plural } from '../text/plural.js';

export interface SuggestOptions {
  /** Share of a service's actions in use at which it may be written "service:*" (default 0.9). */
  nearlyAllShare?: number;
  /** Characters per managed policy (default AWS's 6,144). */
  maxPolicySize?: number;
}

/** What every phase of one principal's suggestion reads. */
interface Subject {
  engine: PolicyEngine;
  principal: Principal;
  highRisk: HighRiskActions;
  usage: PrincipalUsage;
  effective: EffectivePermissions;
  /** The principal's own policies: the ones the suggestion replaces. */
  own: PolicyAttachment[];
  /** Policies through its groups: left to each group's own suggestion. */
  viaGroups: PolicyAttachment[];
}

/** Statements of the suggestion that share Effect, Resource and Condition, before they are written out. */
interface Draft {
  resourceKey: 'Resource' | 'NotResource';
  resources: string[];
  condition: Statement['Condition'];
  actions: ActionSet;
  /** What the source statements granted: a wildcard may add only from these. */
  sourceActions: ActionSet;
  sids: Set<string | undefined>;
  scoped: boolean;
}

/** The principal's own statements cut down to the needed actions, before they are written out. */
interface Drafted {
  /** By Resource/NotResource, resources and Condition, in the order the source statements come. */
  drafts: Map<string, Draft>;
  /** Deny statements are kept as written (once each): removing one could only widen access. */
  denies: Map<string, Statement>;
  /** Actions narrowed from Resource "*" to the resources they were used on. */
  scopedActions: Set<string>;
}

/** Kept actions of one statement that go on the same resources. */
interface ScopeGroup {
  resources: string[];
  actions: number[];
}

interface UnusedVerdict {
  verdict: 'remove' | 'insufficient-data';
  explanation: string;
}

const QUARANTINE: Statement = { Sid: 'RightsizeQuarantine', Effect: 'Deny', Action: ['*'], Resource: ['*'] };

/**
 * A least-privilege replacement for a principal's own policies, from its usage. Pure.
 * Every used action stays allowed on what it was used on; Deny statements, conditions, NotResource and the
 * permissions boundary are kept; group policies are left to the group's own suggestion.
 */
export function suggestPolicy(
  engine: PolicyEngine,
  principal: Principal,
  model: UsageModel,
  highRisk: HighRiskActions,
  options: SuggestOptions = {},
): Suggestion {
  const subject = subjectOf(engine, principal, model, highRisk);
  const notes = usageNotes(model, subject.usage, principal, subject.effective.allowed, engine.catalog);
  const base = baseSuggestion(subject, model, notes);
  const unused = unusedVerdict(principal, subject.usage, model, notes);
  if (unused) return unusedSuggestion(subject, base, unused);

  const needed = neededActions(subject, notes);
  const { drafts, denies, scopedActions } = draftStatements(subject, needed);
  const { allowStatements, serviceWildcards } = writeAllowStatements(subject, drafts, options.nearlyAllShare ?? 0.9);
  const statements = uniqueSids([...allowStatements, ...denies.values()]);
  const policies = fitSizeLimit(principal, statements, options.maxPolicySize ?? MANAGED_POLICY_MAX_SIZE);

  const suggestion = withChanges(subject, {
    ...base,
    policies,
    kept: {
      actions: 0,
      services: [],
      serviceWildcards: [...serviceWildcards].sort(),
      scopedActions: [...scopedActions].sort(),
      denyStatements: denies.size,
      conditionalStatements: allowStatements.filter((s) => s.Condition).length,
    },
  });
  const groupUnused = unusedThroughGroups(engine, subject.viaGroups, subject.effective, needed);
  if (groupUnused) suggestion.fromGroups = groupUnused;
  return downsizeOrUnchanged(suggestion, subject.effective, scopedActions.size, model.window.days);
}

function subjectOf(engine: PolicyEngine, principal: Principal, model: UsageModel, highRisk: HighRiskActions): Subject {
  return {
    engine,
    principal,
    highRisk,
    usage: model.usageOf(principal.arn),
    effective: engine.effectivePermissions(principal.policies),
    own: principal.policies.identity.filter((p) => p.viaGroup === undefined),
    viaGroups: principal.policies.identity.filter((p) => p.viaGroup !== undefined),
  };
}

/** What every verdict reports: the principal, the data it rests on, what stays as it is. */
function baseSuggestion(subject: Subject, model: UsageModel, notes: UsageNote[]): Suggestion {
  const { principal, usage, effective } = subject;
  return {
    principal: { kind: principal.kind, name: principal.name, arn: principal.arn },
    verdict: 'insufficient-data',
    explanation: '',
    window: model.window,
    sources: model.sources.filter((s) => usage.coveredBy.includes(s.source)),
    current: subject.own.map(named),
    policies: [],
    unchanged: {
      groupPolicies: subject.viaGroups.map((p) => ({ name: p.name, group: p.viaGroup!, ...(p.arn && { arn: p.arn }) })),
      ...(principal.policies.boundary && {
        boundary: principal.policies.boundary.arn ?? principal.policies.boundary.name,
      }),
    },
    kept: {
      actions: 0,
      services: [],
      serviceWildcards: [],
      scopedActions: [],
      denyStatements: 0,
      conditionalStatements: 0,
    },
    removed: { actions: 0, services: [], byService: [], highRisk: [] },
    usedNotAllowedToday: usage.actions.filter((a) => !effective.allowed.has(a.index)).map((a) => a.action),
    confidence: confidenceOf(notes),
    notes,
  };
}

/** Nothing used in the window: quarantine, or no suggestion when the data cannot tell. */
function unusedSuggestion(subject: Subject, base: Suggestion, unused: UnusedVerdict): Suggestion {
  if (unused.verdict === 'insufficient-data') return { ...base, explanation: unused.explanation };
  return withChanges(
    subject,
    {
      ...base,
      verdict: 'remove',
      explanation: unused.explanation,
      policies: [suggested(`rightsize-quarantine-${subject.principal.name}`, [QUARANTINE])],
    },
    true,
  );
}

/** Used actions that today's policies allow, and those kept because the data cannot show their use. */
function neededActions(subject: Subject, notes: readonly UsageNote[]): ActionSet {
  const { usage, effective } = subject;
  const catalog = subject.engine.catalog;
  const needed = catalog.emptySet();
  for (const a of usage.actions) if (effective.allowed.has(a.index)) needed.add(a.index);
  for (const i of keptWithoutRecord(catalog, notes)) if (effective.allowed.has(i)) needed.add(i);
  return needed;
}

function draftStatements(subject: Subject, needed: ActionSet): Drafted {
  const { engine, usage } = subject;
  const usageByIndex = new Map<number, ActionUsage>(usage.actions.map((a) => [a.index, a]));
  const drafted: Drafted = { drafts: new Map(), denies: new Map(), scopedActions: new Set() };
  for (const policy of subject.own)
    for (const statement of engine.compile(policy).statements) {
      if (statement.effect === 'Deny') {
        drafted.denies.set(JSON.stringify(statement.source), statement.source);
        continue;
      }
      const keep = statement.actions.intersection(needed);
      if (keep.isEmpty()) continue;
      const resources = [...statement.resources];
      const groups = groupByScope(engine.catalog, statement, resources, keep, usageByIndex, drafted.scopedActions);
      for (const group of groups.values()) addToDraft(engine.catalog, drafted.drafts, statement, resources, group);
    }
  return drafted;
}

/** An action of a statement on "*" that usage shows on known resources only is narrowed to them. */
function groupByScope(
  catalog: ActionCatalog,
  statement: CompiledStatement,
  resources: string[],
  keep: ActionSet,
  usageByIndex: ReadonlyMap<number, ActionUsage>,
  scopedActions: Set<string>,
): Map<string, ScopeGroup> {
  const openToAll = !statement.notResource && resources.length === 1 && resources[0] === '*';
  const groups = new Map<string, ScopeGroup>();
  for (const i of keep) {
    const use = usageByIndex.get(i);
    const scope = openToAll && use?.resourcesComplete ? scopeFor(catalog.action(i), use.resourceArns) : undefined;
    if (scope) scopedActions.add(catalog.action(i).key);
    const key = (scope ?? resources).join('\n');
    const group = groups.get(key) ?? { resources: scope ?? resources, actions: [] };
    group.actions.push(i);
    groups.set(key, group);
  }
  return groups;
}

function addToDraft(
  catalog: ActionCatalog,
  drafts: Map<string, Draft>,
  statement: CompiledStatement,
  resources: string[],
  group: ScopeGroup,
): void {
  const resourceKey = statement.notResource ? 'NotResource' : 'Resource';
  const condition = statement.source.Condition;
  const key = JSON.stringify([resourceKey, group.resources, condition ?? null]);
  let draft = drafts.get(key);
  if (!draft) {
    draft = {
      resourceKey,
      resources: group.resources,
      condition,
      actions: catalog.emptySet(),
      sourceActions: catalog.emptySet(),
      sids: new Set(),
      scoped: group.resources !== resources,
    };
    drafts.set(key, draft);
  }
  for (const i of group.actions) draft.actions.add(i);
  draft.sourceActions.addAll(statement.actions);
  draft.sids.add(statement.sid);
}

/** A service (nearly) all in use is written "service:*" where that adds nothing risky; the rest action by action. */
function writeAllowStatements(
  subject: Subject,
  drafts: ReadonlyMap<string, Draft>,
  share: number,
): { allowStatements: Statement[]; serviceWildcards: Set<string> } {
  const catalog = subject.engine.catalog;
  const serviceWildcards = new Set<string>();
  const allowStatements = [...drafts.values()].map((draft) => {
    const names: string[] = [];
    for (const { service, count } of catalog.countByService(draft.actions)) {
      const total = service.end - service.start;
      if (count / total >= share && wildcardAddsNothingRisky(draft, service, subject.effective, subject.highRisk)) {
        names.push(`${service.prefix}:*`);
        serviceWildcards.add(service.prefix);
        continue;
      }
      for (let i = service.start; i < service.end; i++) if (draft.actions.has(i)) names.push(catalog.action(i).key);
    }
    const statement: Statement = { Effect: 'Allow', Action: names, [draft.resourceKey]: draft.resources };
    const onlySid = draft.sids.size === 1 ? [...draft.sids][0] : undefined;
    if (onlySid && !draft.scoped) statement.Sid = onlySid;
    if (draft.condition) statement.Condition = draft.condition;
    return statement;
  });
  return { allowStatements, serviceWildcards };
}

/** AWS caps the size of a managed policy: statements beyond it go to numbered policies. */
function fitSizeLimit(principal: Principal, statements: Statement[], maxPolicySize: number): SuggestedPolicy[] {
  const documents = packStatements(statements, maxPolicySize);
  const prefix = `rightsize-${principal.kind}-${principal.name}`.slice(0, 120);
  return documents.map((d, n) => suggested(documents.length > 1 ? `${prefix}-${n + 1}` : prefix, d.Statement));
}

function downsizeOrUnchanged(
  suggestion: Suggestion,
  effective: EffectivePermissions,
  scopedActions: number,
  days: number,
): Suggestion {
  if (suggestion.removed.actions === 0 && scopedActions === 0)
    return {
      ...suggestion,
      verdict: 'unchanged',
      policies: [],
      explanation: `every provisioned action of its own policies is in use (or its service is used without action detail): nothing to remove`,
    };
  const removedServices = suggestion.removed.services.length;
  return {
    ...suggestion,
    verdict: 'downsize',
    explanation:
      `keeps ${suggestion.kept.actions} of ${effective.allowed.count()} allowed actions (${plural(suggestion.kept.services.length, 'service')}) and removes ${suggestion.removed.actions}` +
      `${removedServices > 0 ? `, ${plural(removedServices, 'service')} entirely` : ''}` +
      `${scopedActions > 0 ? `; ${plural(scopedActions, 'action')} scoped to the resources they were used on` : ''}` +
      `; every action used in the last ${days} days stays allowed`,
  };
}

/** The principal policies the suggestion leaves: suggested policies, the groups' policies, the boundary. */
export function suggestedPrincipalPolicies(principal: Principal, suggestion: Suggestion): PrincipalPolicies {
  if (suggestion.verdict === 'insufficient-data' || suggestion.verdict === 'unchanged') return principal.policies;
  return policiesAfter(principal, suggestion.policies, suggestion.verdict === 'remove');
}

function policiesAfter(
  principal: Principal,
  policies: readonly SuggestedPolicy[],
  quarantine: boolean,
): PrincipalPolicies {
  const identity: PolicyAttachment[] = policies.map((p) => ({
    id: `rightsize:suggested:${principal.arn}:${p.name}:${fingerprint(JSON.stringify(p.document))}`,
    name: p.name,
    kind: 'managed',
    document: p.document,
  }));
  // Quarantine denies everything, group grants included; otherwise groups keep granting what they grant.
  if (!quarantine) identity.push(...principal.policies.identity.filter((p) => p.viaGroup !== undefined));
  // The boundary and the organisation's SCPs and RCPs stay: only the identity policies change.
  const { boundary, scps, rcps } = principal.policies;
  return { identity, ...(boundary && { boundary }), ...(scps && { scps }), ...(rcps && { rcps }) };
}

/** Fills `kept` and `removed` by comparing today's effective permissions with the suggestion's. */
function withChanges(subject: Subject, suggestion: Suggestion, quarantine = false): Suggestion {
  const { engine, principal, highRisk, effective } = subject;
  const catalog = engine.catalog;
  const after = engine.effectivePermissions(policiesAfter(principal, suggestion.policies, quarantine)).allowed;
  const removed = effective.allowed.difference(after);
  const keptSet = after.intersection(effective.allowed);
  const byService: ServiceChange[] = [];
  const keptCounts = new Map(countsByService(catalog, after).map((c) => [c.service.prefix, c.count]));
  for (const { service, count } of countsByService(catalog, effective.allowed)) {
    const keptActions = keptCounts.get(service.prefix) ?? 0;
    if (keptActions < count)
      byService.push({ service: service.prefix, keptActions, removedActions: count - keptActions });
  }
  const highRiskRemoved = removed.intersection(highRisk.set);
  return {
    ...suggestion,
    kept: {
      ...suggestion.kept,
      actions: keptSet.count(),
      services: countsByService(catalog, keptSet).map((c) => c.service.prefix),
    },
    removed: {
      actions: removed.count(),
      services: byService.filter((s) => s.keptActions === 0).map((s) => s.service),
      byService,
      highRisk: [...highRiskRemoved].map((i) => ({ action: catalog.action(i).key, kinds: highRisk.kindsOf(i) })),
    },
  };
}

/** "service:*" only adds actions the source statements granted and the principal has, none of them high-risk. */
function wildcardAddsNothingRisky(
  draft: Draft,
  service: { start: number; end: number },
  effective: EffectivePermissions,
  highRisk: HighRiskActions,
): boolean {
  for (let i = service.start; i < service.end; i++) {
    if (draft.actions.has(i)) continue;
    if (!draft.sourceActions.has(i) || !effective.allowed.has(i) || highRisk.set.has(i)) return false;
  }
  return true;
}

function unusedVerdict(
  principal: Principal,
  usage: PrincipalUsage,
  model: UsageModel,
  notes: readonly UsageNote[],
): UnusedVerdict | undefined {
  const start = Date.parse(model.window.start);
  const usedInWindow = usage.actions.length > 0 || usage.services.some((s) => s.lastUsed !== undefined);
  if (usedInWindow) return undefined;
  const days = model.window.days;
  const blocking = notes.find((n) => n.kind === 'new-principal' || n.kind === 'used-without-detail');
  if (blocking) return { verdict: 'insufficient-data', explanation: `no suggestion: ${blocking.message}` };
  const last = usage.lastActivity;
  if (last && Date.parse(last.date) >= start)
    return {
      verdict: 'insufficient-data',
      explanation: `used on ${last.date.slice(0, 10)} (${last.source}), but no source says what it used`,
    };
  const authoritative =
    usage.coveredBy.some((s) => s === 'access-advisor' || s === 'role-last-used' || s === 'credential-report') ||
    model.sources.some((s) => usage.coveredBy.includes(s.source) && s.level === 'action' && s.coversWindow);
  if (principal.kind === 'group' && !authoritative)
    return { verdict: 'insufficient-data', explanation: 'no usage data for any member of the group' };
  if (!authoritative)
    return {
      verdict: 'insufficient-data',
      explanation: `no suggestion: ${notes.find((n) => n.kind === 'no-usage-data')?.message ?? 'no source covers the window'}`,
    };
  const evidence = [
    last ? `last used ${last.date.slice(0, 10)} (${last.source})` : 'never used as far as any source remembers',
    ...usage.coveredBy.map((s) => sourceSays(s)),
  ];
  return {
    verdict: 'remove',
    explanation:
      `nothing used in the last ${days} days (${evidence.join('; ')}). ` +
      `Quarantine it with the deny-all policy below (reversible: detach it to restore access), then delete the ${principal.kind} once nobody has missed it.`,
  };
}

function sourceSays(source: string): string {
  switch (source) {
    case 'access-advisor':
      return 'access advisor shows no service used in the window';
    case 'role-last-used':
      return 'RoleLastUsed shows no use in the window';
    case 'credential-report':
      return 'the credential report shows no sign-in or key use in the window';
    default:
      return `${source} has no event of it in the window`;
  }
}

function unusedThroughGroups(
  engine: PolicyEngine,
  viaGroups: readonly PolicyAttachment[],
  effective: EffectivePermissions,
  needed: ActionSet,
): Suggestion['fromGroups'] {
  if (viaGroups.length === 0) return undefined;
  const granted = engine.catalog.emptySet();
  for (const p of viaGroups) granted.addAll(engine.compile(p).allowSome);
  const unused = granted.retainAll(effective.allowed).removeAll(needed).count();
  if (unused === 0) return undefined;
  return { unusedActions: unused, groups: [...new Set(viaGroups.map((p) => p.viaGroup!))].sort() };
}

function named(policy: PolicyAttachment): NamedPolicy {
  const entry: NamedPolicy = { name: policy.name, kind: policy.kind, document: policy.document };
  if (policy.arn) entry.arn = policy.arn;
  return entry;
}

function suggested(name: string, statements: Statement[]): SuggestedPolicy {
  const document = { Version: '2012-10-17', Statement: statements };
  return { name, document, size: policySize(document) };
}

/** AWS rejects a policy whose statements repeat a Sid. */
function uniqueSids(statements: Statement[]): Statement[] {
  const seen = new Map<string, number>();
  return statements.map((s) => {
    if (!s.Sid) return s;
    const n = (seen.get(s.Sid) ?? 0) + 1;
    seen.set(s.Sid, n);
    return n === 1 ? s : { ...s, Sid: `${s.Sid}${n}` };
  });
}

function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** Actions kept because the data cannot show whether they are used: services used without action detail, and
 * data-plane actions of used services that the events cannot show. */
export function keptWithoutRecord(catalog: ActionCatalog, notes: readonly UsageNote[]): number[] {
  const kept: number[] = [];
  for (const note of notes) {
    if (note.kind === 'service-level-only')
      for (const prefix of note.services ?? []) {
        const service = catalog.service(prefix)!;
        for (let i = service.start; i < service.end; i++) kept.push(i);
      }
    if (note.kind === 'data-events-unrecorded')
      for (const action of note.actions ?? []) {
        const i = catalog.indexOf(action);
        if (i !== undefined) kept.push(i);
      }
  }
  return kept;
}
