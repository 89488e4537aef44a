import { PolicyEngine } from '../iam/index.js';
import { wildcardToRegExp } from '../iam/wildcard.js';
import { RULES } from '../risks/rules/index.js';
import { runRules } from '../risks/run.js';
import type { RuleSettings } from '../risks/settings.js';
import type { Evidence, Finding } from '../risks/types.js';
import type { AccountSnapshot, IamEntity, ManagedPolicy, Principal } from '../snapshot/index.js';
import type { PrincipalUsage } from '../usage/types.js';
import type { Suggestion } from './types.js';

/** What a suggested policy would do to the principal's open findings, by running their rules again. */
export interface SuggestionEffect {
  /** Findings the rules no longer report once the suggestion is in place. */
  resolved: Finding[];
  /** Findings the rules still report, each with what keeps it open. */
  remaining: StillOpen[];
}

export interface StillOpen {
  finding: Finding;
  /** What keeps the finding open with the suggestion in place; never empty. */
  why: KeepReason[];
}

/**
 * Why a finding stays: a kept action (used, or kept because the data cannot show which actions were used),
 * a policy the suggestion leaves as it is, or something a policy change cannot touch. `summary` says it in words.
 */
export type KeepReason = { summary: string } & (
  | { kind: 'used-action'; action: string; lastUsed: string; resources?: string[] }
  | { kind: 'used-service'; action: string; service: string; lastUsed?: string }
  | { kind: 'kept-action'; action: string }
  | { kind: 'group-policy'; group: string; policy: string }
  | { kind: 'group-grants'; group: string }
  | { kind: 'unreplaced-policy'; policy: string }
  | { kind: 'suggested-policy'; policy: string }
  | { kind: 'no-suggestion' }
  | { kind: 'not-a-policy'; subject: string }
);

export interface EffectContext {
  engine: PolicyEngine;
  settings: Partial<RuleSettings>;
  /** The time the findings were scanned at: rules about age judge the same way. */
  now: Date;
  /** The principal's usage the suggestion was made from: the last use of each action it keeps. */
  usage: PrincipalUsage;
}

/**
 * Runs the rules of the principal's findings on the snapshot with the suggestion in place: the principal's own
 * policies it replaces are gone, the suggested ones attached (group policies and the boundary stay, as they would).
 * A finding whose rule no longer reports it would be resolved. Pure.
 */
export function suggestionEffect(
  snapshot: AccountSnapshot,
  principal: Principal,
  suggestion: Suggestion,
  findings: readonly Finding[],
  ctx: EffectContext,
): SuggestionEffect {
  const stillOpen = (finding: Finding, after: Finding): StillOpen => ({
    finding,
    why: keepReasons(after, suggestion, ctx.usage),
  });
  if (findings.length === 0 || suggestion.verdict === 'unchanged' || suggestion.verdict === 'insufficient-data')
    return { resolved: [], remaining: findings.map((f) => stillOpen(f, f)) };
  const ruleIds = new Set(findings.map((f) => f.ruleId));
  // A fresh engine: the shared one caches compiled policies by id.
  const result = runRules(withSuggestion(snapshot, principal, suggestion), new PolicyEngine(ctx.engine.catalog), {
    now: ctx.now,
    rules: RULES.filter((r) => ruleIds.has(r.id)),
    settings: ctx.settings,
  });
  const still = new Map(result.findings.map((f) => [f.id, f]));
  const remaining: StillOpen[] = [];
  for (const f of findings) {
    const after = still.get(f.id);
    if (after) remaining.push(stillOpen(f, after));
  }
  return { resolved: findings.filter((f) => !still.has(f.id)), remaining };
}

/** What the rules of findings that rest on no policy are about: a policy change leaves them as they are. */
const NOT_A_POLICY: Readonly<Record<string, string>> = {
  'stale-access-key': 'an access key',
  'unused-access-key': 'an access key',
  'console-without-mfa': 'console sign-in without MFA',
  'root-usage': 'the root user',
  'open-trust': 'the trust policy',
  'cross-account-access': 'the trust policy',
  'unused-user': 'whether the user is used',
  'unused-role': 'whether the role is used',
};

/** A finding that rests on no policy the suggestion writes: what it is about, or the evidence it rests on. */
function untouched(finding: Finding): KeepReason {
  const subject = NOT_A_POLICY[finding.ruleId];
  if (subject)
    return { kind: 'not-a-policy', subject, summary: `about ${subject}, which the suggestion does not change` };
  // E.g. an escalation through another role's trust policy: the line that is not a step of the path says what.
  const basis = finding.evidence.find((e) => !e.actions && !e.target) ?? finding.evidence[0];
  return {
    kind: 'not-a-policy',
    subject: basis?.summary ?? finding.title,
    summary: `rests on what the suggestion does not change: ${basis?.summary ?? finding.title}`,
  };
}

/**
 * Why `after` (the finding as the rules report it with the suggestion in place) stays open, from its evidence:
 * the policy statements it names and the actions it is about. Pure.
 */
