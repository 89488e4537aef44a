import type { ActionCatalog } from '../iam/catalog.js';
import { wildcardToRegExp } from '../iam/wildcard.js';

/**
 * The reviewed rules that derive the resource- and credentials-exposure action lists from the action catalog.
 * scripts/generate-exposure-lists.ts applies them and commits the result (src/risks/exposure-lists.ts), so a scan
 * reads no more of the catalog than before; src/risks/exposure-lists.test.ts fails while the committed lists differ
 * from what these rules give on the catalog, so a catalog update shows its new and dropped actions in review.
 */

export interface ReviewedPattern {
  /** An IAM action pattern over "service:Action", e.g. `*:Delete*`, `iam:*`. */
  pattern: string;
  /** Matches of `pattern` that still count, e.g. `*:Delete*Policy`. */
  except?: string;
  reason: string;
}

/**
 * Which "Permissions management" actions do not change who else may use a resource. Everything else of that
 * access level (resource policies, ACLs, sharing, grants, access associations) is resource exposure.
 */
export const RESOURCE_EXPOSURE_EXCLUSIONS: readonly ReviewedPattern[] = [
  {
    pattern: 'iam:*',
    reason: 'identity policies and boundaries: the privilege-escalation rule and the escalation graph judge them',
  },
  {
    pattern: 'sso:*',
    reason: 'IAM Identity Center permission sets are identity-side grants, like iam:Put*Policy, not a resource policy',
  },
  {
    pattern: 'organizations:*Policy',
    except: 'organizations:PutResourcePolicy',
    reason: 'organization policies (SCPs, tag policies) restrict accounts; they give no one access',
  },
  {
    pattern: '*:Delete*',
    except: '*:Delete*Policy',
    reason:
      'removes a grant or a permission; a deleted resource policy still counts, as its Deny statements (a data perimeter) go with it',
  },
  ...[
    '*:Remove*',
    '*:Revoke*',
    '*:BatchRevoke*',
    '*:Deauthorize*',
    '*:Retire*',
    '*:Detach*',
    '*:Disassociate*',
    '*:Dissociate*',
    '*:Reject*',
    '*:Cancel*',
    '*:Reset*',
  ].map((pattern) => ({ pattern, reason: 'takes access away' })),
  { pattern: '*:Enable*BlockPublicAccess', reason: 'blocks public sharing: takes exposure away' },
  ...['*:Get*', '*:Describe*', '*:List*', '*:Search*', '*:View*', '*:Validate*', '*:BatchGet*'].map((pattern) => ({
    pattern,
    reason: 'reads; the catalog files it under Permissions management but it changes no one’s access',
  })),
  {
    pattern: '*:AllowVendedLogDeliveryForResource',
    reason: 'lets AWS deliver the resource’s logs to a destination the caller names: no principal gets access',
  },
  ...[
    'glue:*Notebook*',
    'glue:*DataPreview*',
    'glue:ManagedConnector',
    'glue:RefreshOAuth2Tokens',
    'glue:RequestLogParsing',
    'glue:SendRecipeAction',
    'glue:TestConnection',
    'glue:UseGlueStudio',
  ].map((pattern) => ({
    pattern,
    reason: 'Glue Studio and notebook operations filed under Permissions management: they use Glue, they grant nothing',
  })),
  ...[
    'bedrock-agentcore:Invoke*',
    'bedrock-agentcore:*AuthorizeAction*',
    'bedrock-agentcore:SynchronizeGatewayTargets',
    'managedblockchain:GET',
    'managedblockchain:POST',
    'managedblockchain:Invoke',
    'entityresolution:Use*',
    'opensearch:ApplicationAccessAll',
    'ds:AccessDSData',
    'rds-db:connect',
    'cloudwatch:AssumeAccessProfile',
    'redshift:JoinGroup',
    'iotfleetwise:GenerateCommandPayload',
  ].map((pattern) => ({
    pattern,
    reason: 'uses a resource with the caller’s own access (invoke, connect, join); it grants nothing to others',
  })),
  ...[
    's3:BypassGovernanceRetention',
    'fsx:BypassSnaplockEnterpriseRetention',
    'glacier:*VaultLock',
    'glacier:SetDataRetrievalPolicy',
    's3:ObjectOwnerOverrideToBucketOwner',
  ].map((pattern) => ({
    pattern,
    reason: 'retention, lock and ownership settings: they decide what may be deleted or who owns it, not who may read',
  })),
  ...[
    '*:SetWebACL',
    'waf:*WebACL',
    'waf-regional:*WebACL',
    'apigateway:AddCertificateToDomain',
    'ec2:AttachApplianceToNatGateway',
    'ec2:AttachResourcesToPlacementGroup',
    'ec2:*OdbNetworkPeering',
    'vpc-lattice:AssociateViaAWSService*',
    'vpc-lattice:CreateServiceNetworkVpcEndpointAssociation',
    'lambda:EnableReplication',
    'lambda:DisableReplication',
    'xray:PutEncryptionConfig',
    'ses:ApplyTrackingConfigurationOverrides',
    'ses:ReplicateEmailIdentityDkimSigningKey',
    'license-manager:UpdateServiceSettings',
    'dynamodb:UpdateAbacStatus',
    'cloudformation:SetStackPolicy',
    'codestar:CreateProject',
  ].map((pattern) => ({
    pattern,
    reason:
      'configuration the catalog files under Permissions management (firewalls, network attachments, encryption, replication, stack policies that only restrict updates): no principal gains access',
  })),
  ...[
    '*:*AccessForOrganization',
    'networkmanager:StartOrganizationServiceAccessUpdate',
    'ram:EnableSharingWithAwsOrganization',
    'greengrass:AssociateServiceRoleToAccount',
    'redshift:ModifyClusterIamRoles',
  ].map((pattern) => ({
    pattern,
    reason:
      'lets an AWS service act (organization trusted access, a service role): no resource is shared; passing roles is the escalation rules’ domain',
  })),
];

