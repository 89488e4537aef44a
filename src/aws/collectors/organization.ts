import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import type {
  OrgAccount,
  OrganizationDescription,
  OrganizationSnapshot,
  OrgPolicy,
  OrgPolicyType,
  OrgRoot,
} from '../../organization/types.js';
import { ORGANIZATION_FILE } from '../../organization/types.js';
import type { CollectionGap } from '../../snapshot/index.js';
import { AwsCallError, callAws, errorText } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import { throwIfAborted } from '../stage.js';

/** Every Organizations API the collector calls: what deploy/scanner-policy.json must allow to read the organisation. */
export const ORGANIZATION_APIS = [
  'organizations:DescribeOrganization',
  'organizations:ListRoots',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListAccountsForParent',
  'organizations:ListPolicies',
  'organizations:DescribePolicy',
  'organizations:ListTargetsForPolicy',
] as const;

/** The policy types Rightsize evaluates, read whether or not they are enabled (the root says which are). */
export const ORGANIZATION_POLICY_TYPES: readonly OrgPolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
];

const POLICY_TYPE_NAMES: Record<OrgPolicyType, string> = {
  SERVICE_CONTROL_POLICY: 'service control policies',
  RESOURCE_CONTROL_POLICY: 'resource control policies',
};

/** organization.json but its version and time, which the caller sets. */
export type CollectedOrganizationParts = Omit<OrganizationSnapshot, 'version' | 'collectedAt'>;

/**
 * The organisation as the management account or a delegated administrator sees it. DescribeOrganization must
 * succeed (else this throws: there is no organisation to describe); every later call that fails is a gap naming
 * what is missing, so that a missing tree or policy list is never mistaken for "no SCPs".
 */
