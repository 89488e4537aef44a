import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/risks/types.js';
import { awsManagedPolicies, corpusAccount } from '../support/managed-policies.js';
import { scanRaw } from '../support/scan.js';

/**
 * AWS's own managed policies (../shared/moto ships all of them), one role each in one account: every role
 * trusts EC2, none has an instance profile, nothing else is there. The verdicts below were written by
 * reading the policy documents; a change in a verdict is a change in precision, to be looked at, not
 * re-recorded.
 */

/** Effective administrators: every action, or all of IAM. */
const ADMINISTRATORS: Record<string, string> = {
  AdministratorAccess: 'Allow * on * (critical: full administrator)',
  IAMFullAccess: 'Allow iam:* on *: can grant itself anything (high: IAM administrator)',
};

/** Real paths to administrator in this account. */
const ESCALATES: Record<string, string> = {
  'AdministratorAccess-Amplify':
    'iam:PutRolePolicy on * with no condition (statement CLIManageviaCFNPolicy is CloudFormation-only, another is not): writes itself any policy',
};

/**
 * Latent paths: iam:PassRole on every role (Resource "*" or role/*, to the method's service when
 * iam:PassedToService says) plus the service's create action; the account lacks only the role.
 */
const LATENT: Record<string, string> = {
  'AdministratorAccess-AWSElasticBeanstalk': 'PassRole * + autoscaling/CloudFormation/RunInstances',
  AmazonDynamoDBFullAccesswithDataPipeline: 'PassRole * + RunInstances, Lambda, Data Pipeline, EMR',
  AmazonEC2SpotFleetTaggingRole: 'PassRole * + RunInstances / RequestSpotInstances',
  AmazonECS_FullAccess: 'PassRole to ecs-tasks.amazonaws.com + RegisterTaskDefinition, RunTask …',
  AmazonEKSComputePolicy: 'PassRole * to ec2.amazonaws.com + RunInstances',
  AmazonEKSLocalOutpostServiceRolePolicy: 'PassRole to ec2.amazonaws.com + RunInstances',
  AmazonElasticMapReduceFullAccess: 'PassRole * + RunInstances, RequestSpotInstances, CreateStack, RunJobFlow',
  AmazonElasticMapReduceRole: 'PassRole * + RunInstances / RequestSpotInstances',
  AmazonESCognitoAccess: 'PassRole * to cognito-identity + SetIdentityPoolRoles',
  AmazonEventBridgeFullAccess: 'PassRole role/* to scheduler.amazonaws.com + scheduler:CreateSchedule',
  AmazonEventBridgeSchedulerFullAccess: 'PassRole to scheduler.amazonaws.com + CreateSchedule',
  AmazonOpenSearchServiceCognitoAccess: 'PassRole * to cognito-identity + SetIdentityPoolRoles',
  AmazonRedshiftAllCommandsFullAccess: 'PassRole to sagemaker + CreateTrainingJob / CreateProcessingJob',
  AmazonSageMakerCanvasDataPrepFullAccess: 'PassRole to sagemaker + CreateProcessingJob',
  AmazonSageMakerCanvasFullAccess: 'PassRole to sagemaker + CreateTrainingJob / CreateProcessingJob',
  AmazonSageMakerFullAccess: 'PassRole to sagemaker + notebooks, training and processing jobs',
  AmazonSageMakerPipelinesIntegrations: 'PassRole + lambda:CreateFunction/InvokeFunction, RunJobFlow',
  AutoScalingServiceRolePolicy: 'PassRole * + RunInstances / RequestSpotInstances',
  AWSBackupServiceRolePolicyForRestores: 'PassRole * + RunInstances (restores launch instances)',
  AWSBatchServiceRole: 'PassRole * + RunInstances, Auto Scaling, ECS RunTask/StartTask',
  AWSBatchServiceRolePolicyForSageMaker: 'PassRole to sagemaker + CreateTrainingJob',
  AWSDeepLensServiceRolePolicy: 'PassRole to sagemaker + CreateTrainingJob',
  AWSEC2FleetServiceRolePolicy: 'PassRole * + RunInstances / RequestSpotInstances',
  AWSEC2SpotFleetServiceRolePolicy: 'PassRole * + RunInstances / RequestSpotInstances',
  AWSEC2SpotServiceRolePolicy: 'PassRole * + RunInstances',
  AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy:
    'PassRole * + Auto Scaling, CloudFormation stacks and stack sets, RunInstances',
  AWSElasticBeanstalkManagedUpdatesServiceRolePolicy: 'PassRole * + Auto Scaling, CreateStack, RunInstances',
  AWSElasticBeanstalkService: 'PassRole * + Auto Scaling, CloudFormation, CodeBuild, RunInstances',
  AWSLambda_FullAccess: 'PassRole to lambda.amazonaws.com + CreateFunction, InvokeFunction …',
  AWSMarketplaceFullAccess: 'PassRole * to ec2.amazonaws.com + RunInstances',
  AWSProtonCodeBuildProvisioningServiceRolePolicy: 'PassRole to codebuild + CreateProject, StartBuild',
  AWSServiceRoleForAmazonEKSNodegroup: 'PassRole to ec2.amazonaws.com + RunInstances',
  AWSServiceRoleForImageBuilder: 'PassRole * + RunInstances',
  AWSServiceRoleForSMS: 'PassRole * + RunInstances, CreateStack',
  BatchServiceRolePolicy: 'PassRole * + RunInstances, Auto Scaling, ECS RunTask/StartTask',
  CloudWatchEventsFullAccess: 'PassRole role/* to scheduler + CreateSchedule',
  DataScientist: 'PassRole to sagemaker + notebooks, training and processing jobs',
  EC2FastLaunchFullAccess: 'PassRole to ec2.amazonaws.com + RunInstances',
  EC2FastLaunchServiceRolePolicy: 'PassRole to ec2.amazonaws.com + RunInstances',
  EC2FleetTimeShiftableServiceRolePolicy: 'PassRole * + RunInstances',
  SageMakerStudioAdminIAMDefaultExecutionPolicy:
    'PassRole * to Glue, SageMaker, Scheduler (same account) + their create actions',
  SageMakerStudioAdminIAMPermissiveExecutionPolicy: 'as the default policy, and EMR Serverless',
  SageMakerStudioEMRServiceRolePolicy:
    'PassRole to ec2 + RunInstances, when the principal is tagged for the DataZone project (conditional)',
  SageMakerStudioProjectUserRolePolicy: 'PassRole to Glue/Scheduler under DataZone tag conditions (conditional)',
  SageMakerStudioUserIAMDefaultExecutionPolicy:
    'PassRole on role/${aws:PrincipalTag/AmazonDataZonePassedRolePath} (conditional on that tag)',
  ServerMigrationServiceLaunchRole: 'PassRole * + RunInstances',
};

