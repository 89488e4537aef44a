import { consoleUrl } from '../risks/console-url.js';
import { findingId } from '../risks/finding-id.js';
import { lower } from '../risks/severity.js';
import type { Evidence, Finding, Severity } from '../risks/types.js';
import type { CrossAccountPath } from './join.js';
import type { SummaryStep } from './types.js';

/** The organisation pass's rule: its findings are made from joined summaries, not by a per-account `detect`. */
export const CROSS_ACCOUNT_ESCALATION = {
  id: 'cross-account-escalation',
  title: 'Can become administrator of another account',
  severity: 'high' as Severity,
  rationale:
    'A role that trusts another account lets in every principal of that account that can reach a caller its trust allows. Each account scanned alone sees one half; the organisation pass joins them, so a developer who can become a CI role that production trusts is reported as what they are: a production administrator in waiting.',
  remediation:
    "Cut the cheapest hop named in the evidence: narrow the trust policy to the one role that needs it (not the account root), scope the caller's sts:AssumeRole to named roles, or remove the steps inside the first account that lead to the caller.",
};

/** What the findings say about an account: its name and OU path from organization.json, when known. */
export type AccountLabels = (accountId: string) => { name?: string; ouPath?: string };

/** One finding per principal and account whose administrator it reaches, on the principal's own account. */
export function crossAccountFindings(paths: readonly CrossAccountPath[], labels: AccountLabels): Finding[] {
  const named = (account: string) => {
    const name = labels(account).name;
    return name ? `${name} (${account})` : account;
  };
  // The first path to an account's administrator is the one of fewest hops (paths come breadth-first).
  const reported = new Set<string>();
  const escalations = paths.filter((path) => {
    if (!path.target.administrator && !path.target.escalation) return false;
    const key = `${path.from}\n${path.target.account}`;
    if (reported.has(key)) return false;
    reported.add(key);
    return true;
  });
  return escalations.map((path) => {
    const { kind, name } = principalName(path.from);
    const admin = path.target.escalation?.reaches;
    const chain = passedThrough(path, admin && admin !== 'any-permission' ? [admin] : []);
    const resourceType = kind === 'user' ? 'user' : 'role';
    const finding: Finding = {
      id: findingId(CROSS_ACCOUNT_ESCALATION.id, path.fromAccount, path.from, path.target.account),
      ruleId: CROSS_ACCOUNT_ESCALATION.id,
      severity: severityOf(kind, path),
      accountId: path.fromAccount,
      resourceArn: path.from,
      resourceType,
      resourceName: name,
      title: `${kind} ${name} in ${labels(path.fromAccount).name ?? path.fromAccount} can become administrator of ${labels(path.target.account).name ?? path.target.account} via ${via(chain, labels)}${path.conditional ? ' (when conditions hold)' : ''}`,
      evidence: pathEvidence(path, named),
      remediation: {
        summary: CROSS_ACCOUNT_ESCALATION.remediation,
        consoleUrl: consoleUrl(resourceType, path.from, name),
      },
      relatedArns: chain,
    };
    const ouPath = labels(path.fromAccount).ouPath;
    if (ouPath) finding.ouPath = ouPath;
    return finding;
  });
}

/** "user dana in shared-services can become role deploy in acme-demo via role shared-services/builder": any path. */
export function describePath(path: CrossAccountPath, labels: AccountLabels): string {
  const from = principalName(path.from);
  const to = principalName(path.target.role);
  const chain = passedThrough(path, []).slice(0, -1);
  const accountName = (account: string) => labels(account).name ?? account;
  return `${from.kind} ${from.name} in ${accountName(path.fromAccount)} can become ${to.kind} ${to.name} in ${accountName(path.target.account)}${chain.length > 0 ? ` via ${via(chain, labels)}` : ''}${path.conditional ? ' (when conditions hold)' : ''}`;
}

/** The principals a path passes through, each once (the callers and roles entered, then `then`), but its start. */
function passedThrough(path: CrossAccountPath, then: string[]): string[] {
  return [...new Set([...path.hops.flatMap((h) => [h.caller, h.role]), ...then])].filter((arn) => arn !== path.from);
}

/** "role dev/ci → prod/deploy". */
function via(chain: readonly string[], labels: AccountLabels): string {
  const short = (arn: string) => `${labels(accountOf(arn)).name ?? accountOf(arn)}/${principalName(arn).name}`;
  return `${principalName(chain[0]!).kind} ${chain.map(short).join(' → ')}`;
}

function pathEvidence(path: CrossAccountPath, named: (account: string) => string): Evidence[] {
  const evidence: Evidence[] = [];
  const label = (arn: string) => {
    const { kind, name } = principalName(arn);
    return `${kind} ${name}`;
  };
  const within = (account: string, steps: readonly SummaryStep[]) => {
    for (const step of steps)
      evidence.push({
        summary: `step ${evidence.length + 1} in ${named(account)}: ${label(step.from)} → ${step.to === 'any-permission' ? 'any permission' : label(step.to)}: ${step.title}${step.conditional ? ' [only when conditions hold]' : ''}${step.assumption ? ` [assumes ${step.assumption}]` : ''}`,
        target: step.to,
      });
  };
  for (const hop of path.hops) {
    within(hop.account, hop.steps);
    const trust = `${hop.trust.principal}${hop.trust.conditions ? ` (with conditions: ${hop.trust.conditions.join(', ')})` : ''}`;
    evidence.push({
      summary: `step ${evidence.length + 1}: ${label(hop.caller)} in ${named(hop.account)} → ${label(hop.role)} in ${named(hop.roleAccount)}: sts:AssumeRole, allowed by ${hop.grant}; the trust policy of ${principalName(hop.role).name} (statement ${hop.trust.statement}) allows ${trust}${hop.trust.rcp ? `; an RCP of ${named(hop.roleAccount)} allows it only when its conditions hold (${hop.trust.rcp.evidence})` : ''}`,
      target: hop.role,
      actions: ['sts:AssumeRole'],
    });
  }
  const { target } = path;
  if (target.escalation) within(target.account, target.escalation.steps);
  const admin = target.administrator ? target.role : target.escalation!.reaches;
  const level = target.administrator ?? target.escalation?.level;
  evidence.push({
    summary:
      admin === 'any-permission'
        ? `${label(target.escalation!.steps[target.escalation!.steps.length - 1]!.from)} can grant itself any permission in ${named(target.account)}`
        : `${label(admin)} is ${level === 'iam' ? 'an IAM administrator' : 'a full administrator'} of ${named(target.account)}`,
    target: admin,
  });
  return evidence;
}

/** Impact × reach, as for privilege-escalation: a user walks it easiest; conditions lower it. */
function severityOf(kind: string, path: CrossAccountPath): Severity {
  const severity: Severity = kind === 'user' ? 'critical' : 'high';
  return path.conditional ? lower(severity) : severity;
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** "role", "deploy" from arn:aws:iam::1:role/path/deploy. */
export function principalName(arn: string): { kind: string; name: string } {
  const resource = arn.split(':').slice(5).join(':');
  const [kind = 'principal', ...rest] = resource.split('/');
  return { kind, name: rest[rest.length - 1] ?? resource };
}
