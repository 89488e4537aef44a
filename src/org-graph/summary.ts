import { parseArn, type PolicyAttachment, type StatementRef } from '../iam/index.js';
import { adminLevel } from '../risks/admin.js';
import { describeOrganizationLevel, statementEvidence } from '../risks/capability.js';
import { rcpDecision } from '../risks/organization-caps.js';
import type { EscalationPath, EscalationStep } from '../risks/escalation/graph.js';
import { navigableEscalationGraph } from '../risks/escalation/shared.js';
import { trustGrants } from '../risks/trust.js';
import type { RuleContext } from '../risks/types.js';
import type { Principal } from '../snapshot/index.js';
import {
  SUMMARY_FORMAT,
  SUMMARY_FORMAT_VERSION,
  type AccountSummary,
  type Caller,
  type GrantPattern,
  type SummaryEscalation,
  type SummaryEscalationFrom,
  type SummaryStep,
  type TrustEntry,
  type TrustedRole,
} from './types.js';

const ASSUME_ROLE = 'sts:AssumeRole';
/** The trust statement actions that let a principal call sts:AssumeRole (as trust-edges.ts reads them). */
const ASSUME_IN_TRUST = /^(sts:(assumerole|assume\*|\*)|\*)$/i;

/**
 * One account's summary for the organisation pass (types.ts), from the rule context of its scan: pure, and built on
 * the escalation graph the rules use, so a path here is one the account's own findings would show.
 */
export function accountSummary(ctx: RuleContext, accountName?: string): AccountSummary {
  const account = ctx.snapshot.accountId;
  const graph = navigableEscalationGraph(ctx);
  // Every step once, by index: most paths share their steps (tens of paths through one escalation).
  const steps: SummaryStep[] = [];
  const stepIndex = new Map<string, number>();
  const indexOf = (step: EscalationStep) => {
    const key = `${step.from}\n${step.to}\n${step.title}`;
    let index = stepIndex.get(key);
    if (index === undefined) {
      index = steps.push(compactStep(step)) - 1;
      stepIndex.set(key, index);
    }
    return index;
  };
  const compactEscalation = (path: EscalationPath): SummaryEscalation => {
    const escalation: SummaryEscalation = { steps: path.steps.map(indexOf), reaches: path.reaches };
    if (path.reachesLevel) escalation.level = path.reachesLevel;
    if (path.conditional || path.assumptions.length > 0) escalation.conditional = true;
    return escalation;
  };
  const actors = ctx.index.principals.filter((p) => p.kind !== 'group');

  const trustedRoles: TrustedRole[] = [];
  for (const role of ctx.snapshot.authorizationDetails.roles) {
    const trusts = foreignTrust(ctx, role, account);
    if (trusts.length === 0) continue;
    const entry: TrustedRole = { arn: role.arn, trusts };
    const principal = ctx.index.get(role.arn);
    const level = principal && adminLevel(ctx, principal);
    if (level) entry.administrator = level;
    else {
      const path = graph.pathOf(role.arn);
      if (path) entry.escalation = compactEscalation(path);
    }
    trustedRoles.push(entry);
  }

  const administrators: AccountSummary['administrators'] = [];
  const escalations: SummaryEscalationFrom[] = [];
  for (const principal of actors) {
    const level = adminLevel(ctx, principal);
    if (level) {
      administrators.push({ arn: principal.arn, level });
      continue;
    }
    const path = graph.pathOf(principal.arn);
    if (path) escalations.push({ from: principal.arn, ...compactEscalation(path) });
  }
  // An administrator can become anyone here and assume any role: who surely reaches one reaches every caller, and is
  // listed once for all (a conditional escalation keeps its other paths: they may hold when it does not).
  const administratorArns = new Set(administrators.map((a) => a.arn));
  const surelyAdministrator = new Set([
    ...administratorArns,
    ...escalations.filter((e) => !e.conditional).map((e) => e.from),
  ]);
  const callers: Caller[] = [];
  for (const principal of actors) {
    if (administratorArns.has(principal.arn)) continue;
    const caller = callerOf(ctx, principal, account);
    if (caller) callers.push(caller);
  }
  // Who else can become each caller: one backwards search per caller over the account's graph.
  for (const caller of callers) {
    const pathFrom = graph.pathsTowards(new Set([caller.arn]));
    for (const principal of actors) {
      if (principal.arn === caller.arn || surelyAdministrator.has(principal.arn)) continue;
      const path = pathFrom(principal.arn);
      if (path) caller.reachedBy.push({ from: principal.arn, steps: path.steps.map(indexOf) });
    }
  }

  const summary: AccountSummary = {
    format: SUMMARY_FORMAT,
    version: SUMMARY_FORMAT_VERSION,
    accountId: account,
    collectedAt: ctx.snapshot.collectedAt,
    principals: ctx.index.principals.length,
    gaps: ctx.snapshot.gaps.map((g) => g.message),
    trustedRoles,
    callers,
    administrators,
    escalations,
    steps,
  };
  if (accountName) summary.accountName = accountName;
  return summary;
}

