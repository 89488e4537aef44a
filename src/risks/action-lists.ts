/**
 * Actions that make a grant on Resource "*" risky, by kind of risk. Sources: Cloudsplaining's
 * constants (salesforce/cloudsplaining, cloudsplaining/shared/constants.py: DATA_EXFILTRATION_ACTIONS,
 * CREDENTIALS_EXPOSURE / "Credentials Exposure" and its "Resource Exposure" permissions-management
 * actions) and product.md's rule catalog; each list keeps only actions that exist in the AWS catalog.
 */

/** Read the contents of data stores and secrets. */
export const DATA_EXFILTRATION_ACTIONS: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'rds:DownloadDBLogFilePortion',
  'ec2:GetPasswordData',
  'redshift-data:GetStatementResult',
  'glacier:GetJobOutput',
];

/** Change who else may use a resource: resource policies, ACLs, sharing. */
export const RESOURCE_EXPOSURE_ACTIONS: readonly string[] = [
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutBucketPublicAccessBlock',
  's3:PutAccountPublicAccessBlock',
  's3:DeleteBucketPolicy',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'lambda:AddPermission',
  'lambda:AddLayerVersionPermission',
  'ecr:SetRepositoryPolicy',
  'ecr-public:SetRepositoryPolicy',
  'sns:AddPermission',
  'sns:SetTopicAttributes',
  'sqs:AddPermission',
  'sqs:SetQueueAttributes',
  'secretsmanager:PutResourcePolicy',
  'glacier:SetVaultAccessPolicy',
  'ec2:ModifySnapshotAttribute',
  'ec2:ModifyImageAttribute',
  'rds:ModifyDBSnapshotAttribute',
  'rds:ModifyDBClusterSnapshotAttribute',
  'ram:CreateResourceShare',
  'backup:PutBackupVaultAccessPolicy',
  'elasticfilesystem:PutFileSystemPolicy',
  'glue:PutResourcePolicy',
  'logs:PutResourcePolicy',
  'events:PutPermission',
  'es:UpdateElasticsearchDomainConfig',
  'apigateway:UpdateRestApiPolicy',
];

/** Mint or reveal credentials: keys, tokens, passwords. */
export const CREDENTIALS_EXPOSURE_ACTIONS: readonly string[] = [
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'sts:GetFederationToken',
  'ecr:GetAuthorizationToken',
  'ecr-public:GetAuthorizationToken',
  'redshift:GetClusterCredentials',
  'redshift-serverless:GetCredentials',
  'ec2-instance-connect:SendSSHPublicKey',
  'ec2-instance-connect:SendSerialConsoleSSHPublicKey',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'codeartifact:GetAuthorizationToken',
  'mediapackage:RotateChannelCredentials',
  'mediapackage:RotateIngestEndpointCredentials',
  'chime:CreateApiKey',
  'gamelift:RequestUploadCredentials',
];
