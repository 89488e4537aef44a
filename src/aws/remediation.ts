import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  NoSuchEntityException,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListEntitiesForPolicy,
  paginateListPolicyVersions,
  paginateListRolePolicies,
  paginateListRoleTags,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { normalisePolicyDocument, policyDocumentText, type PolicyDocument, type PolicyKind } from '../iam/index.js';
import type { CallOutput, RemediationGateway } from '../remediate/gateway.js';
import type { IamCall, IamWriteApi, PrincipalRef, ResourceState, StateQuery } from '../remediate/types.js';
import { callAws } from './aws-error.js';
import { AccountClients, targetCredentials, type AwsClientSettings, type CredentialsProvider } from './clients.js';
import type { AccountTarget } from './account-target.js';
import { FixError } from '../errors.js';

// One constructor per write API: the plan's parameters are the API's own, passed as they are.
type MakeCommand = (input: never) => Parameters<IAMClient['send']>[0];
const COMMANDS: Record<IamWriteApi, MakeCommand> = {
  CreatePolicyVersion: (input) => new CreatePolicyVersionCommand(input) as never,
  SetDefaultPolicyVersion: (input) => new SetDefaultPolicyVersionCommand(input) as never,
  DeletePolicyVersion: (input) => new DeletePolicyVersionCommand(input) as never,
  CreatePolicy: (input) => new CreatePolicyCommand(input) as never,
  DeletePolicy: (input) => new DeletePolicyCommand(input) as never,
  PutRolePolicy: (input) => new PutRolePolicyCommand(input) as never,
  PutUserPolicy: (input) => new PutUserPolicyCommand(input) as never,
  PutGroupPolicy: (input) => new PutGroupPolicyCommand(input) as never,
  DeleteRolePolicy: (input) => new DeleteRolePolicyCommand(input) as never,
  AttachRolePolicy: (input) => new AttachRolePolicyCommand(input) as never,
  AttachUserPolicy: (input) => new AttachUserPolicyCommand(input) as never,
  AttachGroupPolicy: (input) => new AttachGroupPolicyCommand(input) as never,
  DetachRolePolicy: (input) => new DetachRolePolicyCommand(input) as never,
  DetachUserPolicy: (input) => new DetachUserPolicyCommand(input) as never,
  DetachGroupPolicy: (input) => new DetachGroupPolicyCommand(input) as never,
  UpdateAccessKey: (input) => new UpdateAccessKeyCommand(input) as never,
  TagRole: (input) => new TagRoleCommand(input) as never,
  UntagRole: (input) => new UntagRoleCommand(input) as never,
  UpdateAssumeRolePolicy: (input) => new UpdateAssumeRolePolicyCommand(input) as never,
};

/** The IAM side of fixes for one account, through the collectors' client (adaptive retry, assumed role). */
export class IamRemediationGateway implements RemediationGateway {
  constructor(private readonly iam: IAMClient) {}

  async call(call: IamCall): Promise<CallOutput> {
    const command = COMMANDS[call.api](call.params as never);
    const output = (await callAws(`iam:${call.api}`, undefined, () => this.iam.send(command))) as {
      PolicyVersion?: { VersionId?: string };
    };
    const createdVersion = output.PolicyVersion?.VersionId;
    return createdVersion ? { createdVersion } : {};
  }

  read(query: StateQuery): Promise<ResourceState> {
    switch (query.type) {
      case 'managed-policy':
        return this.managedPolicy(query.arn);
      case 'inline-policy':
        return this.inlinePolicy(query.principal, query.policyName);
      case 'attached-policies':
        return this.attachedPolicies(query.principal, query.createdPolicyArn);
      case 'access-keys':
        return this.accessKeys(query.userName);
      case 'role-quarantine':
        return this.roleQuarantine(query.roleName, query.policyName);
      case 'trust-policy':
        return this.trustPolicy(query.roleName);
    }
  }

  private async managedPolicy(arn: string): Promise<ResourceState> {
    const { defaultVersionId, document } = await this.defaultDocument(arn);
    const versionIds: string[] = [];
    for await (const page of paginateListPolicyVersions({ client: this.iam }, { PolicyArn: arn }))
      versionIds.push(...(page.Versions ?? []).map((v) => v.VersionId ?? ''));
    const attachedTo: string[] = [];
    for await (const page of paginateListEntitiesForPolicy({ client: this.iam }, { PolicyArn: arn })) {
      attachedTo.push(...(page.PolicyUsers ?? []).map((u) => `user/${u.UserName}`));
      attachedTo.push(...(page.PolicyRoles ?? []).map((r) => `role/${r.RoleName}`));
      attachedTo.push(...(page.PolicyGroups ?? []).map((g) => `group/${g.GroupName}`));
    }
    return { type: 'managed-policy', arn, defaultVersionId, versionIds, document, attachedTo };
  }