/** Notable non-escalations: each was reported before conditions and instance profiles were read (issue 19). */
const NO_ESCALATION: Record<string, string> = {
  PowerUserAccess: 'no IAM at all; SSM/EC2 take-overs need a role with an instance profile, and none has one',
  SystemAdministrator: 'same: instance take-overs only, and no instance profile in the account',
  AmazonEC2FullAccess: 'ec2:* and SSM take-overs, but no instance profile; its PassRole is not on every role',
  AmazonSSMFullAccess: 'ssm:SendCommand/StartSession: no instance profile',
  AmazonSSMAutomationRole: 'ssm:SendCommand: no instance profile',
  AmazonSSMMaintenanceWindowRole: 'ssm:SendCommand: no instance profile',
  AmazonSSMServiceRolePolicy: 'ssm:SendCommand: no instance profile',
  EC2InstanceConnect: 'ec2-instance-connect:SendSSHPublicKey: no instance profile',
  AWSCodeDeployFullAccess: 'codedeploy:CreateDeployment: no instance profile',
  AWSQuickSetupManagedInstanceProfileExecutionPolicy:
    'iam:AttachRolePolicy only with iam:PolicyARN in five SSM/CloudWatch policies',
  AWSQuickSetupDistributorPermissionsBoundary: 'iam:AttachRolePolicy only with iam:PolicyARN in two SSM/EFS policies',
  AWSQuickSetupPatchPolicyPermissionsBoundary: 'iam:AttachRolePolicy only with iam:PolicyARN in two SSM policies',
  AWSQuickSetupSSMHostMgmtPermissionsBoundary: 'iam:AttachRolePolicy only with iam:PolicyARN in two SSM policies',
  AmazonSecurityLakeAdministrator:
    'iam:PutRolePolicy only via Security Lake (aws:CalledVia) and on roles with its boundary (iam:PermissionsBoundary)',
  SageMakerStudioProjectProvisioningRolePolicy:
    'Put/AttachRolePolicy only on roles tagged AmazonDataZoneProject and bounded by its boundary; attach only named policies',
  ReadOnlyAccess: 'reads only',
};

