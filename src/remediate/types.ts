import type { PolicyDocument } from '../iam/index.js';
import type { PrincipalKind } from '../snapshot/index.js';

/**
 * The reversible fixes Rightsize can make. Each names what it changes:
 * - policy-version: a new default version of a customer-managed policy (the previous default is kept)
 * - inline-policy: a principal's inline policy document replaced (the previous one stored)
 * - replace-aws-managed: a customer-managed policy created and attached instead of an AWS-managed one
 * - deactivate-access-key: an access key set Inactive, never deleted
 * - quarantine-role: a deny-all inline policy put on the role, and the role tagged
 * - trust-condition: the missing sts:ExternalId / OIDC `sub` condition added to a trust policy
 */
export const FIX_KINDS = [
  'policy-version',
  'inline-policy',
  'replace-aws-managed',
  'deactivate-access-key',
  'quarantine-role',
  'trust-condition',
] as const;
export type FixKind = (typeof FIX_KINDS)[number];

export interface PrincipalRef {
  kind: PrincipalKind;
  name: string;
}

/** The IAM write calls a fix may make; deploy/remediation-policy.json allows exactly these (and the reads). */
export const IAM_WRITE_APIS = [
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
  'DeletePolicyVersion',
  'CreatePolicy',
  'DeletePolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'PutGroupPolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'AttachUserPolicy',
  'AttachGroupPolicy',
  'DetachRolePolicy',
  'DetachUserPolicy',
  'DetachGroupPolicy',
  'UpdateAccessKey',
  'TagRole',
  'UntagRole',
  'UpdateAssumeRolePolicy',
] as const;
export type IamWriteApi = (typeof IAM_WRITE_APIS)[number];

/** What a fix reads to check the resource before, after, and after a rollback. */
export const IAM_READ_APIS = [
  'GetPolicy',
  'GetPolicyVersion',
  'ListPolicyVersions',
  'ListEntitiesForPolicy',
  'GetRole',
  'GetRolePolicy',
  'GetUserPolicy',
  'GetGroupPolicy',
  'ListRolePolicies',
  'ListRoleTags',
  'ListAttachedRolePolicies',
  'ListAttachedUserPolicies',
  'ListAttachedGroupPolicies',
  'ListAccessKeys',
] as const;

export type CallValue = string | boolean | readonly string[] | readonly { Key: string; Value: string }[];

/** One AWS API call exactly as it is sent (parameter names as the API spells them). */
export interface IamCall {
  api: IamWriteApi;
  params: Readonly<Record<string, CallValue>>;
}

/**
 * A value only known once an earlier step ran: the id of the policy version CreatePolicyVersion made. The
 * executor substitutes it; previews show it as written here.
 */
export const CREATED_VERSION = '<created version>';

export interface FixStep {
  call: IamCall;
  /** What the call does, in words. */
  says: string;
  /** The calls that take this step back, in order (empty with `irreversible`). */
  undo: IamCall[];
  /** Why this step cannot be undone, said in the plan before anyone approves it. */
  irreversible?: string;
}

/** How to read the resource a fix changes. */
export type StateQuery =
  | { type: 'managed-policy'; arn: string }
  | { type: 'inline-policy'; principal: PrincipalRef; policyName: string }
  | { type: 'attached-policies'; principal: PrincipalRef; createdPolicyArn: string }
  | { type: 'access-keys'; userName: string }
  | { type: 'role-quarantine'; roleName: string; policyName: string; tagKey: string }
  | { type: 'trust-policy'; roleName: string };

/** The part of a resource a fix changes, as read from AWS (documents normalised, lists sorted). */
export type ResourceState =
  | {
      type: 'managed-policy';
      arn: string;
      defaultVersionId: string;
      versionIds: string[];
      /** The default version's document. */
      document: PolicyDocument;
      /** Who the policy is attached to, as `kind/name`. */
      attachedTo: string[];
    }
  | {
      type: 'inline-policy';
      principal: PrincipalRef;
      policyName: string;
      document?: PolicyDocument;
      /** The document's text as AWS returned it: a rollback puts back exactly this, not a re-serialised copy. */
      text?: string;
    }
  | {
      type: 'attached-policies';
      principal: PrincipalRef;
      attached: string[];
      /** The customer-managed policy the fix creates, when it exists. */
      created?: { arn: string; document: PolicyDocument };
    }
  | {
      type: 'access-keys';
      userName: string;
      keys: { accessKeyId: string; status: 'Active' | 'Inactive'; createDate: string }[];
    }
  | {
      type: 'role-quarantine';
      roleName: string;
      inlinePolicyNames: string[];
      /** The quarantine policy's document, when the role has it. */
      quarantine?: PolicyDocument;
      tags: Record<string, string>;
    }
  | {
      type: 'trust-policy';
      roleName: string;
      document: PolicyDocument;
      /** The document's text as AWS returned it, put back verbatim on rollback. */
      text?: string;
    };

export interface FixPlan {
  kind: FixKind;
  findingId: string;
  ruleId: string;
  accountId: string;
  resourceArn: string;
  resourceName: string;
  /** One line: what the fix does. */
  summary: string;
  /** What a person should know before approving (pruned versions, who else a policy reaches …). */
  notes: string[];
  query: StateQuery;
  /** The resource as read when the plan was made; apply refuses when it has changed since (drift). */
  before: ResourceState;
  /** The resource as it must read after the fix (`CREATED_VERSION` stands for the new version's id). */
  after: ResourceState;
  /** The resource as it must read after a rollback: `before`, less what cannot be undone. */
  afterRollback: ResourceState;
  steps: FixStep[];
  /** What re-running the finding's rule should show: the finding gone, or still there with less behind it. */
  expect: 'resolved' | 'reduced';
  /** The manual alternative. */
  consoleUrl: string;
  createdAt: string;
}

/** Why a finding gets no automatic fix; the console link is the way. */
export interface NoFix {
  kind: 'no-fix';
  reason: string;
  consoleUrl: string;
}

/** Input the plan cannot invent (an ExternalId agreed with a partner, the OIDC subject to pin). */
export interface NeedsInput {
  kind: 'needs-input';
  input: FixInputName;
  prompt: string;
  example: string;
  consoleUrl: string;
}

export type FixInputName = 'externalId' | 'oidcSubject';
export type FixInputs = Partial<Record<FixInputName, string>>;

export type PlanOutcome = { kind: 'plan'; plan: FixPlan } | NoFix | NeedsInput;
