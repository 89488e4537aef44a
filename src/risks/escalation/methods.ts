/**
 * Privilege-escalation methods as data: what each needs, what it lets the holder become, and which
 * published catalog names it (../shared/data/privesc-methods.json: Rhino Security Labs' 28, Cloudsplaining's
 * 59, Prowler's 101). The escalation graph turns each into edges (method-edges.ts); composite methods are not
 * edges of their own: they are found as multi-hop paths through the methods they are made of.
 */

export type MethodKind =
  /** CreatePolicyVersion / SetDefaultPolicyVersion on a customer-managed policy attached to the target. */
  | 'modify-attached-policy'
  /** Attach*Policy / Put*Policy on the target principal: it gets any permission. */
  | 'write-principal-policy'
  /** AddUserToGroup: the holder joins a group and gets its permissions. */
  | 'join-group'
  /** CreateAccessKey / CreateLoginProfile / UpdateLoginProfile: the holder signs in as another user. */
  | 'user-credentials'
  /** UpdateAssumeRolePolicy: the holder lets itself assume the role. */
  | 'update-trust'
  /** Delete*PermissionsBoundary on itself: its identity policies apply uncapped. */
  | 'remove-boundary'
  /** iam:PassRole + creating a workload that runs as the passed role. */
  | 'pass-role'
  /** Changing or entering a workload that already runs as a role. */
  | 'existing-workload'
  /** A sequence of other methods; found as a multi-hop path. */
  | 'composite';

export interface EscalationMethod {
  id: string;
  title: string;
  kind: MethodKind;
  /** Every action the method needs. */
  actions: readonly string[];
  /** The action checked against the target's ARN (the role passed, the user whose key is created …). */
  targetAction?: string;
  /** For write-principal-policy and user-credentials: the kind of principal it targets. */
  principalKind?: 'user' | 'group' | 'role';
  /** pass-role / existing-workload: service principals the role must trust. */
  services?: readonly string[];
  /**
   * EC2 runs a role only through an instance profile: a role without one is no target of launching an
   * instance (pass-role) or of taking one over (existing-workload), whatever its trust policy says.
   */
  needsInstanceProfile?: boolean;
  /** existing-workload on workloads the snapshot lists; otherwise any role trusting `services` may run one. */
  workload?: 'lambda-function' | 'ec2-instance';
  /** composite: the methods whose path covers it. */
  composedOf?: readonly string[];
  /** "rhino:3", "cloudsplaining:CreateEC2WithExistingIP", "prowler:PassRole+EC2". */
  sources: readonly string[];
  /** Why a method can no longer be used (its action left the AWS catalog); kept so the catalog mapping stays whole. */
  retired?: string;
}

const passRole = (
  id: string,
  title: string,
  actions: string[],
  services: string[],
  sources: string[],
  extra: Partial<EscalationMethod> = {},
): EscalationMethod => ({
  id,
  title,
  kind: 'pass-role',
  actions: ['iam:PassRole', ...actions],
  targetAction: 'iam:PassRole',
  services,
  sources,
  ...extra,
});

const existing = (
  id: string,
  title: string,
  actions: string[],
  services: string[],
  sources: string[],
  extra: Partial<EscalationMethod> = {},
): EscalationMethod => ({ id, title, kind: 'existing-workload', actions, services, sources, ...extra });

const EC2 = ['ec2.amazonaws.com'];
const LAMBDA = ['lambda.amazonaws.com'];
const GLUE = ['glue.amazonaws.com'];
const CLOUDFORMATION = ['cloudformation.amazonaws.com'];
const SAGEMAKER = ['sagemaker.amazonaws.com'];
const ECS_TASKS = ['ecs-tasks.amazonaws.com'];
const CODEBUILD = ['codebuild.amazonaws.com'];
const AGENTCORE = ['bedrock-agentcore.amazonaws.com'];

