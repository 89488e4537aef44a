import type { EffectivePermissions, PolicyEngine } from '../iam/index.js';
import { AccountIndex, type AccountSnapshot, type Principal } from '../snapshot/index.js';
import { consoleUrl } from './console-url.js';
import { findingId } from './finding-id.js';
import { RULES } from './rules/index.js';
import { unknownActionNotices } from './unknown-actions.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.js';
import { SEVERITIES, type Finding, type Rule, type RuleContext, type RuleNotice, type ScanResult } from './types.js';

export interface ScanOptions {
  now: Date;
  rules?: readonly Rule[];
  settings?: Partial<RuleSettings>;
}

/** Runs every rule over one snapshot. Pure: the shared context (index, effective permissions) is built once. */
export function runRules(snapshot: AccountSnapshot, engine: PolicyEngine, options: ScanOptions): ScanResult {
  return runRulesIn(createRuleContext(snapshot, engine, options), options.rules ?? RULES);
}

/** The same over a context the caller keeps (an organisation scan reads the escalation graph again for its summary). */
export function runRulesIn(ctx: RuleContext, rules: readonly Rule[] = RULES): ScanResult {
  const { snapshot, index, engine } = ctx;

  const findings: Finding[] = [];
  // Findings of an account in an organisation say where it sits, as the organisation pass's findings do.
  const ouPath = snapshot.organization?.ouPath;
  const notices: RuleNotice[] = [];
  let currentRule = '';
  ctx.notice = (message) => notices.push({ ruleId: currentRule, message });
  for (const rule of rules) {
    currentRule = rule.id;
    const missing = (rule.needs ?? []).filter((source) => snapshot[source] === undefined);
    if (missing.length > 0) {
      notices.push({ ruleId: rule.id, message: `not run: the snapshot has no ${missing.join(', ')}` });
      continue;
    }
    for (const draft of rule.detect(ctx)) {
      const finding: Finding = {
        id: findingId(rule.id, snapshot.accountId, draft.resourceArn, draft.discriminator),
        ruleId: rule.id,
        severity: draft.severity ?? rule.severity,
        accountId: snapshot.accountId,
        resourceArn: draft.resourceArn,
        resourceType: draft.resourceType,
        resourceName: draft.resourceName,
        title: draft.title,
        evidence: draft.evidence,
        remediation: {
          summary: rule.remediation,
          consoleUrl: consoleUrl(draft.resourceType, draft.resourceArn, draft.resourceName),
        },
      };
      // Set after the others (not spread in): same key order, no temporary object per finding.
      if (draft.relatedArns && draft.relatedArns.length > 0) finding.relatedArns = draft.relatedArns;
      if (ouPath !== undefined) finding.ouPath = ouPath;
      findings.push(finding);
    }
  }
  const affected = new Set(snapshot.problems.filter((p) => p.level === 'error' && p.subject).map((p) => p.subject));
  if (affected.size > 0)
    notices.push({
      ruleId: '*',
      message: `${affected.size} polic${affected.size === 1 ? 'y has' : 'ies have'} errors (listed under problems); the principals using them were analysed without the broken parts`,
    });
  return {
    accountId: snapshot.accountId,
    collectedAt: snapshot.collectedAt,
    findings: inReportOrder(findings),
    notices,
    unknownActions: unknownActionNotices(index.principals, engine),
    gaps: snapshot.gaps,
    problems: snapshot.problems,
    stats: {
      principals: index.principals.length,
      policies: snapshot.authorizationDetails.policies.length,
      rules: rules.length,
    },
  };
}

/**
 * Severity, then rule, then resource ARN (stable for equal keys). Grouped by severity and rule first:
 * a few dozen groups, so the ARN comparisons, the costly part at 30,000 findings, stay within a group.
 */
function inReportOrder(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.severity}\n${finding.ruleId}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      SEVERITIES.indexOf(a[0]!.severity) - SEVERITIES.indexOf(b[0]!.severity) ||
      a[0]!.ruleId.localeCompare(b[0]!.ruleId),
  );
  return ordered.flatMap((group) => group.sort((a, b) => a.resourceArn.localeCompare(b.resourceArn)));
}

/**
 * What rules read: the index, effective permissions computed once per principal, values shared between
 * rules (the escalation graph). Access queries build one too, to reuse the escalation graph.
 */
export function createRuleContext(
  snapshot: AccountSnapshot,
  engine: PolicyEngine,
  options: Pick<ScanOptions, 'now' | 'settings'>,
): RuleContext {
  const index = new AccountIndex(snapshot);
  // By principal object, not ARN: an identity lookup is cheaper, and every rule asks for every principal.
  const effectiveCache = new Map<Principal, EffectivePermissions>();
  const sharedValues = new Map<string, unknown>();
  return {
    snapshot,
    index,
    engine,
    now: options.now,
    settings: { ...DEFAULT_RULE_SETTINGS, ...options.settings },
    shared<T>(key: string, build: () => T): T {
      if (!sharedValues.has(key)) sharedValues.set(key, build());
      return sharedValues.get(key) as T;
    },
    notice: () => undefined,
    effective(principal: Principal) {
      let effective = effectiveCache.get(principal);
      if (!effective) {
        effective = engine.effectivePermissions(principal.policies);
        effectiveCache.set(principal, effective);
      }
      return effective;
    },
  };
}
