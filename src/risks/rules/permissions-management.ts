import type { Principal } from '../../snapshot/index.js';
import { adminActionSet, adminLevel } from '../admin.js';
import {
  Empowerments,
  empoweringTitle,
  privilegeRank,
  type EmpoweredTarget,
  type Empowerment,
} from '../escalation/empowerment.js';
import { escalationGraph } from '../escalation/shared.js';
import { carryingGroup, membersReach } from '../group-placement.js';
import { memberCount } from '../group-members.js';
import { lower } from '../severity.js';
import type { Evidence, FindingDraft, Rule, RuleContext, Severity } from '../types.js';
import { escalationFindings } from './privilege-escalation.js';

/**
 * How many targets a finding names in its evidence; the count says how many there are. They are not related ARNs:
 * those are the principals that cause a finding (whose owners it goes to), and the targets suffer it.
 */
const NAMED_TARGETS = 5;

export const permissionsManagement: Rule = {
  id: 'permissions-management',
  title: 'Can empower other principals',
  severity: 'high',
  resourceTypes: ['user', 'role', 'group'],
  rationale:
    'A principal that can rewrite the policies of others, add users to groups or rewrite who may assume a role decides what other principals may do: one stolen credential or one mistake gives any of them any permission, though the principal itself never becomes administrator.',
  remediation:
    'Remove the IAM write in the evidence, or scope it to the principals and policies the job needs (a path such as role/app/*, named policies), or move it to a reviewed deployment role; a group policy is fixed once, on the group.',
  detect(ctx) {
    const escalating = escalationFindings(ctx);
    const graph = escalationGraph(ctx);
    const everything = adminActionSet(ctx, 'full');
    const empowerments = new Empowerments(ctx);
    const byHolder = new Map<Principal, Empowerment[]>();
    for (const principal of ctx.index.principals) {
      // An administrator, or one that can become one (privilege-escalation), can empower anyone anyway.
      if (adminLevel(ctx, principal) || escalating.has(principal.arn)) continue;
      if (ctx.effective(principal).allowed.containsAll(everything) || graph.pathOf(principal.arn)) continue;
      const found = empowerments.of(principal);
      if (found.length > 0) byHolder.set(principal, found);
    }
    const escalates = (arn: string) => graph.pathOf(arn) !== undefined;
    const findings: FindingDraft[] = [];
    for (const [holder, all] of byHolder) {
      // A method a member has only through a group reported for it is the group's finding, not the member's.
      const own = all.filter((e) => {
        const group = carryingGroup(ctx, holder, { action: e.method.targetAction!, resource: e.targets[0]!.resource });
        return !(group && byHolder.get(group)?.some((g) => g.method.id === e.method.id));
      });
      if (own.length > 0) findings.push(empowerFinding(ctx, holder, own, escalates));
    }
    return findings;
  },
};

interface Ranked extends EmpoweredTarget {
  /** What the target can be given: 0 any permission or an administrator's, 1 an escalating principal's, 2 less. */
  handoverRank: number;
  /** How privileged the target is now: 0 administrator, 1 can escalate, 2 neither. */
  rank: number;
}

