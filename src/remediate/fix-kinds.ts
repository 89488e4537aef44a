import type { Finding } from '../risks/types.js';

/** Rules whose finding a downsized policy (`rightsize suggest`) fixes. */
const DOWNSIZE_RULES = new Set([
  'permissions-gap',
  'admin-access',
  'privilege-escalation',
  'permissions-management',
  'data-exfiltration',
  'resource-exposure',
  'credentials-exposure',
]);

/** Whether a finding's rule has an automatic fix at all (a button is worth showing). Cheap; no analysis. */
export function hasFixKind(finding: Pick<Finding, 'ruleId' | 'resourceType'>): boolean {
  if (finding.ruleId === 'unused-access-key') return finding.resourceType === 'user';
  if (finding.ruleId === 'unused-role' || finding.ruleId === 'open-trust') return finding.resourceType === 'role';
  return DOWNSIZE_RULES.has(finding.ruleId) && ['user', 'role', 'group'].includes(finding.resourceType);
}
