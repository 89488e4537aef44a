import type { CollectionGap } from '../snapshot/types.js';

/**
 * `organization.json`: the AWS Organization around the accounts, as the Organizations API returns it (read from the
 * management account or a delegated administrator). `collect --all` writes it once, next to the account
 * directories (`<out>/organization.json`); an account snapshot finds it in its own directory or its parent's.
 */
export const ORGANIZATION_FILE = 'organization.json';
export const ORGANIZATION_FORMAT_VERSION = 1;

export type OrgPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** organizations:DescribeOrganization. */
export interface OrganizationDescription {
  Id: string;
  Arn?: string;
  MasterAccountId: string;
  FeatureSet?: string;
}

/** organizations:ListRoots; `PolicyTypes` says which policy types are enabled (an SCP is enforced only when it is). */
export interface OrgRoot {
  Id: string;
  Name?: string;
  PolicyTypes?: { Type: string; Status: string }[];
}

/** organizations:ListOrganizationalUnitsForParent, with the parent it was listed under. */
export interface OrgUnit {
  Id: string;
  Name: string;
  ParentId: string;
}

/** organizations:ListAccountsForParent, with the parent it was listed under. */
export interface OrgAccount {
  Id: string;
  Name?: string;
  Email?: string;
  Status?: string;
  ParentId: string;
}

/** organizations:ListPolicies + DescribePolicy (`Content`, the JSON document as a string) + ListTargetsForPolicy. */
export interface OrgPolicy {
  Id: string;
  Name: string;
  Type: OrgPolicyType;
  AwsManaged?: boolean;
  Content: string;
  /** Root, OU and account ids the policy is attached to. */
  Targets: string[];
}

export interface OrganizationSnapshot {
  version: typeof ORGANIZATION_FORMAT_VERSION;
  collectedAt: string;
  organization: OrganizationDescription;
  roots: OrgRoot[];
  organizationalUnits: OrgUnit[];
  accounts: OrgAccount[];
  policies: OrgPolicy[];
  /** What could not be read (AccessDenied on an Organizations API is a gap, never "no SCPs"). */
  gaps: CollectionGap[];
}

/** One level of an account's place in the organisation, from the root down to the account itself. */
export interface OrgLevel {
  kind: 'root' | 'ou' | 'account';
  id: string;
  name: string;
}
