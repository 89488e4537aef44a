import { dayCount, daysSince } from '../settings.js';
import type { FindingDraft, Rule } from '../types.js';

export const rootUsage: Rule = {
  id: 'root-usage',
  title: 'Root user risks',
  severity: 'critical',
  resourceTypes: ['account'],
  needs: ['credentialReport'],
  rationale:
    'The root user cannot be limited by IAM policies. Root access keys, root without MFA, or routine root sign-ins put the whole account one credential away from loss (CIS AWS Foundations Benchmark 1.4–1.7).',
  remediation:
    'Delete root access keys, enable MFA (hardware or passkey) on root, and use IAM roles for daily work; keep root for the few tasks that need it.',
  detect(ctx) {
    const root = (ctx.snapshot.credentialReport ?? []).find((r) => r.isRoot);
    if (!root) {
      ctx.notice('the credential report has no <root_account> row');
      return [];
    }
    const base = {
      resourceArn: root.arn,
      resourceType: 'account' as const,
      resourceName: ctx.snapshot.accountAlias ?? ctx.snapshot.accountId,
    };
    const findings: FindingDraft[] = [];
    const activeKeys = root.accessKeys.filter((k) => k.active);
    if (activeKeys.length > 0)
      findings.push({
        ...base,
        discriminator: 'access-key',
        title: `the root user has ${activeKeys.length} active access key${activeKeys.length > 1 ? 's' : ''}`,
        severity: 'critical',
        evidence: root.accessKeys.map((k, i) => ({
          summary: `root access key ${i + 1}: ${k.active ? `active, last used ${k.lastUsedDate ?? 'never'}` : 'none'}`,
        })),
      });
    if (!root.mfaActive)
      findings.push({
        ...base,
        discriminator: 'no-mfa',
        title: 'the root user has no MFA',
        severity: 'critical',
        evidence: [{ summary: 'mfa_active false on <root_account>' }],
      });
    const recent = [
      { what: 'console sign-in', date: root.passwordLastUsed },
      ...root.accessKeys.map((k, i) => ({ what: `access key ${i + 1}`, date: k.lastUsedDate })),
    ].filter((u) => {
      const age = daysSince(u.date, ctx.now);
      return age !== undefined && age <= ctx.settings.rootRecentUseDays;
    });
    if (recent.length > 0)
      findings.push({
        ...base,
        discriminator: 'recent-use',
        title: `the root user was used in the last ${dayCount(ctx.settings.rootRecentUseDays)}`,
        severity: 'high',
        evidence: recent.map((u) => ({
          summary: `${u.what} used ${u.date} (${dayCount(daysSince(u.date, ctx.now))} ago)`,
        })),
      });
    return findings;
  },
};