export async function collectOrganization(
  clients: AccountClients,
  signal: AbortSignal,
  concurrency: number,
): Promise<CollectedOrganizationParts> {
  const org = clients.organizations();
  const { Organization } = await callAws('organizations:DescribeOrganization', undefined, () =>
    org.send(new DescribeOrganizationCommand({}), { abortSignal: signal }),
  );
  if (!Organization?.Id || !Organization.MasterAccountId)
    throw new Error('organizations:DescribeOrganization returned no organisation id or management account');
  const organization: OrganizationDescription = { Id: Organization.Id, MasterAccountId: Organization.MasterAccountId };
  if (Organization.Arn) organization.Arn = Organization.Arn;
  if (Organization.FeatureSet) organization.FeatureSet = Organization.FeatureSet;

  const parts: CollectedOrganizationParts = {
    organization,
    roots: [],
    organizationalUnits: [],
    accounts: [],
    policies: [],
    gaps: [],
  };
  const failed = (api: string, what: string, error: unknown, consequence?: string) =>
    parts.gaps.push(organizationGap(api, what, error, consequence));

  try {
    await callAws('organizations:ListRoots', undefined, async () => {
      for await (const page of paginateListRoots({ client: org }, {})) {
        for (const root of page.Roots ?? []) {
          if (!root.Id) continue;
          const entry: OrgRoot = { Id: root.Id };
          if (root.Name) entry.Name = root.Name;
          if (root.PolicyTypes)
            entry.PolicyTypes = root.PolicyTypes.filter((t) => t.Type && t.Status).map((t) => ({
              Type: t.Type!,
              Status: t.Status!,
            }));
          parts.roots.push(entry);
        }
        throwIfAborted(signal);
      }
    });
  } catch (e) {
    failed('organizations:ListRoots', 'the organisation root and its OU tree', e);
    return parts;
  }

  const limit = pLimit(concurrency);
  // Breadth first from each root: each parent's OUs and accounts, paginated.
  let parents = parts.roots.map((r) => r.Id);
  while (parents.length > 0) {
    const next: string[] = [];
    await Promise.all(
      parents.map((parentId) =>
        limit(async () => {
          try {
            await callAws('organizations:ListOrganizationalUnitsForParent', undefined, async () => {
              for await (const page of paginateListOrganizationalUnitsForParent(
                { client: org },
                { ParentId: parentId },
              )) {
                for (const unit of page.OrganizationalUnits ?? [])
                  if (unit.Id) {
                    parts.organizationalUnits.push({ Id: unit.Id, Name: unit.Name ?? unit.Id, ParentId: parentId });
                    next.push(unit.Id);
                  }
                throwIfAborted(signal);
              }
            });
          } catch (e) {
            failed('organizations:ListOrganizationalUnitsForParent', `the OUs under ${parentId}`, e);
          }
          try {
            await callAws('organizations:ListAccountsForParent', undefined, async () => {
              for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parentId })) {
                for (const account of page.Accounts ?? []) {
                  if (!account.Id) continue;
                  const entry: OrgAccount = { Id: account.Id, ParentId: parentId };
                  if (account.Name) entry.Name = account.Name;
                  if (account.Email) entry.Email = account.Email;
                  if (account.Status) entry.Status = account.Status;
                  parts.accounts.push(entry);
                }
                throwIfAborted(signal);
              }
            });
          } catch (e) {
            failed('organizations:ListAccountsForParent', `the accounts under ${parentId}`, e);
          }
        }),
      ),
    );
    parents = next;
  }

  for (const type of ORGANIZATION_POLICY_TYPES) {
    const summaries: { Id: string; Name: string; AwsManaged?: boolean }[] = [];
    try {
      await callAws('organizations:ListPolicies', undefined, async () => {
        for await (const page of paginateListPolicies({ client: org }, { Filter: type as PolicyType })) {
          for (const p of page.Policies ?? [])
            if (p.Id)
              summaries.push({
                Id: p.Id,
                Name: p.Name ?? p.Id,
                ...(p.AwsManaged !== undefined && { AwsManaged: p.AwsManaged }),
              });
          throwIfAborted(signal);
        }
      });
    } catch (e) {
      failed('organizations:ListPolicies', `the ${POLICY_TYPE_NAMES[type]}`, e);
      continue;
    }
    const read = await Promise.all(
      summaries.map((summary) =>
        limit(async (): Promise<OrgPolicy | undefined> => {
          try {
            const { Policy } = await callAws('organizations:DescribePolicy', undefined, () =>
              org.send(new DescribePolicyCommand({ PolicyId: summary.Id }), { abortSignal: signal }),
            );
            if (Policy?.Content === undefined) throw new Error('DescribePolicy returned no Content');
            const targets: string[] = [];
            await callAws('organizations:ListTargetsForPolicy', undefined, async () => {
              for await (const page of paginateListTargetsForPolicy({ client: org }, { PolicyId: summary.Id }))
                for (const t of page.Targets ?? []) if (t.TargetId) targets.push(t.TargetId);
            });
            return { ...summary, Type: type, Content: Policy.Content, Targets: targets };
          } catch (e) {
            failed(
              e instanceof AwsCallError ? e.api : 'organizations:DescribePolicy',
              `${POLICY_TYPE_NAMES[type].replace(/ies$/, 'y')} ${summary.Name} (${summary.Id})`,
              e,
              'the accounts it is attached to are evaluated without it',
            );
            return undefined;
          }
        }),
      ),
    );
    parts.policies.push(...read.filter((p): p is OrgPolicy => p !== undefined));
  }
  return parts;
}

/**
 * The gap for a failed Organizations call. Access denied is what a member account (neither the management
 * account nor a delegated administrator) gets: the message says so, and that the policies are unknown, not absent.
 */
export function organizationGap(
  api: string,
  what: string,
  error: unknown,
  consequence = 'SCPs and RCPs are not evaluated (unknown, not "none")',
): CollectionGap {
  const cause = error instanceof AwsCallError ? error.cause : error;
  const name = (cause as { name?: string } | undefined)?.name;
  if (name === 'AWSOrganizationsNotInUseException')
    return {
      source: ORGANIZATION_FILE,
      reason: 'missing',
      api,
      message: `AWS Organizations: the account is not in an organisation (${errorText(cause)}); ${what} not read, ${consequence}`,
    };
  const reason = error instanceof AwsCallError ? error.reason : 'error';
  if (reason === 'access-denied')
    return {
      source: ORGANIZATION_FILE,
      reason,
      api,
      message:
        `AWS Organizations: access denied reading ${what} (${errorText(cause)}); read the organisation from the ` +
        `management account or a delegated administrator with deploy/scanner-policy.json; ${consequence}`,
    };
  return {
    source: ORGANIZATION_FILE,
    reason,
    api,
    message: `AWS Organizations: ${what} not read (${errorText(cause)}); ${consequence}`,
  };
}