function keepReasons(after: Finding, suggestion: Suggestion, usage: PrincipalUsage): KeepReason[] {
  const suggested = new Set(suggestion.policies.map((p) => p.name));
  const own = new Set(suggestion.current.map((p) => p.name));
  const changes = suggestion.verdict === 'downsize' || suggestion.verdict === 'remove';
  const isPolicy = (e: Evidence) => e.policyName !== undefined || e.policyArn !== undefined;
  // The actions the finding is about: its own lines name them, the policy lines name whole statements.
  const about = [...new Set(after.evidence.filter((e) => !isPolicy(e)).flatMap((e) => e.actions ?? []))];
  const reasons = new Map<string, KeepReason>();
  const add = (r: KeepReason) => reasons.set(r.summary, r);
  for (const e of after.evidence.filter(isPolicy)) {
    const policy = e.policyName ?? e.policyArn!;
    if (e.viaGroup) {
      add({
        kind: 'group-policy',
        group: e.viaGroup,
        policy,
        summary: `policy ${policy} of group ${e.viaGroup} stays (suggest group/${e.viaGroup} downsizes it)`,
      });
      continue;
    }
    const kept = suggested.has(policy) || (!changes && own.has(policy));
    if (!kept) {
      add({ kind: 'unreplaced-policy', policy, summary: `policy ${policy} stays: the suggestion does not replace it` });
      continue;
    }
    if (suggestion.verdict === 'insufficient-data') {
      add({ kind: 'no-suggestion', summary: `no suggestion: ${suggestion.explanation}` });
      continue;
    }
    const granted = about.filter((a) => (e.actions ?? []).some((p) => wildcardToRegExp(p, 'i').test(a)));
    if (granted.length === 0 && suggested.has(policy))
      add({
        kind: 'suggested-policy',
        policy,
        summary: `the suggested policy ${policy} is itself attached to the ${after.resourceType} directly`,
      });
    for (const action of granted) add(keptAction(action, suggestion, usage));
  }
  if (reasons.size === 0 && after.ruleId === 'permissions-gap')
    for (const group of suggestion.fromGroups?.groups ?? [])
      add({
        kind: 'group-grants',
        group,
        summary: `unused permissions through group ${group} stay (suggest group/${group} downsizes them)`,
      });
  if (reasons.size === 0) add(untouched(after));
  return [...reasons.values()];
}

/** Why the suggestion keeps an action: it was used, or its service was used and no source says which actions. */
function keptAction(action: string, suggestion: Suggestion, usage: PrincipalUsage): KeepReason {
  const used = usage.actions.find((a) => a.action.toLowerCase() === action.toLowerCase());
  if (used) {
    // Scoped to what it was used on, it may still reach the target the finding names: say which resources.
    const scoped = suggestion.kept.scopedActions.includes(used.action);
    const on = scoped
      ? ` on ${used.resourceArns.slice(0, 2).join(', ')}${used.resourceArns.length > 2 ? ' …' : ''}`
      : '';
    return {
      kind: 'used-action',
      action,
      lastUsed: used.lastUsed,
      ...(scoped && { resources: used.resourceArns }),
      summary: `keeps ${action}${on}: used ${day(used.lastUsed)}`,
    };
  }
  const service = action.split(':')[0]!.toLowerCase();
  const use = usage.services.find((s) => s.service === service);
  if (use && !use.actionLevel)
    return {
      kind: 'used-service',
      action,
      service,
      ...(use.lastUsed && { lastUsed: use.lastUsed }),
      summary: `keeps ${action}: ${service} was used${use.lastUsed ? ` ${day(use.lastUsed)}` : ''} and no source says which actions`,
    };
  if (suggestion.kept.serviceWildcards.includes(service))
    return { kind: 'kept-action', action, summary: `keeps ${action}: written as ${service}:*, nearly all of it used` };
  return { kind: 'kept-action', action, summary: `keeps ${action}` };
}

const day = (iso: string) => iso.slice(0, 10);

/** The snapshot as it would be with the suggestion applied to the principal. */
function withSuggestion(snapshot: AccountSnapshot, principal: Principal, suggestion: Suggestion): AccountSnapshot {
  const accountId = snapshot.accountId;
  const replacedInline = new Set(suggestion.current.filter((p) => p.kind === 'inline').map((p) => p.name));
  const replacedManaged = new Set(suggestion.current.flatMap((p) => (p.kind === 'managed' && p.arn ? [p.arn] : [])));
  const created: ManagedPolicy[] = suggestion.policies.map((p) => ({
    arn: `arn:aws:iam::${accountId}:policy/${p.name}`,
    name: p.name,
    path: '/',
    awsManaged: false,
    document: p.document,
    versions: [],
  }));
  const change = <E extends IamEntity>(entity: E): E =>
    entity.arn !== principal.arn
      ? entity
      : {
          ...entity,
          inlinePolicies: entity.inlinePolicies.filter((p) => !replacedInline.has(p.name)),
          managedPolicyArns: [
            ...entity.managedPolicyArns.filter((arn) => !replacedManaged.has(arn)),
            ...created.map((p) => p.arn),
          ],
        };
  const details = snapshot.authorizationDetails;
  return {
    ...snapshot,
    authorizationDetails: {
      ...details,
      users: details.users.map(change),
      groups: details.groups.map(change),
      roles: details.roles.map(change),
      policies: [...details.policies.filter((p) => !created.some((c) => c.arn === p.arn)), ...created],
    },
  };
}
