import type { OrganizationPolicyLevel, PolicyDocument } from '../iam/index.js';

export type Tags = Readonly<Record<string, string>>;
export type PrincipalKind = 'user' | 'role' | 'group';

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface PolicyVersion {
  versionId: string;
  isDefault: boolean;
  createDate?: string;
  document: PolicyDocument;
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  id?: string;
  path: string;
  /** arn:aws:iam::aws:policy/…: maintained by AWS, cannot be edited. */
  awsManaged: boolean;
  defaultVersionId?: string;
  /** The default version's document: the one that is in force. */
  document: PolicyDocument;
  versions: PolicyVersion[];
  attachmentCount?: number;
  permissionsBoundaryUsageCount?: number;
  createDate?: string;
  updateDate?: string;
}

interface EntityBase {
  arn: string;
  name: string;
  id: string;
  path: string;
  createDate?: string;
  inlinePolicies: InlinePolicy[];
  managedPolicyArns: string[];
}

export interface IamUser extends EntityBase {
  kind: 'user';
  groups: string[];
  boundaryArn?: string;
  tags: Tags;
}

export interface IamGroup extends EntityBase {
  kind: 'group';
}

export interface InstanceProfile {
  arn: string;
  name: string;
}

export interface IamRole extends EntityBase {
  kind: 'role';
  boundaryArn?: string;
  tags: Tags;
  trustPolicy: PolicyDocument;
  instanceProfiles: InstanceProfile[];
  /** RoleLastUsed: absent when AWS has no record of use (in its 400-day tracking window). */
  lastUsed?: { date: string; region?: string };
  maxSessionDuration?: number;
  description?: string;
}

export type IamEntity = IamUser | IamGroup | IamRole;

/** GetAccountAuthorizationDetails, all pages merged, in Rightsize's normalised shape. */
export interface AuthorizationDetails {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
}

export interface AccessKeyStatus {
  active: boolean;
  lastRotated?: string;
  lastUsedDate?: string;
  lastUsedRegion?: string;
  lastUsedService?: string;
}

/** One row of the IAM credential report; "N/A"/"no_information" become absent fields. */
export interface CredentialReportRow {
  user: string;
  arn: string;
  isRoot: boolean;
  userCreationTime?: string;
  passwordEnabled: boolean;
  passwordLastUsed?: string;
  passwordLastChanged?: string;
  passwordNextRotation?: string;
  mfaActive: boolean;
  accessKeys: [AccessKeyStatus, AccessKeyStatus];
  certificates: [{ active: boolean; lastRotated?: string }, { active: boolean; lastRotated?: string }];
}

export interface Ec2Instance {
  instanceId: string;
  region: string;
  state: string;
  instanceType?: string;
  instanceProfileArn?: string;
  /** MetadataOptions.HttpTokens: "optional" means IMDSv1 is still reachable. */
  httpTokens?: 'optional' | 'required';
  httpEndpoint?: 'enabled' | 'disabled';
  publicIp?: string;
  launchTime?: string;
  tags: Tags;
}

export interface LambdaFunction {
  name: string;
  arn: string;
  region: string;
  roleArn: string;
  runtime?: string;
  lastModified?: string;
  /** From GetFunctionUrlConfig (a Rightsize extension of list-functions output): NONE is public. */
  url?: { authType: 'NONE' | 'AWS_IAM'; url?: string };
  tags: Tags;
}

export interface TrackedActionLastAccessed {
  action: string;
  lastAccessed?: string;
  region?: string;
  entity?: string;
}

/** IAM access advisor (GetServiceLastAccessedDetails), one service of one principal. */
export interface ServiceLastAccessed {
  namespace: string;
  serviceName?: string;
  lastAuthenticated?: string;
  lastAuthenticatedEntity?: string;
  region?: string;
  totalAuthenticatedEntities?: number;
  /** Present only for the services where AWS tracks action-level access. */
  trackedActions?: TrackedActionLastAccessed[];
}

export interface AccessAdvisorReport {
  jobCompletionDate?: string;
  services: ServiceLastAccessed[];
}

/** A CloudTrail management event, reduced to what usage analysis needs. */
export interface UsageEvent {
  time: string;
  eventSource: string;
  eventName: string;
  /** The IAM principal: the user, or the role behind an assumed-role session. */
  principalArn?: string;
  identityType?: string;
  accessKeyId?: string;
  region?: string;
  readOnly?: boolean;
  errorCode?: string;
  resources: string[];
  /**
   * The resources as ARNs, where the event names them so (detail `resources[].ARN`, lookup-events names that
   * are ARNs, S3 bucket names): what a downsized policy can be scoped to.
   */
  resourceArns?: string[];
}

export type GapReason = 'missing' | 'access-denied' | 'throttled' | 'region-disabled' | 'incomplete' | 'error';

/** Something the scan could not read. Every rule that needs it says so instead of reporting "no risks". */
export interface CollectionGap {
  source: string;
  reason: GapReason;
  message: string;
  api?: string;
  region?: string;
}

/** A policy-grammar problem found while loading, with the file and JSON path that hold it. */
export interface SnapshotProblem {
  level: 'error' | 'warning';
  file: string;
  path: string;
  message: string;
  /** The policy or principal it affects, when known. */
  subject?: string;
}

export interface AccountSnapshot {
  accountId: string;
  collectedAt: string;
  accountAlias?: string;
  /** Accounts of the same AWS Organization (organizations:ListAccounts, or configuration): trusted, not external. */
  organizationAccountIds?: string[];
  /** The account's place in its AWS Organization and the SCPs and RCPs that apply, from organization.json. */
  organization?: AccountOrganization;
  authorizationDetails: AuthorizationDetails;
  credentialReport?: CredentialReportRow[];
  instances?: Ec2Instance[];
  functions?: LambdaFunction[];
  lastAccessed?: Record<string, AccessAdvisorReport>;
  events?: UsageEvent[];
  /** CloudTrail Lake query results (get-query-results rows), in the same shape as `events`. */
  lakeEvents?: UsageEvent[];
  gaps: CollectionGap[];
  problems: SnapshotProblem[];
}

/**
 * What organization.json says about one account, in the engine's shape (the file's own format is
 * src/organization/types.ts). SCPs and RCPs are absent where they are not enforced: the management account, a
 * policy type not enabled at the root, an account the file does not place.
 */
export interface AccountOrganization {
  /** The organization.json it was read from. */
  file: string;
  organizationId: string;
  managementAccountId: string;
  isManagementAccount: boolean;
  /** "Root/Workloads/Prod": the OUs above the account; absent when the file does not place the account. */
  ouPath?: string;
  /** Service control policies from the root to the account, when enforced. */
  scps?: OrganizationPolicyLevel[];
  /** Resource control policies from the root to the account, when enforced. */
  rcps?: OrganizationPolicyLevel[];
}

/** The files of a snapshot directory (architecture.md); also what `collect` writes. */
export const SNAPSHOT_FILES = {
  authorizationDetails: 'authorization-details.json',
  credentialReport: 'credential-report.csv',
  instances: 'ec2-instances.json',
  functions: 'lambda-functions.json',
  lastAccessed: 'service-last-accessed.json',
  events: 'cloudtrail-events.json',
  lakeEvents: 'cloudtrail-lake.json',
  meta: 'snapshot.json',
} as const;