/**
 * Actions that share a resource which the catalog files under another access level (Write): kept from the hand
 * list the catalog rule replaced, so that no case it caught is lost.
 */
export const RESOURCE_EXPOSURE_ADDITIONS: readonly { action: string; reason: string }[] = [
  { action: 'ram:CreateResourceShare', reason: 'shares resources with other accounts or the organization' },
  { action: 'ram:AssociateResourceShare', reason: 'adds principals or resources to a share' },
  { action: 'ec2:ModifyImageAttribute', reason: 'sets launch permissions: shares an AMI, or makes it public' },
  { action: 'rds:ModifyDBSnapshotAttribute', reason: 'shares a DB snapshot with other accounts or the public' },
  {
    action: 'rds:ModifyDBClusterSnapshotAttribute',
    reason: 'shares a cluster snapshot with other accounts or the public',
  },
  { action: 'es:UpdateElasticsearchDomainConfig', reason: 'sets the domain’s access policy' },
  { action: 'es:UpdateDomainConfig', reason: 'sets the domain’s access policy' },
];

/**
 * Credentials exposure: an action whose name creates, returns, resets or rotates a key, token, password or
 * credential. Checked against every action name of the catalog, whatever its access level (Get*Token is Read).
 */
export const CREDENTIALS_EXPOSURE_NAME =
  /^(Create|Generate|Get|Issue|Request|Reset|Rotate|Retrieve|Send|Refresh|Update)\w*(AccessKey|ApiKey|Credential|Token|Password|SSHPublicKey|AccessDetails|LoginProfile)s?(Data|For\w+|WithIAM)?$/;

/** Matches of CREDENTIALS_EXPOSURE_NAME that hand out nothing secret. */
export const CREDENTIALS_EXPOSURE_EXCLUSIONS: readonly ReviewedPattern[] = [
  { pattern: 'waf*:GetChangeToken', reason: 'a concurrency token for WAF Classic updates, not a credential' },
  {
    pattern: 'ec2:CreateIpamExternalResourceVerificationToken',
    reason: 'proves ownership of a resource to IPAM; it authenticates no one',
  },
  { pattern: 'iam:GetSSHPublicKey', reason: 'returns a public key' },
  { pattern: 'iam:GetLoginProfile', reason: 'returns when the console password was set, not the password' },
  { pattern: 'secretsmanager:GetRandomPassword', reason: 'generates a random string, the password of nothing' },
  {
    pattern: 'cloudwatch:GetSpaceCredentials*',
    reason:
      'CloudWatch Omni: credentials for the caller’s work in a space, which the space’s access grants limit (ForOrganization only from the management or a delegated-admin account); counting them would flag every cloudwatch:Get* monitoring policy',
  },
  {
    pattern: 'ssm:GetAccessToken',
    reason: 'returns credentials only for the caller’s own approved just-in-time node access request',
  },
  { pattern: 'lightsail:GetBucketAccessKeys', reason: 'lists access key ids; the secret is shown only at creation' },
  {
    pattern: 'sts:GetSessionToken',
    reason: 'AWS lets every IAM user call it without permission; the credentials carry the caller’s own rights',
  },
];

