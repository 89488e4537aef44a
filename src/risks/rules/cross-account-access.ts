import type { Rule } from '../types.js';
import { conditionValues, knownAccounts, trustGrants } from '../trust.js';

export const crossAccountAccess: Rule = {
  id: 'cross-account-access',
  title: 'Assumable from accounts outside the organisation',
  severity: 'medium',
  resourceTypes: ['role'],
  rationale:
    'Each external account in a trust policy is a party whose own security now decides yours. They should be known, few, and reviewed; an account nobody recognises is how persistence is kept after an incident.',
  remediation:
    'Check each external account with the owner; remove the ones no longer needed; add the vetted ones to `trustedAccountIds` in the configuration.',
  detect(ctx) {
    const known = knownAccounts(ctx);
    return ctx.snapshot.authorizationDetails.roles.flatMap((role) => {
      const external = trustGrants(role).filter(
        (g) =>
          g.kind === 'everyone' ||
          ((g.kind === 'account' || g.kind === 'principal') && g.value !== '' && !known.has(g.value)),
      );
      if (external.length === 0) return [];
      const accounts = [...new Set(external.map((g) => (g.kind === 'everyone' ? 'any account' : g.value)))];
      return [
        {
          resourceArn: role.arn,
          resourceType: 'role',
          resourceName: role.name,
          title: `role ${role.name} can be assumed from ${accounts.includes('any account') ? 'any AWS account' : accounts.length === 1 ? `account ${accounts[0]}` : `${accounts.length} accounts`} outside the organisation`,
          evidence: external.map((g) => ({
            summary: `trust policy statement ${g.statement.Sid ?? `#${g.index}`} allows ${g.principal}${conditionValues(g.statement.Condition, 'sts:ExternalId').length > 0 ? ' (with sts:ExternalId)' : ''}`,
            statementIndex: g.index,
          })),
        },
      ];
    });
  },
};