/** The trust statements of a role that let in principals of other accounts (or everyone). */
function foreignTrust(ctx: RuleContext, role: Parameters<typeof trustGrants>[0], account: string): TrustEntry[] {
  const entries: TrustEntry[] = [];
  for (const grant of trustGrants(role)) {
    if (grant.kind !== 'account' && grant.kind !== 'principal' && grant.kind !== 'everyone') continue;
    if (!(grant.statement.Action ?? []).some((a) => ASSUME_IN_TRUST.test(a))) continue;
    if (grant.kind !== 'everyone' && (grant.value === account || !/^\d{12}$/.test(grant.value))) continue;
    const entry: TrustEntry = {
      principal: grant.principal,
      kind: grant.kind,
      account: grant.kind === 'everyone' ? '*' : grant.value,
      statement: grant.statement.Sid ?? `#${grant.index}`,
    };
    const conditions = Object.values(grant.statement.Condition ?? {}).flatMap((keys) => Object.keys(keys));
    if (conditions.length > 0) entry.conditions = [...new Set(conditions)];
    const rcp = rcpOnHop(ctx, role.arn, entry);
    if (rcp) entry.rcp = rcp;
    entries.push(entry);
  }
  return entries;
}

/**
 * What the role account's RCPs say to sts:AssumeRole on the role from the principals a trust statement names. What the
 * summary knows of them is their account, whether it is in the organisation, and the principal when the trust names
 * one; RCP conditions on anything else leave the hop conditional.
 */
function rcpOnHop(ctx: RuleContext, roleArn: string, trust: TrustEntry): TrustEntry['rcp'] {
  // STS takes requests over TLS only, and a principal of an account is not an AWS service.
  const context = new Map<string, string[]>([
    ['aws:securetransport', ['true']],
    ['aws:principalisawsservice', ['false']],
  ]);
  // An account of the organisation has its id; any other is in another organisation or in none: both are tried.
  let orgIds: string[][] = [];
  const organization = ctx.snapshot.organization;
  if (trust.account !== '*') {
    context.set('aws:principalaccount', [trust.account]);
    if (organization)
      orgIds = ctx.snapshot.organizationAccountIds?.includes(trust.account)
        ? [[organization.organizationId]]
        : [['o-another-organization'], []];
  }
  if (trust.kind === 'principal') {
    context.set('aws:principalarn', [trust.principal]);
    const type = parseArn(trust.principal)?.resource.split('/')[0];
    if (type === 'role' || type === 'user')
      context.set('aws:principaltype', [type === 'role' ? 'AssumedRole' : 'User']);
  }
  const decisions = (orgIds.length > 0 ? orgIds : [undefined]).map((orgId) => {
    if (orgId) context.set('aws:principalorgid', orgId);
    return rcpDecision(ctx, ASSUME_ROLE, roleArn, context);
  });
  const decision = decisions[0];
  if (!decision) return undefined;
  const outcomes = new Set(decisions.map((d) => d!.outcome));
  if (outcomes.size === 1 && outcomes.has('allow')) return undefined;
  const rcpStatements = decisions.flatMap((d) => d!.matched.filter((m) => m.role === 'rcp'));
  if (outcomes.size > 1) return conditionalRcp(rcpStatements);
  if (decision.outcome === 'explicit-deny') {
    const deny = rcpStatements.find((m) => m.statement.effect === 'Deny' && !m.deciding)!;
    return { outcome: 'denied', evidence: `denied by ${statementEvidence(deny).summary}` };
  }
  if (decision.outcome === 'implicit-deny') {
    const level = ctx.snapshot.organization!.rcps!.find(
      (l) => !rcpStatements.some((m) => m.level === l && m.statement.effect === 'Allow'),
    );
    return {
      outcome: 'denied',
      evidence: level ? `no RCP at ${describeOrganizationLevel(level)} allows it` : 'the RCPs do not allow it',
    };
  }
  return conditionalRcp(rcpStatements);
}

