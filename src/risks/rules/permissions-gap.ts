import { daysSince } from '../settings.js';
import type { Rule, Severity } from '../types.js';

export const permissionsGap: Rule = {
  id: 'permissions-gap',
  title: 'Most provisioned permissions unused',
  severity: 'medium',
  resourceTypes: ['user', 'role'],
  needs: ['lastAccessed'],
  rationale:
    'Permissions granted but not used in the tracking window are pure risk: they widen what a leaked credential can do and give nothing back. The gap between provisioned and used is what a least-privilege policy removes.',
  remediation:
    'Replace the policies with the suggested downsized policy (`rightsize suggest <principal>`), which keeps every used action.',
  detect(ctx) {
    const { settings, snapshot, engine } = ctx;
    const reports = snapshot.lastAccessed ?? {};
    let withoutData = 0;
    const drafts = ctx.index.principals.flatMap((principal) => {
      if (principal.kind === 'group') return [];
      // Too new to judge: the window would be mostly time before it existed.
      const age = daysSince(principal.entity.createDate, ctx.now);
      if (age !== undefined && age < settings.trackingPeriodDays) return [];
      const allowed = ctx.effective(principal).allowed;
      const report = reports[principal.arn];
      // Without a report only the count matters (for the notice): no need to list the services.
      if (!report) {
        if (engine.catalog.spansServices(allowed, settings.permissionsGapMinServices)) withoutData++;
        return [];
      }
      const provisioned = engine.catalog.servicesOf(allowed).map((s) => s.prefix);
      if (provisioned.length < settings.permissionsGapMinServices) return [];
      const used = new Set(
        report.services
          .filter((s) => {
            const age = daysSince(s.lastAuthenticated, ctx.now);
            return age !== undefined && age <= settings.trackingPeriodDays;
          })
          .map((s) => s.namespace),
      );
      const unused = provisioned.filter((s) => !used.has(s));
      const share = unused.length / provisioned.length;
      if (share < settings.permissionsGapShare) return [];
      return [
        {
          resourceArn: principal.arn,
          resourceType: principal.kind,
          resourceName: principal.name,
          title: `${principal.kind} ${principal.name} used ${provisioned.length - unused.length} of ${provisioned.length} provisioned services in ${settings.trackingPeriodDays} days (${Math.round(share * 100)}% unused)`,
          severity: (share >= 0.9 ? 'medium' : 'low') as Severity,
          evidence: [
            {
              summary: `used in the last ${settings.trackingPeriodDays} days: ${[...used].sort().join(', ') || 'nothing'}`,
            },
            {
              summary: `provisioned but unused: ${unused.slice(0, 20).join(', ')}${unused.length > 20 ? ` … and ${unused.length - 20} more` : ''}`,
            },
            {
              summary: `source: IAM access advisor${report.jobCompletionDate ? `, report of ${report.jobCompletionDate}` : ''}`,
            },
          ],
        },
      ];
    });
    if (withoutData > 0) ctx.notice(`${withoutData} user(s)/role(s) have no access-advisor data and were not checked`);
    return drafts;
  },
};
