import type { Principal } from '../../snapshot/index.js';
import { adminActionSet, adminLevel } from '../admin.js';
import { ANY_PERMISSION, type EscalationPath } from '../escalation/graph.js';
import { latentPaths, type LatentPath } from '../escalation/latent.js';
import { ESCALATION_METHODS } from '../escalation/methods.js';
import { escalationGraph, keyList, pathEvidence } from '../escalation/shared.js';
import { carryingGroup, membersReach, type MethodAction } from '../group-placement.js';
import { memberCount } from '../group-members.js';
import { lower } from '../severity.js';
import type { Evidence, FindingDraft, Rule, RuleContext, Severity } from '../types.js';

export const privilegeEscalation: Rule = {
  id: 'privilege-escalation',
  title: 'Can escalate to administrator',
  severity: 'high',
  resourceTypes: ['user', 'role', 'group'],
  rationale:
    'A principal that can rewrite policies, pass a privileged role to new compute, mint credentials for another user or assume a more privileged role is an administrator in waiting: its own policy understates what it can do. A method that lacks only a target the account may gain (no role trusts the service yet) is a latent path, reported at low severity.',
  remediation:
    'Remove the first step of the path (the action named in the evidence), or scope it: iam:PassRole to the roles the workload needs, policy changes to a reviewed deployment role, sts:AssumeRole to named roles.',
  detect(ctx) {
    const { findings, latent } = escalationOutcome(ctx);
    return [...findings.values(), ...latent];
  },
};

/**
 * No path today, but a method it may use on every role (or policy) lacks only a target the account may gain:
 * low severity (a real path is critical or high, medium when conditional), since someone else's change
 * comes first; `--severity medium` leaves these out.
 */
function latentFinding(ctx: RuleContext, principal: Principal): FindingDraft[] {
  const latent = latentPaths(ctx).of(principal);
  const first = latent[0];
  if (!first) return [];
  const more = latent.length > 1 ? ` (+${latent.length - 1} more)` : '';
  return [
    {
      resourceArn: principal.arn,
      resourceType: principal.kind,
      resourceName: principal.name,
      title: `${principal.kind} ${principal.name} has a latent escalation path: ${first.method.title}, but ${first.missing}${more}${first.conditional ? ` (when conditions hold${keyList(first.conditionKeys)})` : ''}`,
      severity: 'low',
      evidence: latent.flatMap(latentEvidence),
      discriminator: 'latent',
    },
  ];
}

function latentEvidence(latent: LatentPath): Evidence[] {
  const evidence: Evidence[] = [
    {
      summary: `latent: ${latent.method.title} (${latent.method.id}): ${latent.missing}; a path the day it exists${latent.conditional ? ` [only when conditions hold${keyList(latent.conditionKeys)}]` : ''}`,
      actions: latent.method.actions.slice(),
    },
  ];
  for (const { check } of latent.checks) evidence.push(...check.evidence.slice(0, 1));
  return evidence;
}

/**
 * The findings of this rule by principal ARN, built once per scan: permissions-management reads which principals
 * it reports (a principal that can become administrator is not also reported as empowering others).
 */
export function escalationFindings(ctx: RuleContext): ReadonlyMap<string, FindingDraft> {
  return escalationOutcome(ctx).findings;
}