/** The RCP statements that decide a hop on what the summary cannot know, each once (a policy sits at many levels). */
function conditionalRcp(rcpStatements: readonly StatementRef[]): TrustEntry['rcp'] {
  const deciding = new Map<string, StatementRef>();
  for (const m of rcpStatements)
    if (m.deciding && m.statement.effect === 'Deny') {
      const key = `${m.policy.id}#${m.statement.index}`;
      if (!deciding.has(key)) deciding.set(key, m);
    }
  const keys = [...new Set([...deciding.values()].flatMap((m) => m.deciding ?? []))];
  const statements = [...deciding.values()].map((m) => statementEvidence(m).summary);
  return {
    outcome: 'conditional',
    evidence: `${statements.join('; ') || 'an RCP'} decides it on ${keys.length > 0 ? keys.join(', ') : 'who the principal is'}`,
  };
}

/** A principal whose own statements allow sts:AssumeRole on a role of another account. */
function callerOf(ctx: RuleContext, principal: Principal, account: string): Caller | undefined {
  const index = ctx.engine.catalog.indexOf(ASSUME_ROLE);
  if (index === undefined || !ctx.effective(principal).allowed.has(index)) return undefined;
  const allow = statementsOn(ctx, principal.policies.identity, index, 'Allow', true);
  if (!allow.some((grant) => reachesOtherAccounts(grant, account))) return undefined;
  const caller: Caller = { arn: principal.arn, allow, reachedBy: [] };
  const scps = principal.policies.scps ?? [];
  const deny = [
    ...statementsOn(ctx, principal.policies.identity, index, 'Deny', false),
    ...scps.flatMap((level) => statementsOn(ctx, level.policies, index, 'Deny', false)),
  ];
  if (deny.length > 0) caller.deny = deny;
  if (principal.policies.boundary)
    caller.boundary = statementsOn(ctx, [principal.policies.boundary], index, 'Allow', true);
  if (scps.length > 0) caller.scps = scps.map((level) => statementsOn(ctx, level.policies, index, 'Allow', true));
  return caller;
}

/** The statements of `effect` about the action; Denies with conditions narrow when, not whether, so are left out. */
function statementsOn(
  ctx: RuleContext,
  policies: readonly PolicyAttachment[],
  actionIndex: number,
  effect: 'Allow' | 'Deny',
  withConditions: boolean,
): GrantPattern[] {
  const patterns: GrantPattern[] = [];
  for (const policy of policies)
    for (const statement of ctx.engine.compile(policy).statements) {
      if (statement.effect !== effect || !statement.actions.has(actionIndex)) continue;
      if (statement.hasCondition && !withConditions) continue;
      const pattern: GrantPattern = {
        resources: [...statement.resources],
        evidence: statementEvidence({ policy, statement, role: 'identity' }, ASSUME_ROLE).summary,
      };
      if (statement.notResource) pattern.notResource = true;
      if (statement.hasCondition) pattern.conditional = true;
      patterns.push(pattern);
    }
  return patterns;
}

/** Whether a statement's resources may name a role of an account other than `account`. */
function reachesOtherAccounts(grant: GrantPattern, account: string): boolean {
  if (grant.notResource) return true;
  return grant.resources.some((resource) => {
    if (resource === '*') return true;
    const arn = parseArn(resource);
    return (
      arn !== undefined && arn.account !== account && arn.account !== '' && /^(iam|\*|[^:]*\*[^:]*)$/.test(arn.service)
    );
  });
}

function compactStep(step: EscalationStep): SummaryStep {
  const compact: SummaryStep = { from: step.from, to: step.to, title: step.title };
  if (step.conditional) compact.conditional = true;
  if (step.assumption) compact.assumption = step.assumption;
  return compact;
}
