import { adminActionSet, adminLevel } from '../admin.js';
import { ANY_PERMISSION, type EscalationPath } from '../escalation/graph.js';
import { escalationGraph, keyList, pathEvidence } from '../escalation/shared.js';
import { memberCount } from '../group-members.js';
import { lower } from '../severity.js';
import type { Rule, RuleContext, Severity } from '../types.js';

export const privilegeEscalation: Rule = {
  id: 'privilege-escalation',
  title: 'Can escalate to administrator',
  severity: 'high',
  resourceTypes: ['user', 'role', 'group'],
  rationale:
    'A principal that can rewrite policies, pass a privileged role to new compute, mint credentials for another user or assume a more privileged role is an administrator in waiting: its own policy understates what it can do.',
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
      if (!path) return [];
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