/** The paths of today (by principal ARN) and, for principals with none, the latent ones. */
function escalationOutcome(ctx: RuleContext): { findings: ReadonlyMap<string, FindingDraft>; latent: FindingDraft[] } {
  return ctx.shared('privilege-escalation-findings', () => {
    const graph = escalationGraph(ctx);
    const everything = adminActionSet(ctx, 'full');
    const findings = new Map<string, FindingDraft>();
    const latent: FindingDraft[] = [];
    // Members whose first step only a group's policy gives them: the finding sits on that group.
    const throughGroup = new Map<Principal, { member: Principal; path: EscalationPath }>();
    for (const principal of ctx.index.principals) {
      if (adminLevel(ctx, principal)) continue; // already admin-access
      // Administrator under conditions (e.g. with MFA) is a deliberate pattern, not an escalation.
      if (ctx.effective(principal).allowed.containsAll(everything)) continue;
      const path = graph.pathOf(principal.arn);
      if (!path) {
        latent.push(...latentFinding(ctx, principal));
        continue;
      }
      const group = carryingGroup(ctx, principal, firstMethodAction(path));
      if (group) {
        if (!throughGroup.has(group)) throughGroup.set(group, { member: principal, path });
        continue;
      }
      findings.set(principal.arn, escalationFinding(ctx, principal, path));
    }
    for (const [group, { member, path }] of throughGroup)
      if (!findings.has(group.arn)) findings.set(group.arn, escalationFinding(ctx, group, path, member));
    return { findings, latent };
  });
}

/**
 * The action that puts a path's first step in the holder's hands (the method's target action: the role passed,
 * the policy rewritten): a step of role assumption through a trust policy naming the holder has none.
 */
function firstMethodAction(path: EscalationPath): MethodAction {
  const first = path.steps[0]!;
  const method = ESCALATION_METHODS.find((m) => m.id === first.methodId);
  if (!method) return { action: '' };
  const action = first.actions.find((a) => a.action === method.targetAction) ?? first.actions[0];
  return action
    ? { action: action.action, ...(action.resource !== undefined && { resource: action.resource }) }
    : { action: '' };
}

/** The finding on the principal; for a group, with its members as reach (`member`: the one whose path it is). */
function escalationFinding(
  ctx: RuleContext,
  principal: Principal,
  path: EscalationPath,
  member?: Principal,
): FindingDraft {
  const members = memberCount(ctx, principal);
  const steps = `${path.steps.length} step${path.steps.length === 1 ? '' : 's'}`;
  const uncertainty = `${path.conditional ? ` (when conditions hold${keyList(path.conditionKeys)})` : ''}${path.assumptions.length > 0 ? ` (if ${path.assumptions[0]})` : ''}`;
  const reach = principal.kind === 'group' ? ` — ${membersReach(ctx, principal, 3)}` : '';
  const title = member
    ? `group ${principal.name} lets its members become ${describeTarget(ctx, path)} in ${steps}${uncertainty}${reach}`
    : `${principal.kind} ${principal.name} can become ${describeTarget(ctx, path)} in ${steps}${uncertainty}${reach}`;
  return {
    resourceArn: principal.arn,
    resourceType: principal.kind,
    resourceName: principal.name,
    title,
    severity: escalationSeverity(principal.kind, path, members),
    evidence: [
      ...(member ? [{ summary: `each member's path, e.g. user ${member.name}'s:`, target: member.arn }] : []),
      ...pathEvidence(ctx, path),
      ...(principal.kind === 'group' ? [{ summary: `reach: ${membersReach(ctx, principal, 20)}` }] : []),
    ],
    relatedArns: path.steps.map((s) => s.to).filter((to) => to !== ANY_PERMISSION),
  };
}

function describeTarget(ctx: RuleContext, path: EscalationPath): string {
  if (path.reaches === ANY_PERMISSION) return 'administrator (it can grant itself any permission)';
  const target = ctx.index.get(path.reaches);
  return `administrator via ${target ? `${target.kind} ${target.name}` : path.reaches}`;
}

/**
 * Impact × reach: a user's long-lived credentials make the path easiest to walk, and a group's members are users;
 * uncertainty lowers it, and a group without members grants nothing today.
 */
function escalationSeverity(kind: string, path: EscalationPath, members: number | undefined): Severity {
  let severity: Severity = kind === 'user' || (members ?? 0) > 0 ? 'critical' : 'high';
  if (path.conditional || path.assumptions.length > 0) severity = lower(severity);
  if (members === 0) severity = lower(severity, 2);
  return severity;
}
