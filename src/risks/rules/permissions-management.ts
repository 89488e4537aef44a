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
    const eligible = (principal: Principal) =>
      // An administrator, or one that can become one (privilege-escalation), can empower anyone anyway.
      !adminLevel(ctx, principal) &&
      !escalating.has(principal.arn) &&
      !ctx.effective(principal).allowed.containsAll(everything) &&
      graph.pathOf(principal.arn) === undefined;
    const byHolder = new Map<Principal, Empowerment[]>();
    // Groups first: a method a member has only through a group reported for it is the group's finding.
    const groupMethods = new Map<Principal, Set<string>>();
    for (const group of ctx.index.principals)
      if (group.kind === 'group' && eligible(group)) {
        const found = empowerments.of(group);
        if (found.length === 0) continue;
        byHolder.set(group, found);
        groupMethods.set(group, new Set(found.map((e) => e.method.id)));
      }
    for (const principal of ctx.index.principals) {
      if (principal.kind === 'group' || !eligible(principal)) continue;
      const found = empowerments.of(principal, (method) => {
        const group = carryingGroup(ctx, principal, { action: method.targetAction! });
        return group !== undefined && groupMethods.get(group)?.has(method.id) === true;
      });
      if (found.length > 0) byHolder.set(principal, found);
    }
    const ranks = new PrivilegeRanks(ctx, (arn) => graph.pathOf(arn) !== undefined);
    return [...byHolder].map(([holder, found]) => empowerFinding(ctx, holder, found, ranks));
  },
};

/** How privileged principals are now (0 administrator, 1 can escalate, 2 neither), each worked out once per scan. */
class PrivilegeRanks {
  private readonly known = new Map<string, number>();

  constructor(
    private readonly ctx: RuleContext,
    private readonly escalates: (arn: string) => boolean,
  ) {}

  of(arn: string): number {
    let rank = this.known.get(arn);
    if (rank === undefined) this.known.set(arn, (rank = privilegeRank(this.ctx, arn, this.escalates)));
    return rank;
  }

  /**
   * Most dangerous first, as one number: what the target can be given (any permission or an administrator's, then
   * an escalating principal's, then less), then how privileged it is now, certain before conditional.
   */
  keyOf(target: EmpoweredTarget): number {
    const handover = target.handover === 'any-permission' ? 0 : this.of(target.handover.principal);
    return (handover * 3 + this.of(target.arn)) * 2 + (target.conditional ? 1 : 0);
  }
}

interface Keyed {
  target: EmpoweredTarget;
  key: number;
}

const handoverRankOf = (key: number) => Math.floor(key / 6);
const rankOf = (key: number) => Math.floor(key / 2) % 3;

function empowerFinding(
  ctx: RuleContext,
  holder: Principal,
  empowerments: readonly Empowerment[],
  ranks: PrivilegeRanks,
): FindingDraft {
  // Each target once, by its most dangerous way in.
  const best = new Map<string, Keyed>();
  for (const e of empowerments)
    for (const target of e.targets) {
      const key = ranks.keyOf(target);
      const known = best.get(target.arn);
      if (!known || key < known.key) best.set(target.arn, { target, key });
    }
  const all = [...best.values()];
  const top = mostDangerous(all, 1)[0]!;
  const n = all.length;
  const others = `${n} other principal${n === 1 ? '' : 's'}`;
  const certain = all.filter((t) => !t.target.conditional);
  const handover = top.target.handover;
  const gives =
    handover === 'any-permission'
      ? `can grant any permission to ${others}, e.g. ${label(ctx, top.target.arn, rankOf(top.key))}`
      : `can give ${others} the permissions of ${label(ctx, handover.principal, handoverRankOf(top.key))}, e.g. ${name(ctx, top.target.arn)}`;
  const conditions = certain.length === 0 ? ' (when conditions hold)' : '';
  const reach = holder.kind === 'group' ? ` — ${membersReach(ctx, holder, 3)}` : '';
  return {
    resourceArn: holder.arn,
    resourceType: holder.kind,
    resourceName: holder.name,
    title: `${holder.kind} ${holder.name} ${gives}${conditions}${reach}`,
    severity: empowerSeverity(certain.length > 0 ? certain : all, certain.length === 0, memberCount(ctx, holder)),
    evidence: [
      ...empowerments.flatMap((e) => methodEvidence(ctx, e, ranks)),
      ...(holder.kind === 'group' ? [{ summary: `reach: ${membersReach(ctx, holder, 20)}` }] : []),
    ],
  };
}

/** The first `count` by key, then ARN: one pass, no sort of thousands of targets. */
function mostDangerous(items: readonly Keyed[], count: number): Keyed[] {
  const top: Keyed[] = [];
  const before = (a: Keyed, b: Keyed) => a.key < b.key || (a.key === b.key && a.target.arn < b.target.arn);
  for (const item of items) {
    if (top.length === count && !before(item, top[count - 1]!)) continue;
    let i = Math.min(top.length, count - 1);
    top[i] = item;
    while (i > 0 && before(top[i]!, top[i - 1]!)) {
      [top[i], top[i - 1]] = [top[i - 1]!, top[i]!];
      i--;
    }
  }
  return top;
}

/**
 * High when a target can be made administrator (any permission written, or an administrator's or escalating
 * principal's permissions handed over); medium when only less is handed over; one lower when only conditions
 * allow it, two lower for a group without members.
 */
function empowerSeverity(pool: readonly Keyed[], onlyConditional: boolean, members: number | undefined): Severity {
  let severity: Severity = pool.some((t) => handoverRankOf(t.key) <= 1) ? 'high' : 'medium';
  if (onlyConditional) severity = lower(severity);
  if (members === 0) severity = lower(severity, 2);
  return severity;
}

function methodEvidence(ctx: RuleContext, e: Empowerment, ranks: PrivilegeRanks): Evidence[] {
  const keyed = e.targets.map((target) => ({ target, key: ranks.keyOf(target) }));
  const top = mostDangerous(keyed, NAMED_TARGETS);
  const named = top.map((t) => label(ctx, t.target.arn, rankOf(t.key)));
  const more = keyed.length > NAMED_TARGETS ? ` and ${keyed.length - NAMED_TARGETS} more` : '';
  const scope = e.everyTarget ? ` (on every ${resourceKind(e)} of the account)` : '';
  const line: Evidence = {
    summary: `${empoweringTitle(e.method)}: ${keyed.length} principal${keyed.length === 1 ? '' : 's'}${scope}: ${named.join(', ')}${more}${e.targets.every((t) => t.conditional) ? ' [only when conditions hold]' : ''}`,
    target: top[0]!.target.arn,
    actions: [e.method.targetAction!],
  };
  return [line, ...e.check.evidence.slice(0, 1)];
}

function name(ctx: RuleContext, arn: string): string {
  const p = ctx.index.get(arn);
  return p ? `${p.kind} ${p.name}` : arn;
}

function label(ctx: RuleContext, arn: string, rank: number): string {
  const what = rank === 0 ? ' (administrator)' : rank === 1 ? ' (can escalate)' : '';
  return `${name(ctx, arn)}${what}`;
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
