import { PolicyEngine } from '../iam/index.js';
import { RULES } from '../risks/rules/index.js';
import { runRules } from '../risks/run.js';
import type { RuleSettings } from '../risks/settings.js';
import type { Finding } from '../risks/types.js';
import type { AccountSnapshot, IamEntity, ManagedPolicy, Principal } from '../snapshot/index.js';
import type { Suggestion } from './types.js';

/** What a suggested policy would do to the principal's open findings, by running their rules again. */
export interface SuggestionEffect {
  /** Findings the rules no longer report once the suggestion is in place. */
  resolved: Finding[];
  /** Findings the rules still report (a group's grants, a trust policy, what the principal uses). */
  remaining: Finding[];
}

export interface EffectContext {
  engine: PolicyEngine;
  settings: Partial<RuleSettings>;
  /** The time the findings were scanned at: rules about age judge the same way. */
  now: Date;
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
  if (findings.length === 0 || suggestion.verdict === 'unchanged' || suggestion.verdict === 'insufficient-data')
    return { resolved: [], remaining: [...findings] };
  const ruleIds = new Set(findings.map((f) => f.ruleId));
  // A fresh engine: the shared one caches compiled policies by id.
  const result = runRules(withSuggestion(snapshot, principal, suggestion), new PolicyEngine(ctx.engine.catalog), {
    now: ctx.now,
    rules: RULES.filter((r) => ruleIds.has(r.id)),
    settings: ctx.settings,
  });
  const still = new Set(result.findings.map((f) => f.id));
  return {
    resolved: findings.filter((f) => !still.has(f.id)),
    remaining: findings.filter((f) => still.has(f.id)),
  };
}

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
