import type { IamRole } from '../snapshot/index.js';
import type { ConditionBlock, Statement } from '../iam/index.js';
import type { RuleContext } from './types.js';

/** Who a role's trust policy lets in, statement by statement. */
export interface TrustGrant {
  statement: Statement;
  index: number;
  kind: 'everyone' | 'account' | 'principal' | 'service' | 'federated';
  /** The account id for 'account' and 'principal' kinds; the provider for 'federated'. */
  value: string;
  principal: string;
}

export function trustGrants(role: IamRole): TrustGrant[] {
  const grants: TrustGrant[] = [];
  role.trustPolicy.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Allow' || !statement.Principal) return;
    for (const p of statement.Principal.AWS ?? []) {
      if (p === '*') grants.push({ statement, index, kind: 'everyone', value: '*', principal: p });
      else if (/^\d{12}$/.test(p)) grants.push({ statement, index, kind: 'account', value: p, principal: p });
      else {
        const account = p.split(':')[4] ?? '';
        grants.push({
          statement,
          index,
          kind: /:root$/.test(p) ? 'account' : 'principal',
          value: account,
          principal: p,
        });
      }
    }
    for (const p of statement.Principal.Service ?? [])
      grants.push({ statement, index, kind: 'service', value: p, principal: p });
    for (const p of statement.Principal.Federated ?? [])
      grants.push({ statement, index, kind: 'federated', value: p, principal: p });
  });
  return grants;
}

/** Condition keys of a statement, lower-cased, with their values (any operator). */
export function conditionValues(
  condition: ConditionBlock | undefined,
  key: string,
): { operator: string; values: string[] }[] {
  const found: { operator: string; values: string[] }[] = [];
  const wanted = key.toLowerCase();
  // for…in rather than Object.entries: no arrays of pairs per call (blocks are plain parsed objects).
  for (const operator in condition) {
    const keys = condition[operator]!;
    for (const k in keys) if (k.toLowerCase() === wanted) found.push({ operator, values: keys[k]! });
  }
  return found;
}

/** Accounts that are not external: the scanned one, its organisation's, and the configured partners. */
export function knownAccounts(ctx: RuleContext): Set<string> {
  return new Set([
    ctx.snapshot.accountId,
    ...(ctx.snapshot.organizationAccountIds ?? []),
    ...ctx.settings.trustedAccountIds,
  ]);
}

/** Conditions that pin who may assume a role trusted by everyone: organisation, account, ARN or source. */
export const CALLER_RESTRICTING_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOwner',
];