function empowerFinding(
  ctx: RuleContext,
  holder: Principal,
  empowerments: Empowerment[],
  escalates: (arn: string) => boolean,
): FindingDraft {
  const rankOf = (arn: string) => privilegeRank(ctx, arn, escalates);
  const rankAll = (targets: readonly EmpoweredTarget[]): Ranked[] =>
    targets
      .map((t) => ({
        ...t,
        handoverRank: t.handover === 'any-permission' ? 0 : rankOf(t.handover.principal),
        rank: rankOf(t.arn),
      }))
      .sort(byPrivilege(ctx));
  // Each target once, by its most dangerous way in.
  const best = new Map<string, Ranked>();
  for (const e of empowerments)
    for (const t of rankAll(e.targets)) {
      const known = best.get(t.arn);
      if (!known || byPrivilege(ctx)(t, known) < 0) best.set(t.arn, t);
    }
  const targets = [...best.values()].sort(byPrivilege(ctx));
  const top = targets[0]!;
  const n = targets.length;
  const others = `${n} other principal${n === 1 ? '' : 's'}`;
  const certain = targets.filter((t) => !t.conditional);
  const gives =
    top.handover === 'any-permission'
      ? `can grant any permission to ${others}, e.g. ${label(ctx, top)}`
      : `can give ${others} the permissions of ${label(ctx, { ...top, arn: top.handover.principal, rank: top.handoverRank })}, e.g. ${name(ctx, top.arn)}`;
  const conditions = certain.length === 0 ? ' (when conditions hold)' : '';
  const reach = holder.kind === 'group' ? ` — ${membersReach(ctx, holder, 3)}` : '';
  return {
    resourceArn: holder.arn,
    resourceType: holder.kind,
    resourceName: holder.name,
    title: `${holder.kind} ${holder.name} ${gives}${conditions}${reach}`,
    severity: empowerSeverity(targets, memberCount(ctx, holder)),
    evidence: [
      ...empowerments.flatMap((e) => methodEvidence(ctx, e, rankAll(e.targets))),
      ...(holder.kind === 'group' ? [{ summary: `reach: ${membersReach(ctx, holder, 20)}` }] : []),
    ],
  };
}

/** Most dangerous first: what the target can be given, then how privileged it is now, certain before conditional. */
function byPrivilege(ctx: RuleContext) {
  return (a: Ranked, b: Ranked): number =>
    a.handoverRank - b.handoverRank ||
    a.rank - b.rank ||
    Number(a.conditional) - Number(b.conditional) ||
    name(ctx, a.arn).localeCompare(name(ctx, b.arn));
}

/**
 * High when a target can be made administrator (any permission written, or an administrator's or escalating
 * principal's permissions handed over) without conditions; lower when only less is handed over, when only
 * conditions allow it, and for a group without members.
 */
function empowerSeverity(targets: readonly Ranked[], members: number | undefined): Severity {
  const certain = targets.filter((t) => !t.conditional);
  const pool = certain.length > 0 ? certain : targets;
  let severity: Severity = pool.some((t) => t.handoverRank <= 1) ? 'high' : 'medium';
  if (certain.length === 0) severity = lower(severity);
  if (members === 0) severity = lower(severity, 2);
  return severity;
}

function methodEvidence(ctx: RuleContext, e: Empowerment, targets: readonly Ranked[]): Evidence[] {
  const named = targets.slice(0, NAMED_TARGETS).map((t) => label(ctx, t));
  const more = targets.length > NAMED_TARGETS ? ` and ${targets.length - NAMED_TARGETS} more` : '';
  const scope = e.everyTarget ? ` (on every ${resourceKind(e)} of the account)` : '';
  const line: Evidence = {
    summary: `${empoweringTitle(e.method)}: ${targets.length} principal${targets.length === 1 ? '' : 's'}${scope}: ${named.join(', ')}${more}${targets.every((t) => t.conditional) ? ' [only when conditions hold]' : ''}`,
    target: targets[0]!.arn,
    actions: [e.method.targetAction!],
  };
  return [line, ...e.check.evidence.slice(0, 1)];
}

function name(ctx: RuleContext, arn: string): string {
  const p = ctx.index.get(arn);
  return p ? `${p.kind} ${p.name}` : arn;
}

function label(ctx: RuleContext, t: { arn: string; rank: number }): string {
  const what = t.rank === 0 ? ' (administrator)' : t.rank === 1 ? ' (can escalate)' : '';
  return `${name(ctx, t.arn)}${what}`;
}

/** What the method's Resource names: its grant on every one of them reaches every target. */
function resourceKind(e: Empowerment): string {
  switch (e.method.kind) {
    case 'modify-attached-policy':
      return 'customer-managed policy';
    case 'join-group':
      return 'group';
    case 'update-trust':
      return 'role';
    default:
      return e.method.principalKind ?? 'principal';
  }
}
