/**
 * Which principals Cloudsplaining flags for privilege escalation, against Rightsize's verdict on each (issue 19's
 * agreement table). Cloudsplaining judges one policy at a time: a principal is flagged when a policy it holds
 * (its own inline and managed policies, and for a user its groups') has a PrivilegeEscalation finding. Rightsize
 * judges the principal in its account: administrator already, escalates, empowers others, latent, or nothing.
 */
import type { Finding } from '../src/risks/types.js';

/** The parts of Cloudsplaining's `iam-results-<stem>.json` this comparison reads. */
export interface CloudsplainingResults {
  roles: Record<string, CloudsplainingPrincipal>;
  users: Record<string, CloudsplainingPrincipal & { groups?: Record<string, CloudsplainingPrincipal> }>;
  groups: Record<string, CloudsplainingPrincipal>;
  inline_policies: Record<string, CloudsplainingPolicy>;
  customer_managed_policies: Record<string, CloudsplainingPolicy>;
  aws_managed_policies: Record<string, CloudsplainingPolicy>;
}

interface CloudsplainingPrincipal {
  arn: string;
  inline_policies?: Record<string, string>;
  customer_managed_policies?: Record<string, string>;
  aws_managed_policies?: Record<string, string>;
}

interface CloudsplainingPolicy {
  PrivilegeEscalation?: { findings?: { type: string }[] } | { type: string }[];
}

export type Verdict = 'administrator' | 'escalates' | 'empowers others' | 'latent' | 'on its group' | 'nothing';
export const VERDICTS: readonly Verdict[] = [
  'administrator',
  'escalates',
  'empowers others',
  'latent',
  'on its group',
  'nothing',
];

/** Each user's groups (ARNs), from Cloudsplaining's results: a user's method that only a group gives is reported on the group. */
export function userGroups(results: CloudsplainingResults): Map<string, string[]> {
  return new Map(Object.values(results.users).map((u) => [u.arn, Object.values(u.groups ?? {}).map((g) => g.arn)]));
}

/** Each flagged principal's ARN with the Cloudsplaining method types that flag it. */
export function cloudsplainingEscalators(results: CloudsplainingResults): Map<string, Set<string>> {
  const methodsOf = (section: Record<string, CloudsplainingPolicy>, id: string): string[] => {
    const escalation = section[id]?.PrivilegeEscalation;
    const findings = Array.isArray(escalation) ? escalation : (escalation?.findings ?? []);
    return findings.map((f) => f.type);
  };
  const held = (principal: CloudsplainingPrincipal): string[] => [
    ...Object.keys(principal.inline_policies ?? {}).flatMap((id) => methodsOf(results.inline_policies, id)),
    ...Object.keys(principal.customer_managed_policies ?? {}).flatMap((id) =>
      methodsOf(results.customer_managed_policies, id),
    ),
    ...Object.keys(principal.aws_managed_policies ?? {}).flatMap((id) => methodsOf(results.aws_managed_policies, id)),
  ];
  const flagged = new Map<string, Set<string>>();
  const add = (arn: string, methods: string[]) => {
    if (methods.length > 0) flagged.set(arn, new Set(methods));
  };
  for (const role of Object.values(results.roles)) add(role.arn, held(role));
  for (const group of Object.values(results.groups)) add(group.arn, held(group));
  for (const user of Object.values(results.users))
    add(user.arn, [...held(user), ...Object.values(user.groups ?? {}).flatMap(held)]);
  return flagged;
}

/** Rightsize's verdict on each principal with one; the strongest wins. */
export function rightsizeVerdicts(
  findings: readonly Pick<Finding, 'ruleId' | 'resourceArn' | 'title'>[],
  isLatent: (finding: Pick<Finding, 'ruleId' | 'title'>) => boolean,
): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  const rank = (v: Verdict) => VERDICTS.indexOf(v);
  for (const finding of findings) {
    const verdict = verdictOf(finding, isLatent);
    if (!verdict) continue;
    const current = verdicts.get(finding.resourceArn);
    if (!current || rank(verdict) < rank(current)) verdicts.set(finding.resourceArn, verdict);
  }
  return verdicts;
}

function verdictOf(
  finding: Pick<Finding, 'ruleId' | 'title'>,
  isLatent: (finding: Pick<Finding, 'ruleId' | 'title'>) => boolean,
): Verdict | undefined {
  if (finding.ruleId === 'admin-access') return 'administrator';
  if (finding.ruleId === 'permissions-management') return 'empowers others';
  if (finding.ruleId === 'privilege-escalation') return isLatent(finding) ? 'latent' : 'escalates';
  return undefined;
}

export interface AgreementRow {
  verdict: Verdict;
  flaggedByCloudsplaining: number;
  notFlagged: number;
  /** For the principals Cloudsplaining flags with this verdict: how many it flags for each of its methods. */
  methods: Record<string, number>;
}

export function agreementTable(
  flagged: Map<string, Set<string>>,
  verdicts: Map<string, Verdict>,
  principals: readonly string[],
  groupsOf: ReadonlyMap<string, readonly string[]> = new Map(),
): AgreementRow[] {
  const verdictOn = (arn: string): Verdict => {
    const own = verdicts.get(arn);
    if (own) return own;
    const group = (groupsOf.get(arn) ?? []).some((g) => {
      const v = verdicts.get(g);
      return v === 'escalates' || v === 'empowers others';
    });
    return group ? 'on its group' : 'nothing';
  };
  const rows = new Map<Verdict, AgreementRow>(
    VERDICTS.map((verdict) => [verdict, { verdict, flaggedByCloudsplaining: 0, notFlagged: 0, methods: {} }]),
  );
  for (const arn of principals) {
    const row = rows.get(verdictOn(arn))!;
    const methods = flagged.get(arn);
    if (!methods) {
      row.notFlagged++;
      continue;
    }
    row.flaggedByCloudsplaining++;
    for (const method of methods) row.methods[method] = (row.methods[method] ?? 0) + 1;
  }
  return [...rows.values()];
}
