import { rcpDeniesOutsiders, rcpEvidence } from '../organization-caps.js';
import type { Evidence, FindingDraft, Rule, Severity } from '../types.js';
import { CALLER_RESTRICTING_KEYS, conditionValues, knownAccounts, trustGrants, type TrustGrant } from '../trust.js';

/** Providers whose tokens anyone can get (any GitHub repository, any Google account …): `sub` must be pinned. */
const PUBLIC_OIDC = [
  'token.actions.githubusercontent.com',
  'accounts.google.com',
  'gitlab.com',
  'app.terraform.io',
  'oidc.circleci.com',
];

export const openTrust: Rule = {
  id: 'open-trust',
  title: 'Trust policy open to anyone, a whole external account, or any OIDC subject',
  severity: 'high',
  resourceTypes: ['role'],
  rationale:
    'A trust policy decides who can become the role. "*", a third-party account without sts:ExternalId (the confused-deputy problem), or a web-identity provider without a `sub` condition lets people you never meant to trust assume it.',
  remediation:
    'Name the exact principal; require sts:ExternalId for third parties; pin OIDC tokens with a `sub` condition (e.g. repo:org/repo:ref:refs/heads/main); restrict "*" with aws:PrincipalOrgID.',
  detect(ctx) {
    const known = knownAccounts(ctx);
    const drafts: FindingDraft[] = [];
    for (const role of ctx.snapshot.authorizationDetails.roles) {
      const problems: { severity: Severity; summary: string; grant: TrustGrant }[] = [];
      for (const grant of trustGrants(role)) {
        const condition = grant.statement.Condition;
        if (grant.kind === 'everyone' && !CALLER_RESTRICTING_KEYS.some((k) => conditionValues(condition, k).length > 0))
          problems.push({ severity: 'critical', summary: 'trusts "*": any AWS principal in any account', grant });
        else if (
          grant.kind === 'account' &&
          !known.has(grant.value) &&
          conditionValues(condition, 'sts:ExternalId').length === 0
        )
          problems.push({
            severity: 'high',
            summary: `trusts the whole external account ${grant.value} without an sts:ExternalId condition`,
            grant,
          });
        else if (grant.kind === 'federated' && grant.value.includes(':oidc-provider/')) {
          const provider = grant.value.slice(grant.value.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
          const subs = conditionValues(condition, `${provider}:sub`);
          const open =
            subs.length === 0 || subs.every((s) => s.values.some((v) => /^[*?]*$|^repo:\*$|^[^:]*:\*$/.test(v)));
          if (open)
            problems.push({
              severity: PUBLIC_OIDC.some((p) => provider.startsWith(p)) ? 'critical' : 'high',
              summary:
                subs.length === 0
                  ? `trusts web identities from ${provider} with no ${provider}:sub condition`
                  : `trusts web identities from ${provider} with a ${provider}:sub condition that matches any subject (${subs.flatMap((s) => s.values).join(', ')})`,
              grant,
            });
        }
      }
      if (problems.length === 0) continue;
      // An RCP that keeps principals outside the organisation out (a data perimeter) closes "*" and external
      // accounts, not web identities: still reported, a step lower, with the RCP as evidence.
      const denials = problems.map((p) =>
        p.grant.kind === 'federated'
          ? undefined
          : rcpDeniesOutsiders(ctx, 'sts:AssumeRole', role.arn, p.grant.kind === 'account' ? p.grant.value : undefined),
      );
      const perimeter = denials.every((d) => d !== undefined) ? denials[0] : undefined;
      const worst = perimeter ? 'medium' : problems.some((p) => p.severity === 'critical') ? 'critical' : 'high';
      const evidence: Evidence[] = problems.map((p) => ({
        summary: `trust policy statement ${p.grant.statement.Sid ?? `#${p.grant.index}`}: ${p.summary}`,
        statementIndex: p.grant.index,
        ...(p.grant.statement.Sid && { sid: p.grant.statement.Sid }),
        actions: p.grant.statement.Action ?? [],
      }));
      if (perimeter) evidence.push(rcpEvidence(perimeter, 'sts:AssumeRole'));
      drafts.push({
        resourceArn: role.arn,
        resourceType: 'role',
        resourceName: role.name,
        title: `role ${role.name} ${problems[0]!.summary}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}${perimeter ? `, but RCP ${perimeter.policy.name} denies it to principals outside the organisation` : ''}`,
        severity: worst,
        evidence,
      });
    }
    return drafts;
  },
};