  private async defaultDocument(arn: string): Promise<{ defaultVersionId: string; document: PolicyDocument }> {
    const policy = await callAws('iam:GetPolicy', undefined, () =>
      this.iam.send(new GetPolicyCommand({ PolicyArn: arn })),
    );
    const defaultVersionId = policy.Policy?.DefaultVersionId ?? '';
    const version = await callAws('iam:GetPolicyVersion', undefined, () =>
      this.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersionId })),
    );
    return { defaultVersionId, document: parseDocument(version.PolicyVersion?.Document, 'identity') };
  }

  private async inlinePolicy(principal: PrincipalRef, policyName: string): Promise<ResourceState> {
    const { kind, name } = principal;
    const api = `iam:Get${capital(kind)}Policy`;
    const raw = await absentAsUndefined(() =>
      callAws(api, undefined, async () => {
        if (kind === 'role')
          return (await this.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })))
            .PolicyDocument;
        if (kind === 'user')
          return (await this.iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policyName })))
            .PolicyDocument;
        return (await this.iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName: policyName })))
          .PolicyDocument;
      }),
    );
    const text = raw === undefined ? undefined : policyDocumentText(raw);
    return {
      type: 'inline-policy',
      principal,
      policyName,
      ...(raw !== undefined && { document: parseDocument(raw, 'identity') }),
      ...(text !== undefined && { text }),
    };
  }

  private async attachedPolicies(principal: PrincipalRef, createdPolicyArn: string): Promise<ResourceState> {
    const attached: string[] = [];
    const { kind, name } = principal;
    const pages =
      kind === 'role'
        ? paginateListAttachedRolePolicies({ client: this.iam }, { RoleName: name })
        : kind === 'user'
          ? paginateListAttachedUserPolicies({ client: this.iam }, { UserName: name })
          : paginateListAttachedGroupPolicies({ client: this.iam }, { GroupName: name });
    for await (const page of pages) attached.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ''));
    const created = await absentAsUndefined(() => this.defaultDocument(createdPolicyArn));
    return {
      type: 'attached-policies',
      principal,
      attached,
      ...(created && { created: { arn: createdPolicyArn, document: created.document } }),
    };
  }

  private async accessKeys(userName: string): Promise<ResourceState> {
    const keys: Extract<ResourceState, { type: 'access-keys' }>['keys'] = [];
    for await (const page of paginateListAccessKeys({ client: this.iam }, { UserName: userName }))
      for (const key of page.AccessKeyMetadata ?? [])
        keys.push({
          accessKeyId: key.AccessKeyId ?? '',
          status: key.Status === 'Active' ? 'Active' : 'Inactive',
          createDate: key.CreateDate?.toISOString() ?? '',
        });
    return { type: 'access-keys', userName, keys };
  }

  private async roleQuarantine(roleName: string, policyName: string): Promise<ResourceState> {
    const inlinePolicyNames: string[] = [];
    for await (const page of paginateListRolePolicies({ client: this.iam }, { RoleName: roleName }))
      inlinePolicyNames.push(...(page.PolicyNames ?? []));
    const tags: Record<string, string> = {};
    for await (const page of paginateListRoleTags({ client: this.iam }, { RoleName: roleName }))
      for (const tag of page.Tags ?? []) tags[tag.Key ?? ''] = tag.Value ?? '';
    const quarantine = inlinePolicyNames.includes(policyName)
      ? await this.inlinePolicy({ kind: 'role', name: roleName }, policyName)
      : undefined;
    return {
      type: 'role-quarantine',
      roleName,
      inlinePolicyNames,
      ...(quarantine?.type === 'inline-policy' && quarantine.document && { quarantine: quarantine.document }),
      tags,
    };
  }

  private async trustPolicy(roleName: string): Promise<ResourceState> {
    const role = await callAws('iam:GetRole', undefined, () =>
      this.iam.send(new GetRoleCommand({ RoleName: roleName })),
    );
    const raw = role.Role?.AssumeRolePolicyDocument;
    const text = raw === undefined ? undefined : policyDocumentText(raw);
    return {
      type: 'trust-policy',
      roleName,
      document: parseDocument(raw, 'trust'),
      ...(text !== undefined && { text }),
    };
  }
}

/** Where fixes for an account run: its remediation role (or the hub's own credentials), and the API settings. */
export interface RemediationAccess {
  target: AccountTarget;
  settings: AwsClientSettings;
  /** The role's credentials when an earlier gateway already has them (one AssumeRole per account per hour). */
  credentials?: CredentialsProvider;
}

/**
 * A gateway for one account through its remediation role; `close` releases the clients. Before its first read
 * or call it checks with sts:GetCallerIdentity that the credentials are in the finding's account: without a
 * remediation role they are the hub's own, and a fix must never land in whatever account those reach.
 */
export function openRemediationGateway(access: RemediationAccess): { gateway: RemediationGateway; close: () => void } {
  const clients = new AccountClients(
    access.settings,
    access.credentials ?? targetCredentials(access.target, access.settings),
  );
  const iam = new IamRemediationGateway(clients.iam());
  let checked: Promise<void> | undefined;
  const inAccount = () =>
    (checked ??= verifyAccount(clients, access.target.id ?? access.target.roleArn?.split(':')[4]).catch(
      (e: unknown) => {
        checked = undefined;
        throw e;
      },
    ));
  const gateway: RemediationGateway = {
    read: async (query) => (await inAccount(), iam.read(query)),
    call: async (call) => (await inAccount(), iam.call(call)),
  };
  return { gateway, close: () => clients.destroy() };
}

async function verifyAccount(clients: AccountClients, expected: string | undefined): Promise<void> {
  if (!expected) throw new FixError('the fix names no account to apply it in', { hint: 'configure the account id' });
  const identity = await callAws('sts:GetCallerIdentity', undefined, () =>
    clients.sts().send(new GetCallerIdentityCommand({})),
  );
  if (identity.Account !== expected)
    throw new FixError(
      `the remediation credentials are in account ${identity.Account ?? 'unknown'} (${identity.Arn ?? 'unknown identity'}), not in ${expected}: nothing was changed`,
      { hint: 'set fixes.roleName or fixes.roleArns so each account is reached through its own remediation role' },
    );
}

function parseDocument(raw: string | undefined, kind: PolicyKind): PolicyDocument {
  return normalisePolicyDocument(raw ?? '{"Statement":[]}', kind).document;
}

async function absentAsUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause ?? e;
    if (cause instanceof NoSuchEntityException || (cause as { name?: string }).name === 'NoSuchEntity')
      return undefined;
    throw e;
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