/** Exposure verdicts for the actions issue 19 names, and for read-only policies that must stay quiet. */
const EXPOSURE: Record<string, { resource: boolean; credentials: boolean; why: string }> = {
  AmazonDynamoDBFullAccess: { resource: true, credentials: false, why: 'dynamodb:PutResourcePolicy on *' },
  AmazonRedshiftFullAccess: {
    resource: true,
    credentials: true,
    why: 'redshift:AuthorizeSnapshotAccess; GetClusterCredentials',
  },
  AWSAppSyncAdministrator: { resource: false, credentials: true, why: 'appsync:CreateApiKey' },
  AmazonConnect_FullAccess: { resource: false, credentials: true, why: 'connect:GetFederationToken' },
  AmazonEC2FullAccess: { resource: true, credentials: true, why: 'ec2:ModifySnapshotAttribute …; ec2:GetPasswordData' },
  PowerUserAccess: { resource: true, credentials: true, why: 's3:PutBucketPolicy …; sts:GetFederationToken …' },
  AmazonS3FullAccess: { resource: true, credentials: false, why: 's3:PutBucketPolicy, PutBucketAcl' },
  ViewOnlyAccess: { resource: false, credentials: false, why: 'lists and describes only' },
  SecurityAudit: { resource: false, credentials: false, why: 'reads configuration only' },
  IAMReadOnlyAccess: { resource: false, credentials: false, why: 'iam:Get*/List* only' },
  AmazonS3ReadOnlyAccess: { resource: false, credentials: false, why: 's3:Get*/List* only' },
  AWSLambdaBasicExecutionRole: { resource: false, credentials: false, why: 'writes its own logs' },
  AmazonSSMManagedInstanceCore: { resource: false, credentials: false, why: 'the agent’s own channel calls' },
};

let result: ScanResult;
let policyCount: number;
beforeAll(async () => {
  const policies = await awsManagedPolicies();
  policyCount = policies.length;
  result = await scanRaw({ authorizationDetails: corpusAccount(policies) });
}, 120_000);

const names = (ruleId: string, test: (severity: string) => boolean = () => true) =>
  result.findings
    .filter((f) => f.ruleId === ruleId && test(f.severity))
    .map((f) => f.resourceName)
    .sort();

describe("AWS's managed policies, one role each", () => {
  it('are all read (the emulator ships well over a thousand)', () => {
    expect(policyCount).toBeGreaterThan(1_400);
    expect(result.problems).toEqual([]);
    expect(result.stats.principals).toBe(policyCount);
  });

  it('have exactly the administrators the documents make', () => {
    expect(names('admin-access')).toEqual(Object.keys(ADMINISTRATORS).sort());
  });

  it('escalate only where a path exists today (1 of the 25 reported before issue 19)', () => {
    expect(names('privilege-escalation', (s) => s !== 'low')).toEqual(Object.keys(ESCALATES).sort());
  });

  it('have latent paths exactly where PassRole on every role meets a create action', () => {
    expect(names('privilege-escalation', (s) => s === 'low')).toEqual(Object.keys(LATENT).sort());
    for (const f of result.findings.filter((x) => x.ruleId === 'privilege-escalation' && x.severity === 'low'))
      expect(f.title).toMatch(/has a latent escalation path: .*, but no role (trusts|that trusts) .* yet/);
  });

  it('do not escalate through conditions they cannot meet or instances that cannot exist', () => {
    const flagged = new Set(names('privilege-escalation'));
    for (const name of Object.keys(NO_ESCALATION)) expect(flagged.has(name), name).toBe(false);
  });

  it('expose resources and credentials where the documents say so', () => {
    const resource = new Set(names('resource-exposure'));
    const credentials = new Set(names('credentials-exposure'));
    for (const [name, expected] of Object.entries(EXPOSURE))
      expect({ resource: resource.has(name), credentials: credentials.has(name) }, `${name}: ${expected.why}`).toEqual({
        resource: expected.resource,
        credentials: expected.credentials,
      });
  });
});