export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  // ── Changing policies ────────────────────────────────────────────────────────────────────────────
  {
    id: 'create-policy-version',
    title: 'Create a new default version of a customer-managed policy attached to the principal',
    kind: 'modify-attached-policy',
    actions: ['iam:CreatePolicyVersion'],
    targetAction: 'iam:CreatePolicyVersion',
    sources: ['rhino:1', 'cloudsplaining:CreateNewPolicyVersion', 'prowler:CreatePolicyVersion'],
  },
  {
    id: 'set-default-policy-version',
    title: 'Make an older version of an attached customer-managed policy, one that grants administrator, the default',
    kind: 'modify-attached-policy',
    actions: ['iam:SetDefaultPolicyVersion'],
    targetAction: 'iam:SetDefaultPolicyVersion',
    sources: ['rhino:2', 'cloudsplaining:SetExistingDefaultPolicyVersion', 'prowler:SetDefaultPolicyVersion'],
  },
  ...(['user', 'group', 'role'] as const).flatMap((kind, i): EscalationMethod[] => {
    const Kind = kind[0]!.toUpperCase() + kind.slice(1);
    return [
      {
        id: `attach-${kind}-policy`,
        title: `Attach any managed policy (e.g. AdministratorAccess) to a ${kind}`,
        kind: 'write-principal-policy',
        principalKind: kind,
        actions: [`iam:Attach${Kind}Policy`],
        targetAction: `iam:Attach${Kind}Policy`,
        sources: [`rhino:${7 + i}`, `cloudsplaining:Attach${Kind}Policy`, `prowler:iam:Attach${Kind}Policy`],
      },
      {
        id: `put-${kind}-policy`,
        title: `Write an inline policy granting anything to a ${kind}`,
        kind: 'write-principal-policy',
        principalKind: kind,
        actions: [`iam:Put${Kind}Policy`],
        targetAction: `iam:Put${Kind}Policy`,
        sources: [`rhino:${10 + i}`, `cloudsplaining:Put${Kind}Policy`, `prowler:iam:Put${Kind}Policy`],
      },
    ];
  }),
  {
    id: 'add-user-to-group',
    title: 'Add oneself to a more privileged group',
    kind: 'join-group',
    actions: ['iam:AddUserToGroup'],
    targetAction: 'iam:AddUserToGroup',
    sources: ['rhino:13', 'cloudsplaining:AddUserToGroup', 'prowler:iam:AddUserToGroup'],
  },
  {
    id: 'delete-user-permissions-boundary',
    title: "Remove one's own permissions boundary",
    kind: 'remove-boundary',
    principalKind: 'user',
    actions: ['iam:DeleteUserPermissionsBoundary'],
    targetAction: 'iam:DeleteUserPermissionsBoundary',
    sources: ['prowler:iam:DeleteUserPermissionsBoundary'],
  },
  {
    id: 'delete-role-permissions-boundary',
    title: "Remove a role's permissions boundary, then use the role",
    kind: 'remove-boundary',
    principalKind: 'role',
    actions: ['iam:DeleteRolePermissionsBoundary'],
    targetAction: 'iam:DeleteRolePermissionsBoundary',
    sources: ['prowler:AssumeRole+DeleteRolePermissionsBoundary'],
  },

  // ── Becoming another user or role ────────────────────────────────────────────────────────────────
  {
    id: 'create-access-key',
    title: 'Create an access key for another user and act as them',
    kind: 'user-credentials',
    principalKind: 'user',
    actions: ['iam:CreateAccessKey'],
    targetAction: 'iam:CreateAccessKey',
    sources: ['rhino:4', 'cloudsplaining:CreateAccessKey', 'prowler:iam:CreateAccessKey'],
  },
  {
    id: 'create-login-profile',
    title: 'Create a console password for a user who has none, and sign in as them',
    kind: 'user-credentials',
    principalKind: 'user',
    actions: ['iam:CreateLoginProfile'],
    targetAction: 'iam:CreateLoginProfile',
    sources: ['rhino:5', 'cloudsplaining:CreateLoginProfile', 'prowler:iam:CreateLoginProfile'],
  },
  {
    id: 'update-login-profile',
    title: "Change another user's console password and sign in as them",
    kind: 'user-credentials',
    principalKind: 'user',
    actions: ['iam:UpdateLoginProfile'],
    targetAction: 'iam:UpdateLoginProfile',
    sources: ['rhino:6', 'cloudsplaining:UpdateLoginProfile', 'prowler:iam:UpdateLoginProfile'],
  },
  {
    // Rhino lists sts:AssumeRole too; once the trust policy names the principal's own ARN, a principal of
    // the same account needs no identity-based permission to assume it (IAM policy evaluation logic,
    // "Evaluating policies within a single account"), which is why Cloudsplaining requires only the update.
    id: 'update-assume-role-policy',
    title: "Rewrite a role's trust policy to trust oneself, then assume the role",
    kind: 'update-trust',
    actions: ['iam:UpdateAssumeRolePolicy'],
    targetAction: 'iam:UpdateAssumeRolePolicy',
    sources: [
      'rhino:14',
      'cloudsplaining:UpdateRolePolicyToAssumeIt',
      'prowler:iam:UpdateAssumeRolePolicy',
      'prowler:AssumeRole+UpdateAssumeRolePolicy',
    ],
  },

  // ── Passing a role to a new workload ─────────────────────────────────────────────────────────────
  passRole(
    'pass-role-ec2',
    'Launch an EC2 instance with an instance profile of the role',
    ['ec2:RunInstances'],
    EC2,
    ['rhino:3', 'cloudsplaining:CreateEC2WithExistingIP', 'prowler:PassRole+EC2'],
    { needsInstanceProfile: true },
  ),
  passRole(
    'pass-role-ec2-spot',
    'Request a Spot instance with an instance profile of the role',
    ['ec2:RequestSpotInstances'],
    EC2,
    ['cloudsplaining:PassExistingRoleToNewEC2SpotInstance', 'prowler:PassRole+EC2SpotInstances'],
    { needsInstanceProfile: true },
  ),
  passRole(
    'pass-role-autoscaling-create',
    'Create an Auto Scaling group whose launch configuration uses the role',
    ['autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'],
    EC2,
    ['prowler:PassRole+CreateAutoScaling'],
    { needsInstanceProfile: true },
  ),
  passRole(
    'pass-role-autoscaling-update',
    'Point an Auto Scaling group at a launch configuration that uses the role',
    ['autoscaling:CreateLaunchConfiguration', 'autoscaling:UpdateAutoScalingGroup'],
    EC2,
    ['prowler:PassRole+UpdateAutoScaling'],
    { needsInstanceProfile: true },
  ),
  passRole(
    'pass-role-imagebuilder',
    'Build an image whose infrastructure configuration uses the role',
    [
      'imagebuilder:CreateComponent',
      'imagebuilder:CreateImageRecipe',
      'imagebuilder:CreateInfrastructureConfiguration',
      'imagebuilder:CreateImage',
    ],
    EC2,
    ['prowler:PassRole+ImageBuilderCreateComponent+CreateImage'],
    { needsInstanceProfile: true },
  ),
  passRole(
    'pass-role-lambda-invoke',
    'Create a Lambda function running as the role, then invoke it',
    ['lambda:CreateFunction', 'lambda:InvokeFunction'],
    LAMBDA,
    ['rhino:15', 'cloudsplaining:PassExistingRoleToNewLambdaThenInvoke', 'prowler:PassRole+CreateLambda+Invoke'],
  ),
  passRole(
    'pass-role-lambda-add-permission',
    'Create a Lambda function running as the role, then let another account invoke it',
    ['lambda:CreateFunction', 'lambda:AddPermission'],
    LAMBDA,
    [
      'rhino:16',
      'cloudsplaining:PassExistingRoleToNewLambdaThenAddPermission',
      'prowler:PassRole+CreateLambda+AddPermission',
    ],
  ),
  passRole(
    'pass-role-lambda-event-source',
    'Create a Lambda function running as the role, triggered by an existing or new DynamoDB stream',
    ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    LAMBDA,
    [
      'rhino:17',
      'cloudsplaining:PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
      'cloudsplaining:PassExistingRoleToNewLambdaThenTriggerWithNewDynamo',
      'prowler:PassRole+CreateLambda+ExistingDynamo',
      'prowler:PassRole+CreateLambda+NewDynamo',
    ],
  ),
  passRole(
    'pass-role-glue-dev-endpoint',
    'Create a Glue development endpoint running as the role and log in to it',
    ['glue:CreateDevEndpoint'],
    GLUE,
    ['rhino:19', 'cloudsplaining:PassExistingRoleToNewGlueDevEndpoint', 'prowler:PassRole+GlueCreateDevEndpoint'],
  ),
  passRole(
    'pass-role-glue-job-run',
    'Create a Glue job running as the role and start it',
    ['glue:CreateJob', 'glue:StartJobRun'],
    GLUE,
    ['cloudsplaining:PassExistingRoleToNewGlueJobThenRun', 'prowler:PassRole+GlueCreateJob+StartJobRun'],
  ),
  passRole(
    'pass-role-glue-job-trigger',
    'Create a Glue job running as the role, started by a trigger',
    ['glue:CreateJob', 'glue:CreateTrigger'],
    GLUE,
    ['cloudsplaining:PassExistingRoleToNewGlueJobViaTrigger', 'prowler:PassRole+GlueCreateJob+CreateTrigger'],
  ),
  passRole(
    'pass-role-glue-update-job-run',
    'Change an existing Glue job to run as the role and start it',
    ['glue:UpdateJob', 'glue:StartJobRun'],
    GLUE,
    ['cloudsplaining:PassExistingRoleToUpdatedGlueJobThenRun', 'prowler:PassRole+GlueUpdateJob+StartJobRun'],
  ),
  passRole(
    'pass-role-glue-update-job-trigger',
    'Change an existing Glue job to run as the role, started by a trigger',
    ['glue:UpdateJob', 'glue:CreateTrigger'],
    GLUE,
    ['cloudsplaining:PassExistingRoleToUpdatedGlueJobViaTrigger', 'prowler:PassRole+GlueUpdateJob+CreateTrigger'],
  ),
  passRole(
    'pass-role-glue-session',
    'Create an interactive Glue session running as the role and run code in it',
    ['glue:CreateSession', 'glue:RunStatement'],
    GLUE,
    ['prowler:PassRole+GlueCreateSession+RunStatement'],
  ),
  passRole(
    'pass-role-cloudformation-stack',
    'Create a CloudFormation stack that runs as the role',
    ['cloudformation:CreateStack'],
    CLOUDFORMATION,
    ['rhino:21', 'cloudsplaining:PassExistingRoleToCloudFormation', 'prowler:PassRole+CloudFormationCreateStack'],
  ),
  passRole(
    'pass-role-cloudformation-stackset',
    'Create a CloudFormation stack set (and instances) that runs as the role',
    ['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'],
    CLOUDFORMATION,
    ['cloudsplaining:PassExistingRoleToNewCloudFormationStackSet', 'prowler:PassRole+CloudFormationCreateStackSet'],
  ),
  passRole(
    'pass-role-cloudformation-update-stackset',
    'Update a CloudFormation stack set to run as the role',
    ['cloudformation:UpdateStackSet'],
    CLOUDFORMATION,
    ['cloudsplaining:PassRoleToUpdateCloudFormationStackSet', 'prowler:PassRole+CloudFormationUpdateStackSet'],
  ),
  passRole(
    'pass-role-datapipeline',
    'Create a Data Pipeline that runs commands as the role',
    ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
    ['datapipeline.amazonaws.com', 'elasticmapreduce.amazonaws.com'],
    ['rhino:22', 'cloudsplaining:PassExistingRoleToNewDataPipeline', 'prowler:PassRole+DataPipeline'],
  ),
  passRole(
    'pass-role-codestar',
    'Create a CodeStar project that runs as the role',
    ['codestar:CreateProject'],
    ['codestar.amazonaws.com'],
    ['rhino:24', 'prowler:PassRole+CodeStar'],
  ),
  passRole(
    'pass-role-sagemaker-notebook',
    'Create a SageMaker notebook running as the role and open it',
    ['sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'],
    SAGEMAKER,
    [
      'rhino:27',
      'cloudsplaining:PassExistingRoleToNewSageMakerNotebookInstance',
      'prowler:PassRole+SageMakerCreateNotebookInstance',
    ],
  ),
  passRole(
    'pass-role-sagemaker-training',
    'Run a SageMaker training job as the role',
    ['sagemaker:CreateTrainingJob'],
    SAGEMAKER,
    ['cloudsplaining:PassExistingRoleToNewSageMakerTrainingJob', 'prowler:PassRole+SageMakerCreateTrainingJob'],
  ),
  passRole(
    'pass-role-sagemaker-processing',
    'Run a SageMaker processing job as the role',
    ['sagemaker:CreateProcessingJob'],
    SAGEMAKER,
    ['cloudsplaining:PassExistingRoleToNewSageMakerProcessingJob', 'prowler:PassRole+SageMakerCreateProcessingJob'],
  ),
  passRole(
    'pass-role-codebuild-build',
    'Create a CodeBuild project running as the role and start a build',
    ['codebuild:CreateProject', 'codebuild:StartBuild'],
    CODEBUILD,
    [
      'cloudsplaining:PassExistingRoleToNewCodeBuildProjectThenBuild',
      'prowler:PassRole+CodeBuildCreateProject+StartBuild',
    ],
  ),
  passRole(
    'pass-role-codebuild-batch',
    'Create a CodeBuild project running as the role and start a batch build',
    ['codebuild:CreateProject', 'codebuild:StartBuildBatch'],
    CODEBUILD,
    [
      'cloudsplaining:PassExistingRoleToNewCodeBuildProjectThenBuildBatch',
      'prowler:PassRole+CodeBuildCreateProject+StartBuildBatch',
    ],
  ),
  passRole(
    'pass-role-ecs-run-task',
    'Register an ECS task definition with the role and run it',
    ['ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    ECS_TASKS,
    [
      'cloudsplaining:PassExistingRoleToNewECSTaskViaRunTask',
      'cloudsplaining:PassExistingRoleToNewECSClusterRunTask',
      'prowler:PassRole+ECS+RegisterTaskDef+RunTask',
      'prowler:PassRole+ECS+RunTask',
    ],
  ),
  passRole(
    'pass-role-ecs-start-task',
    'Register an ECS task definition with the role and start it',
    ['ecs:RegisterTaskDefinition', 'ecs:StartTask'],
    ECS_TASKS,
    [
      'cloudsplaining:PassExistingRoleToNewECSTaskViaStartTask',
      'prowler:PassRole+ECS+RegisterTaskDef+StartTask',
      'prowler:PassRole+ECSStartTaskExistingCluster',
      'prowler:PassRole+ECS+StartTask',
    ],
  ),
  passRole(
    'pass-role-ecs-service',
    'Register an ECS task definition with the role and create a service',
    ['ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    ECS_TASKS,
    [
      'cloudsplaining:PassExistingRoleToNewECSService',
      'cloudsplaining:PassExistingRoleToNewECSClusterServiceTask',
      'prowler:PassRole+ECS+RegisterTaskDef+CreateService',
    ],
  ),
  passRole(
    'pass-role-batch',
    'Register an AWS Batch job definition with the role and submit a job',
    ['batch:RegisterJobDefinition', 'batch:SubmitJob'],
    ECS_TASKS,
    ['prowler:PassRole+BatchRegisterJobDef+SubmitJob'],
  ),
  passRole(
    'pass-role-apprunner',
    'Create an App Runner service whose instances run as the role',
    ['apprunner:CreateService'],
    ['tasks.apprunner.amazonaws.com'],
    ['cloudsplaining:PassExistingRoleToNewAppRunnerService', 'prowler:PassRole+AppRunnerCreateService'],
  ),
  passRole(
    'pass-role-agentcore-interpreter',
    'Create a Bedrock AgentCore code interpreter running as the role and run code in it',
    [
      'bedrock-agentcore:CreateCodeInterpreter',
      'bedrock-agentcore:StartCodeInterpreterSession',
      'bedrock-agentcore:InvokeCodeInterpreter',
    ],
    AGENTCORE,
    [
      'cloudsplaining:PassExistingRoleToNewBedrockCodeInterpreter',
      'prowler:PassRole+AgentCoreCreateInterpreter+InvokeInterpreter',
    ],
  ),
  passRole(
    'pass-role-agentcore-runtime',
    'Create a Bedrock AgentCore runtime running as the role and run commands in it',
    [
      'bedrock-agentcore:CreateAgentRuntime',
      'bedrock-agentcore:CreateAgentRuntimeEndpoint',
      'bedrock-agentcore:CreateWorkloadIdentity',
      'bedrock-agentcore:InvokeAgentRuntimeCommand',
    ],
    AGENTCORE,
    [
      'prowler:PassRole+AgentCoreCreateRuntime+InvokeRuntimeCommand',
      'prowler:PassRole+AgentCoreCreateHarness+InvokeRuntimeCommand',
    ],
  ),
  passRole(
    'pass-role-agentcore-browser',
    'Create a Bedrock AgentCore browser running as the role and drive it',
    [
      'bedrock-agentcore:CreateBrowser',
      'bedrock-agentcore:StartBrowserSession',
      'bedrock-agentcore:ConnectBrowserAutomationStream',
    ],
    AGENTCORE,
    ['prowler:PassRole+AgentCoreCreateBrowser+ConnectBrowser'],
  ),
  passRole(
    'pass-role-braket',
    'Run an Amazon Braket hybrid job as the role',
    ['braket:CreateJob'],
    ['braket.amazonaws.com'],
    ['prowler:PassRole+BraketCreateJob'],
  ),
  passRole(
    'pass-role-cognito-identity-pool',
    'Set the role as an identity pool role and take its credentials',
    ['cognito-identity:SetIdentityPoolRoles'],
    ['cognito-identity.amazonaws.com'],
    ['prowler:PassRole+CognitoSetIdentityPoolRoles'],
  ),
  passRole(
    'pass-role-emr',
    'Run an EMR job flow as the role',
    ['elasticmapreduce:RunJobFlow'],
    ['elasticmapreduce.amazonaws.com'],
    ['prowler:PassRole+EMRRunJobFlow'],
  ),
  passRole(
    'pass-role-emr-serverless',
    'Create an EMR Serverless application and run a job as the role',
    ['emr-serverless:CreateApplication', 'emr-serverless:StartJobRun'],
    ['emr-serverless.amazonaws.com'],
    ['prowler:PassRole+EMRServerlessCreateApp+StartJobRun'],
  ),
  passRole(
    'pass-role-gamelift',
    'Create a GameLift fleet whose instances run as the role',
    ['gamelift:CreateBuild', 'gamelift:RequestUploadCredentials', 'gamelift:CreateFleet'],
    ['gamelift.amazonaws.com'],
    ['prowler:PassRole+GameLiftCreateBuild+CreateFleet'],
  ),
  passRole(
    'pass-role-kinesis-analytics',
    'Create and start a Kinesis Data Analytics application running as the role',
    ['kinesisanalytics:CreateApplication', 'kinesisanalytics:StartApplication'],
    ['kinesisanalytics.amazonaws.com'],
    ['prowler:PassRole+KinesisAnalyticsCreateApp+StartApp'],
  ),
  passRole(
    'pass-role-omics',
    'Create a HealthOmics workflow and start a run as the role',
    ['omics:CreateWorkflow', 'omics:StartRun', 's3:GetObject'],
    ['omics.amazonaws.com'],
    ['prowler:PassRole+OmicsCreateWorkflow+StartRun'],
  ),
  passRole(
    'pass-role-scheduler',
    'Create an EventBridge schedule that acts as the role',
    ['scheduler:CreateSchedule'],
    ['scheduler.amazonaws.com'],
    ['prowler:PassRole+SchedulerCreateSchedule'],
  ),
  passRole(
    'pass-role-ssm-automation',
    'Create an SSM document and run it as an automation with the role',
    ['ssm:CreateDocument', 'ssm:StartAutomationExecution'],
    ['ssm.amazonaws.com'],
    ['prowler:PassRole+SSMCreateDocument+StartAutomation'],
  ),
  passRole(
    'pass-role-step-functions',
    'Create a Step Functions state machine running as the role and start it',
    ['states:CreateStateMachine', 'states:StartExecution'],
    ['states.amazonaws.com'],
    ['prowler:PassRole+StepFunctionsCreateStateMachine+StartExecution'],
  ),

  // ── Taking over workloads that already run as a role ─────────────────────────────────────────────
  existing(
    'update-lambda-code',
    "Replace an existing Lambda function's code; it runs as its execution role",
    ['lambda:UpdateFunctionCode'],
    LAMBDA,
    [
      'rhino:18',
      'cloudsplaining:EditExistingLambdaFunctionWithRole',
      'cloudsplaining:UpdateAndInvokeLambdaFunction',
      'cloudsplaining:UpdateLambdaFunctionAndAddPermission',
      'prowler:lambda:UpdateFunctionCode',
      'prowler:UpdateFunctionCode+InvokeFunction',
      'prowler:UpdateFunctionCode+AddPermission',
    ],
    { workload: 'lambda-function', targetAction: 'lambda:UpdateFunctionCode' },
  ),
  existing(
    'update-lambda-configuration',
    'Add a malicious layer to an existing Lambda function',
    ['lambda:UpdateFunctionConfiguration'],
    LAMBDA,
    ['rhino:26', 'prowler:lambda:UpdateFunctionConfiguration'],
    { workload: 'lambda-function', targetAction: 'lambda:UpdateFunctionConfiguration' },
  ),
  existing(
    'ec2-user-data',
    "Change an instance's user data and restart it; the code runs with its instance profile",
    ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    EC2,
    ['cloudsplaining:ModifyEC2InstanceUserDataThenRestart', 'prowler:EC2ModifyInstanceAttribute'],
    { workload: 'ec2-instance', needsInstanceProfile: true, targetAction: 'ec2:ModifyInstanceAttribute' },
  ),
  existing(
    'ec2-instance-connect',
    'Push an SSH key with EC2 Instance Connect and log in to an instance',
    ['ec2-instance-connect:SendSSHPublicKey', 'ec2:DescribeInstances'],
    EC2,
    ['cloudsplaining:EC2InstanceConnectSendSSHPublicKey', 'prowler:EC2InstanceConnect+SendSSHPublicKey'],
    { workload: 'ec2-instance', needsInstanceProfile: true, targetAction: 'ec2-instance-connect:SendSSHPublicKey' },
  ),
  existing(
    'ssm-start-session',
    'Open a Session Manager shell on an instance',
    ['ssm:StartSession'],
    EC2,
    ['prowler:SSMStartSession'],
    { workload: 'ec2-instance', needsInstanceProfile: true, targetAction: 'ssm:StartSession' },
  ),
  existing(
    'ssm-send-command',
    'Run commands on an instance with SSM Run Command',
    ['ssm:SendCommand'],
    EC2,
    ['prowler:SSMSendCommand'],
    { workload: 'ec2-instance', needsInstanceProfile: true, targetAction: 'ssm:SendCommand' },
  ),
  existing(
    'codedeploy-deployment',
    'Deploy code with CodeDeploy onto instances',
    ['codedeploy:CreateDeployment', 'codedeploy:GetDeploymentConfig', 'codedeploy:RegisterApplicationRevision'],
    EC2,
    ['prowler:CodeDeployCreateDeployment'],
    { workload: 'ec2-instance', needsInstanceProfile: true },
  ),
  existing(
    'ec2-launch-template',
    'Change a launch template to run code with its instance profile',
    ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
    EC2,
    ['cloudsplaining:ModifyExistingEC2LaunchTemplate', 'prowler:EC2ModifyLaunchTemplate'],
    { needsInstanceProfile: true },
  ),
  existing(
    'glue-update-dev-endpoint',
    'Add an SSH key to an existing Glue development endpoint',
    ['glue:UpdateDevEndpoint'],
    GLUE,
    ['rhino:20', 'cloudsplaining:UpdateExistingGlueDevEndpoint', 'prowler:GlueUpdateDevEndpoint'],
  ),
  existing(
    'cloudformation-update-stack',
    'Update an existing stack that runs with a service role',
    ['cloudformation:UpdateStack'],
    CLOUDFORMATION,
    ['prowler:CloudFormationUpdateStack'],
  ),
  existing(
    'cloudformation-change-set',
    'Create and execute a change set on a stack that runs with a service role',
    ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'],
    CLOUDFORMATION,
    ['cloudsplaining:ExecuteCloudFormationChangeSet', 'prowler:CloudFormationChangeSet'],
  ),
  existing(
    'codestar-from-template',
    'Create a CodeStar project from a template, which runs with the CodeStar service role',
    ['codestar:CreateProjectFromTemplate'],
    ['codestar.amazonaws.com'],
    ['rhino:23'],
    {
      retired:
        'AWS CodeStar was discontinued in July 2024; codestar:CreateProjectFromTemplate is no longer in the AWS catalog',
    },
  ),
  existing(
    'codestar-team-member',
    'Create a CodeStar project and make oneself a team member of it',
    ['codestar:CreateProject', 'codestar:AssociateTeamMember'],
    ['codestar.amazonaws.com'],
    ['rhino:25'],
  ),
  existing(
    'sagemaker-presigned-url',
    'Open an existing SageMaker notebook through a presigned URL',
    ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    SAGEMAKER,
    [
      'rhino:28',
      'cloudsplaining:CreatePresignedSageMakerNotebookUrl',
      'prowler:SageMakerCreatePresignedNotebookInstanceUrl',
    ],
  ),
  existing(
    'sagemaker-lifecycle-config',
    'Attach a lifecycle script to an existing notebook and restart it',
    [
      'sagemaker:CreateNotebookInstanceLifecycleConfig',
      'sagemaker:StopNotebookInstance',
      'sagemaker:UpdateNotebookInstance',
      'sagemaker:StartNotebookInstance',
    ],
    SAGEMAKER,
    ['cloudsplaining:UpdateSageMakerNotebookLifecycleConfig', 'prowler:SageMakerNotebookLifecycleConfig'],
  ),
  existing(
    'ecs-execute-command',
    'Open a shell in a running ECS task',
    ['ecs:ExecuteCommand', 'ecs:DescribeTasks'],
    ECS_TASKS,
    ['cloudsplaining:ECSExecuteCommandOnRunningTask', 'prowler:ECS+ExecuteCommand'],
  ),
  existing(
    'codebuild-start-build',
    'Start a build of an existing CodeBuild project with an overridden buildspec',
    ['codebuild:StartBuild'],
    CODEBUILD,
    ['prowler:CodeBuildStartBuild'],
  ),
  existing(
    'codebuild-start-build-batch',
    'Start a batch build of an existing CodeBuild project with an overridden buildspec',
    ['codebuild:StartBuildBatch'],
    CODEBUILD,
    ['prowler:CodeBuildStartBuildBatch'],
  ),
  existing(
    'batch-submit-job',
    'Submit a job to an existing AWS Batch job definition with overridden commands',
    ['batch:SubmitJob'],
    ECS_TASKS,
    ['prowler:BatchSubmitJob'],
  ),
  existing(
    'apprunner-update-service',
    'Change the code an existing App Runner service runs',
    ['apprunner:UpdateService'],
    ['tasks.apprunner.amazonaws.com'],
    ['prowler:AppRunnerUpdateService'],
  ),
  existing(
    'agentcore-interpreter-session',
    'Run code in an existing Bedrock AgentCore code interpreter',
    ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'],
    AGENTCORE,
    ['cloudsplaining:AccessExistingBedrockCodeInterpreterSession', 'prowler:AgentCoreSessionInvoke'],
  ),
  existing(
    'agentcore-runtime-command',
    'Run commands in an existing Bedrock AgentCore runtime',
    ['bedrock-agentcore:InvokeAgentRuntimeCommand'],
    AGENTCORE,
    ['prowler:AgentCoreInvokeRuntimeCommand'],
  ),
  existing(
    'agentcore-browser-session',
    'Drive an existing Bedrock AgentCore browser',
    ['bedrock-agentcore:StartBrowserSession', 'bedrock-agentcore:ConnectBrowserAutomationStream'],
    AGENTCORE,
    ['prowler:AgentCoreBrowserSessionConnect'],
  ),
  existing(
    'step-functions-update',
    'Change an existing state machine and start it',
    ['states:UpdateStateMachine', 'states:StartExecution'],
    ['states.amazonaws.com'],
    ['prowler:StepFunctionsUpdateStateMachine+StartExecution'],
  ),

  // ── Combinations: found as multi-hop paths of the methods above ──────────────────────────────────
  {
    id: 'create-and-rotate-access-key',
    title: 'Delete one of two keys of a user, then create one',
    kind: 'composite',
    actions: ['iam:CreateAccessKey', 'iam:DeleteAccessKey'],
    composedOf: ['create-access-key'],
    sources: ['cloudsplaining:CreateAndRotateAccessKey', 'prowler:CreateAccessKey+DeleteAccessKey'],
  },
  {
    id: 'attach-user-policy-then-create-access-key',
    title: 'Attach a policy to a user, then create a key for them',
    kind: 'composite',
    actions: ['iam:AttachUserPolicy', 'iam:CreateAccessKey'],
    composedOf: ['attach-user-policy', 'create-access-key'],
    sources: ['cloudsplaining:AttachUserPolicyThenCreateAccessKey', 'prowler:AttachUserPolicy+CreateAccessKey'],
  },
  {
    id: 'put-user-policy-then-create-access-key',
    title: 'Write an inline policy on a user, then create a key for them',
    kind: 'composite',
    actions: ['iam:PutUserPolicy', 'iam:CreateAccessKey'],
    composedOf: ['put-user-policy', 'create-access-key'],
    sources: ['cloudsplaining:PutUserPolicyThenCreateAccessKey', 'prowler:PutUserPolicy+CreateAccessKey'],
  },
  {
    id: 'create-policy-version-then-assume-role',
    title: "Change a role's policy, then assume the role",
    kind: 'composite',
    actions: ['iam:CreatePolicyVersion', 'sts:AssumeRole'],
    composedOf: ['create-policy-version'],
    sources: ['cloudsplaining:CreatePolicyVersionThenAssumeRole', 'prowler:AssumeRole+CreatePolicyVersion'],
  },
  {
    id: 'attach-role-policy-then-assume-role',
    title: 'Attach a policy to a role, then assume it',
    kind: 'composite',
    actions: ['iam:AttachRolePolicy', 'sts:AssumeRole'],
    composedOf: ['attach-role-policy'],
    sources: ['prowler:AssumeRole+AttachRolePolicy'],
  },
  {
    id: 'put-role-policy-then-assume-role',
    title: 'Write an inline policy on a role, then assume it',
    kind: 'composite',
    actions: ['iam:PutRolePolicy', 'sts:AssumeRole'],
    composedOf: ['put-role-policy'],
    sources: ['prowler:AssumeRole+PutRolePolicy'],
  },
  {
    id: 'attach-role-policy-then-update-trust',
    title: 'Attach a policy to a role and make it trust oneself',
    kind: 'composite',
    actions: ['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'],
    composedOf: ['attach-role-policy', 'update-assume-role-policy'],
    sources: [
      'cloudsplaining:AttachRolePolicyThenUpdateAssumeRolePolicy',
      'prowler:AttachRolePolicy+UpdateAssumeRolePolicy',
    ],
  },
  {
    id: 'create-policy-version-then-update-trust',
    title: "Change a role's policy and make it trust oneself",
    kind: 'composite',
    actions: ['iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy'],
    composedOf: ['create-policy-version', 'update-assume-role-policy'],
    sources: [
      'cloudsplaining:CreatePolicyVersionThenUpdateAssumeRolePolicy',
      'prowler:CreatePolicyVersion+UpdateAssumeRolePolicy',
    ],
  },
  {
    id: 'put-role-policy-then-update-trust',
    title: 'Write an inline policy on a role and make it trust oneself',
    kind: 'composite',
    actions: ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'],
    composedOf: ['put-role-policy', 'update-assume-role-policy'],
    sources: ['cloudsplaining:PutRolePolicyThenUpdateAssumeRolePolicy', 'prowler:PutRolePolicy+UpdateAssumeRolePolicy'],
  },
  {
    id: 'iam-wildcard',
    title: 'iam:* (or iam:Put*): every IAM write, including all of the policy methods',
    kind: 'composite',
    actions: ['iam:PutUserPolicy'],
    composedOf: ['put-user-policy', 'put-role-policy', 'put-group-policy', 'attach-user-policy'],
    sources: ['prowler:OverPermissiveIAM', 'prowler:IAMPut'],
  },
];

/**
 * Prowler entries Rightsize does not model, and why: IAM Identity Center permission sets live in the
 * organisation's management account, outside an account snapshot.
 */
export const UNMODELLED_SOURCES: Readonly<Record<string, string>> = {
  'prowler:SSOCreatePermissionSet+CreateAccountAssignment+AttachManagedPolicy':
    'IAM Identity Center (organisation management account), not in an account snapshot',
  'prowler:sso:AttachManagedPolicyToPermissionSet':
    'IAM Identity Center (organisation management account), not in an account snapshot',
  'prowler:sso:PutInlinePolicyToPermissionSet':
    'IAM Identity Center (organisation management account), not in an account snapshot',
};
