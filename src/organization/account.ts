import { normalisePolicyDocument, type OrganizationPolicyLevel, type PolicyAttachment } from '../iam/index.js';
import type { AccountOrganization, SnapshotProblem } from '../snapshot/index.js';
import { organizationTree } from './tree.js';
import type { OrganizationSnapshot, OrgPolicy, OrgPolicyType } from './types.js';

/**
 * What organization.json says about one account, in the engine's shape: the SCP and RCP levels from the root
 * down to the account, each with the policies attached there. Neither applies to the management account, nor
 * where the policy type is not enabled at the root. Pure.
 */
export function accountOrganization(
  snapshot: OrganizationSnapshot,
  accountId: string,
  file: string,
  /** Where a policy's grammar problems go (the statement is left out, as for IAM policies). */
  problems: SnapshotProblem[] = [],
): AccountOrganization {
  const tree = organizationTree(snapshot);
  const placement: AccountOrganization = {
    file,
    organizationId: tree.organizationId,
    managementAccountId: tree.managementAccountId,
    isManagementAccount: accountId === tree.managementAccountId,
  };
  const ouPath = tree.ouPathOf(accountId);
  if (ouPath !== undefined) placement.ouPath = ouPath;
  if (placement.isManagementAccount || ouPath === undefined) return placement;
  const levels = tree.levelsOf(accountId);
  const attachments = new Map<string, PolicyAttachment>();
  const levelsOf = (type: OrgPolicyType): OrganizationPolicyLevel[] | undefined =>
    tree.policyTypeEnabled(type)
      ? levels.map((level) => ({
          ...level,
          policies: tree.policiesAt(level.id, type).map((policy) => {
            let attachment = attachments.get(policy.Id);
            if (!attachment)
              attachments.set(policy.Id, (attachment = policyAttachment(snapshot, policy, file, problems)));
            return attachment;
          }),
        }))
      : undefined;
  const scps = levelsOf('SERVICE_CONTROL_POLICY');
  if (scps) placement.scps = scps;
  const rcps = levelsOf('RESOURCE_CONTROL_POLICY');
  if (rcps) placement.rcps = rcps;
  return placement;
}

/** An SCP or RCP as the engine takes a policy; its ARN as AWS forms it. */
function policyAttachment(
  snapshot: OrganizationSnapshot,
  policy: OrgPolicy,
  file: string,
  problems: SnapshotProblem[],
): PolicyAttachment {
  const org = snapshot.organization;
  const type = policy.Type.toLowerCase();
  const arn = policy.AwsManaged
    ? `arn:aws:organizations::aws:policy/${type}/${policy.Id}`
    : `arn:aws:organizations::${org.MasterAccountId}:policy/${org.Id}/${type}/${policy.Id}`;
  // An RCP names its Principal ("*") as a resource policy does; an SCP names none, as an identity policy.
  const kind = policy.Type === 'RESOURCE_CONTROL_POLICY' ? 'trust' : 'identity';
  const at = `$.policies[${snapshot.policies.indexOf(policy)}].Content`;
  const normalised = normalisePolicyDocument(policy.Content, kind, at);
  for (const p of normalised.problems)
    problems.push({
      level: p.level,
      file,
      path: p.path,
      message: p.message,
      subject: `${policy.Type === 'RESOURCE_CONTROL_POLICY' ? 'RCP' : 'SCP'} ${policy.Name}`,
    });
  return { id: arn, name: policy.Name, kind: 'managed', arn, document: normalised.document };
}
