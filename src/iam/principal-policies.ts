import type { PolicyDocument } from './policy.js';

/** Where a policy reaches a principal from: its own inline/managed policy, or one of its groups'. */
export interface PolicyAttachment {
  /** Unique per distinct document: a managed policy's ARN, or `${ownerArn}#inline#${name}`. */
  id: string;
  name: string;
  kind: 'inline' | 'managed';
  /** ARN of a managed policy. */
  arn?: string;
  /** Set when the policy comes through a group. */
  viaGroup?: string;
  document: PolicyDocument;
}

/** One level of an AWS Organization (the root, an OU, the account itself) and the policies attached there. */
export interface OrganizationPolicyLevel {
  kind: 'root' | 'ou' | 'account';
  id: string;
  name: string;
  policies: readonly PolicyAttachment[];
}

/** Everything that decides what a principal may do, in the shape the engine needs. */
export interface PrincipalPolicies {
  /** Identity policies: inline, attached managed, and (for users) those of their groups. */
  identity: readonly PolicyAttachment[];
  /** The permissions boundary, when one is set: caps identity policies, grants nothing itself. */
  boundary?: PolicyAttachment;
  /**
   * Service control policies from the root down to the account: at every level some statement must allow the
   * action, and any Deny denies. Absent where SCPs do not apply (the management account, a service-linked role,
   * SCPs not enabled at the root, or no organisation known).
   */
  scps?: readonly OrganizationPolicyLevel[];
  /**
   * Resource control policies of the principal's own account, root first: they cap requests to resources in the
   * account for the services RCPs support (RCP_SERVICES), whoever asks. Absent where they do not apply.
   */
  rcps?: readonly OrganizationPolicyLevel[];
}

/**
 * The services resource control policies apply to
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services).
 */
export const RCP_SERVICES: ReadonlySet<string> = new Set([
  's3',
  'sts',
  'sqs',
  'secretsmanager',
  'kms',
  'ecr',
  'aoss',
  'cognito-identity',
  'dynamodb',
  'logs',
]);
