import { conditionKeys } from '../../iam/index.js';
import type { RuleContext } from '../types.js';
import type { Connector } from './connect.js';
import { stepAction, type Candidate } from './edges.js';
import type { GraphEdges } from './graph-edges.js';
import { ownTitle, type CandidateSet, type TargetLists } from './target-lists.js';

/** sts:AssumeRole through trust policies, within the account. */
export function addTrustEdges(ctx: RuleContext, graph: GraphEdges, lists: TargetLists, connector: Connector): void {
  const { index, snapshot } = ctx;
  const account = snapshot.accountId;
  // Whether each may call sts:AssumeRole at all is the plan's first question (connect); administrators
  // are where paths end.
  const holders = index.principals.filter((p) => p.kind !== 'group' && !graph.adminLevels.has(p.arn));
  const accountTrusting: Candidate[] = [];
  const conditionallyTrusting: Candidate[] = [];
  for (const role of snapshot.authorizationDetails.roles) {
    for (const statement of role.trustPolicy.Statement) {
      if (statement.Effect !== 'Allow' || !statement.Principal?.AWS) continue;
      if (!(statement.Action ?? []).some((a) => /^(sts:(assumerole|assume\*|\*)|\*)$/i.test(a))) continue;
      const conditional = statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
      for (const name of statement.Principal.AWS) {
        const named = index.get(name);
        if (named && named.kind !== 'group') {
          // A trust policy naming a principal of the same account needs no identity permission.
          graph.add({
            from: named.arn,
            to: role.arn,
            methodId: 'assume-role',
            title: `assume role ${role.name} (its trust policy names ${named.kind} ${named.name})`,
            actions: [
              {
                action: 'sts:AssumeRole',
                resource: role.arn,
                evidence: [
                  {
                    summary: `trust policy of ${role.name} allows ${named.arn}${conditional ? ' (with conditions)' : ''}`,
                  },
                ],
              },
            ],
            conditional,
            ...(conditional && { conditionKeys: conditionKeys(statement.Condition!) }),
          });
          continue;
        }
        if (name !== '*' && name !== account && name !== `arn:aws:iam::${account}:root`) continue;
        const title = `assume role ${role.name} (it trusts ${name === '*' ? 'everyone' : 'the account'})`;
        (conditional ? conditionallyTrusting : accountTrusting).push({ to: role.arn, resource: role.arn, title });
      }
    }
  }
  // The account (or everyone) is trusted: any principal whose own policies allow sts:AssumeRole on the role.
  const sets = [accountTrusting, conditionallyTrusting].map((list, i): CandidateSet => ({
    key: `assume-account-${i}`,
    list,
    resources: lists.resourceIndex(list.map((c) => c.resource!)),
    titleOf: ownTitle,
  }));
  for (const holder of holders)
    sets.forEach((set, i) =>
      connector.connect(
        holder,
        'sts:AssumeRole',
        set,
        'assume a role that trusts the account',
        (to, resource, check, title) =>
          graph.add({
            from: holder.arn,
            to,
            methodId: 'assume-role',
            title,
            actions: [stepAction('sts:AssumeRole', resource, check)],
            // The second set: trust statements with conditions.
            conditional: i === 1 || check.grant === 'conditional',
            ...(check.grant === 'conditional' && { conditionKeys: check.conditionKeys ?? [] }),
          }),
      ),
    );
}