/**
 * The best-known actions of each list, which finding titles name first (a title shows three): s3:PutBucketPolicy
 * says more to a reader than acm-pca:CreatePermission. Each must be one the rules select.
 */
export const NAMED_FIRST = {
  resource: [
    's3:PutBucketPolicy',
    's3:PutBucketAcl',
    's3:PutObjectAcl',
    'kms:PutKeyPolicy',
    'kms:CreateGrant',
    'lambda:AddPermission',
    'secretsmanager:PutResourcePolicy',
    'dynamodb:PutResourcePolicy',
    'sqs:AddPermission',
    'sns:AddPermission',
    'ecr:SetRepositoryPolicy',
    'ram:CreateResourceShare',
    'ec2:ModifySnapshotAttribute',
    'ec2:ModifyImageAttribute',
    'rds:ModifyDBSnapshotAttribute',
  ],
  credentials: [
    'iam:CreateAccessKey',
    'iam:CreateLoginProfile',
    'iam:UpdateLoginProfile',
    'sts:GetFederationToken',
    'ec2:GetPasswordData',
    'ecr:GetAuthorizationToken',
    'ecr-public:GetAuthorizationToken',
    'codeartifact:GetAuthorizationToken',
    'redshift:GetClusterCredentials',
    'ec2-instance-connect:SendSSHPublicKey',
  ],
} as const;

/** Resource exposure: Permissions-management actions not excluded, plus the reviewed additions; NAMED_FIRST first. */
export function resourceExposureActions(catalog: ActionCatalog): string[] {
  const excluded = compile(RESOURCE_EXPOSURE_EXCLUSIONS);
  const keys = catalog
    .keysOf(catalog.withAccessLevel((level) => level.includes('Permissions management')))
    .filter((key) => !excluded(key));
  for (const { action } of RESOURCE_EXPOSURE_ADDITIONS) {
    const index = catalog.indexOf(action);
    if (index !== undefined) keys.push(catalog.action(index).key);
  }
  return namedFirst(NAMED_FIRST.resource, keys);
}

/** Credentials exposure: every catalog action whose name CREDENTIALS_EXPOSURE_NAME matches, less the exclusions. */
export function credentialsExposureActions(catalog: ActionCatalog): string[] {
  const excluded = compile(CREDENTIALS_EXPOSURE_EXCLUSIONS);
  const keys: string[] = [];
  for (const service of catalog.services())
    for (let i = service.start; i < service.end; i++) {
      const name = catalog.nameOf(i);
      if (CREDENTIALS_EXPOSURE_NAME.test(name) && !excluded(`${service.prefix}:${name}`))
        keys.push(`${service.prefix}:${name}`);
    }
  return namedFirst(NAMED_FIRST.credentials, keys);
}

function compile(patterns: readonly ReviewedPattern[]): (key: string) => boolean {
  const tests = patterns.map(({ pattern, except }) => ({
    pattern: wildcardToRegExp(pattern, 'i'),
    except: except === undefined ? undefined : wildcardToRegExp(except, 'i'),
  }));
  return (key) => tests.some((t) => t.pattern.test(key) && !t.except?.test(key));
}

/** `first` (those of them `keys` has), then the other keys sorted. */
function namedFirst(first: readonly string[], keys: readonly string[]): string[] {
  const selected = new Set(keys);
  const head = first.filter((key) => selected.has(key));
  const rest = [...selected].filter((key) => !head.includes(key)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...head, ...rest];
}
