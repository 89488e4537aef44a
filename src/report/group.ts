import { SEVERITIES, type Finding, type ResourceType, type Severity } from '../risks/types.js';

export const GROUP_BYS = ['risk', 'resource', 'none'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const GROUP_BY: readonly GroupBy[] = ['risk', 'resource', 'none'];

export interface FindingFilter {
  minSeverity?: Severity;
  rules?: readonly string[];
  accounts?: readonly string[];
  resourceTypes?: readonly ResourceType[];
}

/** What grouping and filtering look at: a full Finding, or a finding the state remembers. */
export type FindingHeadline = Pick<
  Finding,
  'ruleId' | 'severity' | 'accountId' | 'resourceArn' | 'resourceType' | 'resourceName'
>;

export interface FindingGroup<F extends FindingHeadline = Finding> {
  key: string;
  label: string;
  findings: F[];
}

export function filterFindings<F extends FindingHeadline>(findings: readonly F[], filter: FindingFilter): F[] {
  const maxRank = filter.minSeverity ? SEVERITIES.indexOf(filter.minSeverity) : SEVERITIES.length;
  return findings.filter(
    (f) =>
      SEVERITIES.indexOf(f.severity) <= maxRank &&
      (!filter.rules?.length || filter.rules.includes(f.ruleId)) &&
      (!filter.accounts?.length || filter.accounts.includes(f.accountId)) &&
      (!filter.resourceTypes?.length || filter.resourceTypes.includes(f.resourceType)),
  );
}

/** Groups findings by rule, by resource, or not at all; worst groups first, stable order inside. */
export function groupFindings<F extends FindingHeadline>(
  findings: readonly F[],
  by: GroupBy,
  ruleTitles: ReadonlyMap<string, string>,
): FindingGroup<F>[] {
  if (by === 'none') return [{ key: 'all', label: 'All findings', findings: [...findings] }];
  const groups = new Map<string, FindingGroup<F>>();
  for (const f of findings) {
    const key = by === 'risk' ? f.ruleId : f.resourceArn;
    let group = groups.get(key);
    if (!group) {
      const label =
        by === 'risk' ? `${ruleTitles.get(f.ruleId) ?? f.ruleId} (${f.ruleId})` : `${f.resourceType} ${f.resourceName}`;
      groups.set(key, (group = { key, label, findings: [] }));
    }
    group.findings.push(f);
  }
  const worst = (g: FindingGroup<F>) => Math.min(...g.findings.map((f) => SEVERITIES.indexOf(f.severity)));
  return [...groups.values()].sort(
    (a, b) => worst(a) - worst(b) || b.findings.length - a.findings.length || a.key.localeCompare(b.key),
  );
}

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): Record<Severity, number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
