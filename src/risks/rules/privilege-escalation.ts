import { adminActionSet, adminLevel } from '../admin.js';
import { ANY_PERMISSION, type EscalationPath } from '../escalation/graph.js';
import { latentPaths, type LatentPath } from '../escalation/latent.js';
import { escalationGraph, keyList, pathEvidence } from '../escalation/shared.js';
import { memberCount } from '../group-members.js';
import { lower } from '../severity.js';
import type { Evidence, FindingDraft, Rule, RuleContext, Severity } from '../types.js';
import type { Principal } from '../../snapshot/index.js';

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
    const graph = escalationGraph(ctx);
    const everything = adminActionSet(ctx, 'full');
    return ctx.index.principals.flatMap((principal) => {
      if (adminLevel(ctx, principal)) return []; // already admin-access
      // Administrator under conditions (e.g. with MFA) is a deliberate pattern, not an escalation.
      if (ctx.effective(principal).allowed.containsAll(everything)) return [];
      const path = graph.pathOf(principal.arn);
      if (!path) return latentFinding(ctx, principal);
      const members = memberCount(ctx, principal);
      return [
        {
          resourceArn: principal.arn,
          resourceType: principal.kind,
          resourceName: principal.name,
          title: `${principal.kind} ${principal.name} can become ${describeTarget(ctx, path)} in ${path.steps.length} step${path.steps.length === 1 ? '' : 's'}${path.conditional ? ` (when conditions hold${keyList(path.conditionKeys)})` : ''}${path.assumptions.length > 0 ? ` (if ${path.assumptions[0]})` : ''}`,
          severity: escalationSeverity(principal.kind, path, members),
          evidence: pathEvidence(ctx, path),
          relatedArns: path.steps.map((s) => s.to).filter((to) => to !== ANY_PERMISSION),
        },
      ];
    });
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

function describeTarget(ctx: RuleContext, path: EscalationPath): string {
  if (path.reaches === ANY_PERMISSION) return 'administrator (it can grant itself any permission)';
  const target = ctx.index.get(path.reaches);
  return `administrator via ${target ? `${target.kind} ${target.name}` : path.reaches}`;
}

/** Impact × reach: a user's long-lived credentials make the path easiest to walk; uncertainty lowers it. */
function escalationSeverity(kind: string, path: EscalationPath, members: number | undefined): Severity {
  let severity: Severity = kind === 'user' ? 'critical' : 'high';
  if (path.conditional || path.assumptions.length > 0) severity = lower(severity);
  if (members === 0) severity = lower(severity, 2);
  return severity;
}
