/**
 * Synthetic AWS account snapshot for benchmarks: a large organisation's IAM, written as a snapshot
 * directory (see docs/architecture.md, "Snapshot directory") in exactly the shapes the AWS CLI prints.
 *
 *   npx tsx bench/generate-org.ts --principals 10000 --out bench/out/org-10k [--seed 1] [--distinct-policies 2000]
 *
 * The mix, for N principals, and why:
 * - ~75% roles, ~22% users, ~3% groups (at least 5). Real organisations are role-heavy: every Lambda,
 *   ECS task, EC2 fleet and CI pipeline has its own role, while humans come in through SSO or a few users.
 * - `distinctPolicies` customer-managed policies (default 2,000; ~N/2 below 4,000 principals), 5 of which
 *   are permission boundaries, plus the AWS-managed policies in use (~78 in the catalog). Evaluation cost
 *   scales with *distinct* documents, not attachments, so this is the knob that matters for caching.
 * - The AWS-managed set includes a ReadOnlyAccess of ~500 `Service:Get*`/`List*`/`Describe*` patterns like
 *   the real one, AdministratorAccess (`*`), and PowerUserAccess (NotAction). ReadOnlyAccess is attached to
 *   thousands of principals in a large org, so expanding it per principal instead of once is the classic
 *   way an analyser goes quadratic.
 * - Every principal has 1-5 attached managed policies drawn with Zipf-like popularity (exponent 1): a
 *   handful of policies are attached to thousands of principals and most to a few, as in real accounts.
 *   ~40% of principals also have 1-2 inline policies, each unique (they name the principal's own
 *   resources), so inline documents cannot be shared across principals. ~10% of users and roles have a
 *   permission boundary. Users belong to 1-3 groups (again Zipf: "developers" has thousands of members).
 * - Customer statements mix exact real actions (~250 across 35 services), wildcards (`s3:Get*`,
 *   `dynamodb:*`), NotAction, NotResource, Deny statements and Condition blocks (~15% of statements), on
 *   account-specific ARNs or `*`.
 * - Roles trust mostly services (ec2, lambda, ecs-tasks, ...), some other accounts, GitHub/EKS OIDC and
 *   SSO (SAML); a few trust `*`. ~1 in 4 roles has an instance profile; ~N/20 EC2 instances use those
 *   profiles and ~N/10 Lambda functions use the Lambda roles.
 * - Document encodings vary the way real inputs do: ~80% JSON objects (what the CLI prints), ~20%
 *   URL-encoded strings (what the raw API/SDK returns), some single-object `Statement`s, and string rather
 *   than array `Action`/`Resource` where there is one value. A loader must accept all of them.
 * - Shapes follow the real output where it is sparse: empty inline-policy lists and Tags are omitted,
 *   RoleLastUsed is `{}` for never-used roles, and AWS-managed policies appear in `Policies` only when
 *   attached or used as a boundary. Customer-managed policies may have up to 5 versions (newest first).
 * - service-last-accessed.json covers a ~10% sample of users and roles; its service list is the catalog's
 *   35 services a principal's policies grant (`*` counts as all 35), ~35% of them used.
 *
 * Static data (real action names, the AWS-managed documents, the org's boundaries) is in org/catalog.ts.
 *
 * Deterministic: one seeded PRNG (mulberry32), forked per section, and dates relative to a fixed
 * `collectedAt`. Same options, same bytes. Memory stays flat at 50k principals because principals are
 * built one at a time and streamed into the file; only managed policies, groups and a few per-principal
 * facts (for the credential report, EC2, Lambda and access advisor files) are kept.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AWS_MANAGED_POLICIES, GLOBAL_SERVICE_ACTIONS, permissionBoundaries, SERVICES } from './org/catalog.js';
import type { PolicyDocument, PolicyStatement, ServiceSpec } from './org/catalog.js';
import { writeJsonEntries, writeJsonLists, writeText } from './org/json-writer.js';
import { HEX, ID_ALPHABET, Rng, ZipfSampler } from './org/random.js';
import type { WeightedChoices } from './org/random.js';

// ─── Options and the shape of the organisation ──────────────────────────────────────────────────────

export interface GenerateOrgOptions {
  /** Directory to write the snapshot into (created if missing; existing files are overwritten). */
  outDir: string;
  /** Total users + groups + roles. */
  principals: number;
  /** PRNG seed; the same options always produce the same bytes. Default 1. */
  seed?: number;
  /** Customer-managed policies (default 2,000, or ~principals/2 for small orgs). */
  distinctPolicies?: number;
}

export const BENCH_ACCOUNT_ID = '123456789012';
export const BENCH_COLLECTED_AT = '2025-06-01T12:00:00Z';

const DEFAULT_SEED = 1;
const DEFAULT_DISTINCT_POLICIES = 2000;
/** Below this many principals the default policy count is scaled down to principals / 2. */
const SMALL_ORG_PRINCIPALS = 4000;
const MIN_DISTINCT_POLICIES = 10;
const ROLE_SHARE = 0.75;
const GROUP_SHARE = 0.03;
const MIN_GROUPS = 5;

// prettier-ignore
const ATTACHED_POLICY_COUNT_WEIGHTS: WeightedChoices<number> = [[1, 30], [2, 30], [3, 20], [4, 12], [5, 8]];
const POLICY_POPULARITY_EXPONENT = 1.0;
const GROUP_POPULARITY_EXPONENT = 0.8;
const INLINE_POLICY_SHARE = 0.4;
const BOUNDARY_SHARE = 0.1;
/** Boundaries are mostly the org's own boundary policies, sometimes an AWS-managed one. */
const AWS_MANAGED_BOUNDARY_SHARE = 0.15;
const CONDITION_SHARE = 0.13;
const URL_ENCODED_SHARE = 0.2;
const SINGLE_STATEMENT_OBJECT_SHARE = 0.5;
const SCALAR_WHEN_SINGLE_SHARE = 0.6;
const SID_SHARE = 0.4;
const WILDCARD_RESOURCE_SHARE = 0.25;
const INSTANCE_PROFILE_SHARE_OF_EC2_ROLES = 0.83; // ec2 roles are ~30% of roles, so ~1 in 4 roles
const EC2_INSTANCES_PER_PRINCIPAL = 1 / 20;
const LAMBDA_FUNCTIONS_PER_PRINCIPAL = 1 / 10;
const LAST_ACCESSED_SHARE = 0.1;
const SERVICE_USED_SHARE = 0.35;
const ROLE_NEVER_USED_SHARE = 0.25;
const TAGGED_SHARE = 0.3;
const HUMAN_USER_SHARE = 0.6; // the rest of the users are service accounts with access keys

/** A few AWS-managed policies top real attachment counts; pinned at these popularity ranks (0 = most). */
const POPULAR_AWS_MANAGED_RANKS: Readonly<Record<string, number>> = {
  ReadOnlyAccess: 0,
  AmazonS3ReadOnlyAccess: 1,
  CloudWatchReadOnlyAccess: 3,
  AmazonSSMReadOnlyAccess: 5,
  AmazonS3FullAccess: 7,
  AmazonDynamoDBReadOnlyAccess: 9,
  AdministratorAccess: 12,
  PowerUserAccess: 16,
  AmazonEC2ReadOnlyAccess: 20,
  IAMReadOnlyAccess: 25,
};

/** Execution-role policies that roles trusted by a given service usually carry. */
// prettier-ignore
const EXECUTION_POLICIES: Readonly<Record<string, WeightedChoices<string | undefined>>> = {
  lambda: [['AWSLambdaBasicExecutionRole', 60], ['AWSLambdaVPCAccessExecutionRole', 15], ['AWSLambdaSQSQueueExecutionRole', 5], [undefined, 20]],
  ec2: [['AmazonSSMManagedInstanceCore', 55], ['CloudWatchAgentServerPolicy', 20], [undefined, 25]],
  ecs: [['AmazonECSTaskExecutionRolePolicy', 50], [undefined, 50]],
};

// prettier-ignore
const REGIONS: WeightedChoices<string> = [['us-east-1', 50], ['us-west-2', 20], ['eu-west-1', 15], ['eu-central-1', 10], ['ap-southeast-2', 5]];
const PARTNER_ACCOUNTS = ['210987654321', '345678901234', '456789012345', '567890123456', '678901234567'];
const ORG_ID = 'o-a1b2c3d4e5';
const GITHUB_ORG = 'acme';
const SSO_PROVIDER = 'AWSSSO_5e1f2a3b4c5d6e7f_DO_NOT_DELETE';

// prettier-ignore
const APPS = [
  'orders', 'payments', 'inventory', 'checkout', 'catalog', 'search', 'billing', 'invoicing', 'shipping', 'accounts',
  'identity', 'notifications', 'email', 'reporting', 'analytics', 'ledger', 'pricing', 'reviews', 'recommendations',
  'fraud', 'media', 'thumbnails', 'ingest', 'etl', 'warehouse', 'datalake', 'ml-training', 'ml-serving', 'chat',
  'support', 'crm', 'loyalty', 'partners', 'audit', 'backup', 'scheduler', 'gateway', 'auth', 'profile', 'geo',
];
// prettier-ignore
const ENVS: WeightedChoices<string> = [['prod', 45], ['staging', 25], ['dev', 20], ['qa', 10]];
const TEAMS = ['platform', 'payments', 'data', 'growth', 'core', 'security', 'sre', 'mobile', 'web', 'ml'];
// prettier-ignore
const GROUP_NAMES = [
  'developers', 'readonly', 'admins', 'data-engineers', 'oncall', 'billing', 'security-auditors', 'sre',
  'qa', 'support', 'contractors', 'ml-engineers', 'release-managers', 'network-admins', 'dba',
];
// prettier-ignore
const FIRST_NAMES = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia',
  'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yusuf', 'zoe', 'amir', 'bea', 'chen', 'dara', 'eitan',
  'fatima', 'gus', 'hana', 'ines', 'jonas', 'kenji', 'lena', 'marta', 'nora', 'omar', 'priya', 'raj', 'sofia', 'tomas',
];
// prettier-ignore
const LAST_NAMES = [
  'smith', 'jones', 'garcia', 'miller', 'davis', 'martinez', 'lopez', 'wilson', 'anderson', 'taylor', 'thomas',
  'moore', 'jackson', 'martin', 'lee', 'thompson', 'white', 'harris', 'clark', 'lewis', 'walker', 'hall', 'young',
  'king', 'wright', 'scott', 'green', 'baker', 'adams', 'nelson', 'hill', 'campbell', 'mitchell', 'roberts', 'kim',
];
const CI_PARTNERS = ['datadog', 'snowflake', 'github', 'circleci', 'terraform-cloud', 'splunk', 'wiz', 'okta'];
// prettier-ignore
const OTHER_SERVICE_PRINCIPALS = [
  'states.amazonaws.com', 'events.amazonaws.com', 'glue.amazonaws.com', 'codebuild.amazonaws.com',
  'sagemaker.amazonaws.com', 'apigateway.amazonaws.com', 'firehose.amazonaws.com', 'scheduler.amazonaws.com',
];
const SSO_PERMISSION_SETS = ['AdministratorAccess', 'ReadOnly', 'PowerUser', 'Developer', 'Billing', 'SecurityAudit'];
// prettier-ignore
const LAMBDA_RUNTIMES: WeightedChoices<string> = [
  ['nodejs20.x', 30], ['python3.12', 25], ['python3.11', 15], ['nodejs18.x', 10], ['java21', 6], ['provided.al2023', 6],
  ['python3.8', 5], ['nodejs16.x', 3],
];
const INSTANCE_TYPES = ['t3.micro', 't3.medium', 'm5.large', 'm6i.xlarge', 'c6g.large', 'r5.2xlarge', 't4g.small'];

// prettier-ignore
const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated',
  'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region',
  'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

const DAY_MS = 86_400_000;
const COLLECTED_MS = Date.parse(BENCH_COLLECTED_AT);
const ORG_START_MS = Date.UTC(2016, 0, 1);
const AWS_POLICY_CREATED = '2015-02-06T18:39:46+00:00';

export interface OrgShape {
  users: number;
  groups: number;
  roles: number;
  customerPolicies: number;
  ec2Instances: number;
  lambdaFunctions: number;
}

/** How many of each kind of thing `generateOrgSnapshot` creates for these options. */
export function orgShape(opts: Pick<GenerateOrgOptions, 'principals' | 'distinctPolicies'>): OrgShape {
  const n = Math.floor(opts.principals);
  if (!Number.isFinite(n) || n < MIN_GROUPS + 2) throw new RangeError(`principals must be at least ${MIN_GROUPS + 2}`);
  const groups = Math.max(MIN_GROUPS, Math.round(n * GROUP_SHARE));
  const roles = Math.min(Math.round(n * ROLE_SHARE), n - groups - 1);
  const defaultPolicies = n < SMALL_ORG_PRINCIPALS ? Math.round(n / 2) : DEFAULT_DISTINCT_POLICIES;
  return {
    users: n - roles - groups,
    groups,
    roles,
    customerPolicies: Math.max(MIN_DISTINCT_POLICIES, Math.floor(opts.distinctPolicies ?? defaultPolicies)),
    ec2Instances: Math.max(1, Math.round(n * EC2_INSTANCES_PER_PRINCIPAL)),
    lambdaFunctions: Math.max(1, Math.round(n * LAMBDA_FUNCTIONS_PER_PRINCIPAL)),
  };
}

// ─── Formatting helpers ─────────────────────────────────────────────────────────────────────────────

/** A time within the last `days` days before collection. */
function recent(rng: Rng, days: number): number {
  return COLLECTED_MS - Math.floor(rng.next() * days * DAY_MS);
}

/** IAM and EC2 timestamps as the CLI prints them: 2019-03-14T09:22:11+00:00. */
function awsTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + '+00:00';
}

/** Lambda's LastModified format: 2024-01-02T03:04:05.000+0000. */
function lambdaTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23) + '+0000';
}

/** RFC 3986 percent-encoding, as IAM returns policy documents (`*` is `%2A`). */
function urlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function pascal(text: string): string {
  return text.replace(/(^|[-_.\s])(\w)/g, (_, __, c: string) => c.toUpperCase());
}

interface Tag {
  Key: string;
  Value: string;
}

function tagsFor(rng: Rng, app: string, env: string): Tag[] {
  return [
    { Key: 'team', Value: rng.pick(TEAMS) },
    { Key: 'app', Value: app },
    { Key: 'env', Value: env },
  ];
}

// ─── Policy documents ───────────────────────────────────────────────────────────────────────────────

/** A policy document as it appears in the snapshot: an object (CLI) or a URL-encoded string (raw API). */
type StoredDocument = PolicyDocument | string;

/** Collapses one-element Action/Resource arrays to plain strings some of the time, as people write them. */
function loosen(rng: Rng, statement: PolicyStatement): PolicyStatement {
  const out = { ...statement };
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const value = out[key];
    if (Array.isArray(value) && value.length === 1 && rng.chance(SCALAR_WHEN_SINGLE_SHARE)) out[key] = value[0]!;
  }
  return out;
}

function policyDocument(rng: Rng, statements: PolicyStatement[]): PolicyDocument {
  const loose = statements.map((s) => loosen(rng, s));
  const version = rng.chance(0.03) ? '2008-10-17' : '2012-10-17';
  if (loose.length === 1 && rng.chance(SINGLE_STATEMENT_OBJECT_SHARE))
    return { Version: version, Statement: loose[0]! };
  return { Version: version, Statement: loose };
}

/** ~20% of documents are stored URL-encoded, half of those from pretty-printed JSON (as typed in the console). */
function store(rng: Rng, doc: PolicyDocument): StoredDocument {
  if (!rng.chance(URL_ENCODED_SHARE)) return doc;
  return urlEncode(rng.chance(0.5) ? JSON.stringify(doc) : JSON.stringify(doc, null, 4));
}

/** Service prefixes of the catalog a document grants, for access-advisor output. */
function grantedServices(statements: readonly PolicyStatement[]): Set<string> {
  const services = new Set<string>();
  for (const s of statements) {
    if (s.Effect !== 'Allow') continue;
    const actions = s.Action === undefined ? ['*'] : Array.isArray(s.Action) ? s.Action : [s.Action];
    for (const action of actions) {
      const prefix = action === '*' ? '*' : action.slice(0, action.indexOf(':'));
      if (prefix === '*') for (const spec of SERVICES) services.add(spec.prefix);
      else if (SERVICE_BY_PREFIX.has(prefix)) services.add(prefix);
    }
  }
  return services;
}

const SERVICE_BY_PREFIX = new Map(SERVICES.map((s) => [s.prefix, s]));
const SERVICE_WEIGHTS: WeightedChoices<ServiceSpec> = SERVICES.map((s) => [s, s.weight]);
const DESTRUCTIVE = /:(Delete|Put|Create|Update|Terminate|Schedule|Purge|Stop|Modify)/;

/** Names resources (buckets, tables, queues ...) so that policies overlap on a shared pool, like a real org. */
class ResourceNamer {
  constructor(
    private readonly rng: Rng,
    private readonly variants: number,
  ) {}

  /** A resource from the shared pool, e.g. orders-prod-17. */
  shared(): string {
    return `${this.rng.pick(APPS)}-${this.rng.weighted(ENVS)}-${this.rng.int(1, this.variants)}`;
  }

  /** Fills an ARN template from the service catalog; one resource lives in one region. */
  arn(template: string, name: string, region: string): string {
    return template.replace(/\{(\w+)\}/g, (_, key: string) => {
      switch (key) {
        case 'region':
          return region;
        case 'account':
          return BENCH_ACCOUNT_ID;
        case 'partner':
          return this.rng.pick(PARTNER_ACCOUNTS);
        case 'name':
          return name;
        case 'uuid':
          return this.rng.uuid();
        case 'id':
          return this.rng.chars(13, ID_ALPHABET);
        default:
          throw new Error(`unknown ARN template key {${key}}`);
      }
    });
  }
}

interface StatementContext {
  rng: Rng;
  names: ResourceNamer;
  /** Set for inline policies: the owning principal's name, used to make the document unique. */
  owner?: string;
}

function resourcesFor(ctx: StatementContext, spec: ServiceSpec, mustBeSpecific = false): string[] {
  const { rng, names } = ctx;
  if (!spec.arns || (!mustBeSpecific && rng.chance(WILDCARD_RESOURCE_SHARE))) return ['*'];
  const resourceNames = ctx.owner ? [`${ctx.owner}-${rng.int(1, 9)}`] : [];
  while (resourceNames.length < rng.int(1, 2)) resourceNames.push(names.shared());
  const templates = rng.chance(0.6) ? spec.arns : [rng.pick(spec.arns)];
  return resourceNames.flatMap((name) => {
    const region = rng.weighted(REGIONS);
    return templates.map((t) => names.arn(t, name, region));
  });
}

function conditionFor(ctx: StatementContext, spec: ServiceSpec): NonNullable<PolicyStatement['Condition']> {
  const { rng } = ctx;
  switch (spec.prefix) {
    case 's3':
      if (rng.chance(0.5)) return { StringLike: { 's3:prefix': [`${ctx.names.shared()}/*`, 'shared/*'] } };
      break;
    case 'kms':
      return {
        StringEquals: {
          'kms:ViaService': `${rng.pick(['s3', 'secretsmanager', 'dynamodb'])}.${rng.weighted(REGIONS)}.amazonaws.com`,
        },
      };
    case 'iam':
      return {
        StringEquals: {
          'iam:PassedToService': rng.pick(['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com']),
        },
      };
    case 'dynamodb':
      if (rng.chance(0.5)) return { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:userid}'] } };
      break;
    case 'ec2':
      if (rng.chance(0.5)) return { StringEquals: { 'aws:ResourceTag/team': rng.pick(TEAMS) } };
      break;
  }
  return rng.weighted<NonNullable<PolicyStatement['Condition']>>([
    [{ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } }, 3],
    [{ StringEquals: { 'aws:RequestedRegion': rng.weighted(REGIONS) } }, 3],
    [{ StringEquals: { 'aws:PrincipalTag/team': rng.pick(TEAMS) } }, 3],
    [{ StringEquals: { 'aws:ResourceTag/env': rng.weighted(ENVS) } }, 2],
    [{ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, 2],
    [{ Bool: { 'aws:SecureTransport': 'true' } }, 1],
    [{ StringEquals: { 'aws:PrincipalOrgID': ORG_ID } }, 2],
    [{ StringEquals: { 'aws:SourceVpce': `vpce-0${rng.chars(16, HEX)}` } }, 1],
    [{ DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }, 1],
  ]);
}

type StatementKind = 'exact' | 'wildcard' | 'serviceWide' | 'notAction' | 'deny';
// prettier-ignore
const STATEMENT_KINDS: WeightedChoices<StatementKind> = [['exact', 58], ['wildcard', 24], ['serviceWide', 6], ['notAction', 3], ['deny', 9]];
// prettier-ignore
const ACTIONS_PER_STATEMENT: WeightedChoices<number> = [[1, 25], [2, 25], [3, 20], [4, 14], [5, 9], [6, 7]];

function allowStatement(
  ctx: StatementContext,
  spec: ServiceSpec,
  kind: 'exact' | 'wildcard' | 'serviceWide',
): PolicyStatement {
  const { rng } = ctx;
  const Action =
    kind === 'exact'
      ? rng.sample(spec.actions, rng.weighted(ACTIONS_PER_STATEMENT))
      : kind === 'wildcard'
        ? rng.sample(spec.wildcards, rng.int(1, 2))
        : [`${spec.prefix}:*`];
  const statement: PolicyStatement = { Effect: 'Allow', Action, Resource: resourcesFor(ctx, spec) };
  if (rng.chance(CONDITION_SHARE)) statement.Condition = conditionFor(ctx, spec);
  return statement;
}

/** Allow-everything-except: the PowerUser pattern, or "all actions but the destructive ones on this resource". */
function notActionStatement(ctx: StatementContext, spec: ServiceSpec): PolicyStatement {
  const destructive = spec.actions.filter((a) => DESTRUCTIVE.test(a));
  if (!spec.arns || destructive.length === 0 || ctx.rng.chance(0.5)) {
    return { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' };
  }
  return {
    Effect: 'Allow',
    NotAction: ctx.rng.sample(destructive, ctx.rng.int(1, 3)),
    Resource: resourcesFor(ctx, spec, true),
  };
}

function denyStatement(ctx: StatementContext, spec: ServiceSpec): PolicyStatement {
  const { rng } = ctx;
  const destructive = spec.actions.filter((a) => DESTRUCTIVE.test(a));
  switch (rng.int(0, 4)) {
    case 0: // region lock, the classic guardrail
      return {
        Effect: 'Deny',
        NotAction: GLOBAL_SERVICE_ACTIONS,
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      };
    case 1: // only these resources
      if (spec.arns) return { Effect: 'Deny', Action: `${spec.prefix}:*`, NotResource: resourcesFor(ctx, spec, true) };
      break;
    case 2:
      return {
        Effect: 'Deny',
        Action: `${spec.prefix}:*`,
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      };
    case 3:
      return {
        Effect: 'Deny',
        Action: ['iam:CreateAccessKey', 'iam:CreateUser', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      };
  }
  return {
    Effect: 'Deny',
    Action: destructive.length > 0 ? rng.sample(destructive, rng.int(1, 3)) : `${spec.prefix}:*`,
    Resource: resourcesFor(ctx, spec),
  };
}

function customerStatement(ctx: StatementContext, index: number): PolicyStatement {
  const spec = ctx.rng.weighted(SERVICE_WEIGHTS);
  const kind = ctx.rng.weighted(STATEMENT_KINDS);
  const statement =
    kind === 'notAction'
      ? notActionStatement(ctx, spec)
      : kind === 'deny'
        ? denyStatement(ctx, spec)
        : allowStatement(ctx, spec, kind);
  if (!ctx.rng.chance(SID_SHARE)) return statement;
  return { Sid: `${statement.Effect}${pascal(spec.prefix)}${index}`, ...statement };
}

/** An inline policy's statements. The first always names the owner's own resource, so it is unique. */
function inlineStatements(ctx: StatementContext & { owner: string }): PolicyStatement[] {
  const count = ctx.rng.int(1, 3);
  const statements: PolicyStatement[] = [];
  const spec = ctx.rng.weighted(SERVICE_WEIGHTS.filter(([s]) => s.arns));
  const own: PolicyStatement = {
    Effect: 'Allow',
    Action: ctx.rng.sample(spec.actions, ctx.rng.int(1, 4)),
    Resource: resourcesFor(ctx, spec, true),
  };
  if (ctx.rng.chance(CONDITION_SHARE)) own.Condition = conditionFor(ctx, spec);
  statements.push(own);
  for (let i = 1; i < count; i++) statements.push(customerStatement(ctx, i));
  return statements;
}

// ─── Managed policies ───────────────────────────────────────────────────────────────────────────────

interface PolicyVersion {
  Document: StoredDocument;
  VersionId: string;
  IsDefaultVersion: boolean;
  CreateDate: string;
}

interface ManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount: number;
  IsAttachable: true;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  PolicyVersionList: PolicyVersion[];
}

interface PolicyEntry {
  detail: ManagedPolicy;
  awsManaged: boolean;
  services: Set<string>;
}

// prettier-ignore
const VERSION_COUNTS: WeightedChoices<number> = [[1, 70], [2, 15], [3, 8], [4, 4], [5, 3]];
// prettier-ignore
const STATEMENTS_PER_POLICY: WeightedChoices<number> = [[1, 25], [2, 25], [3, 20], [4, 15], [5, 10], [6, 5]];
// prettier-ignore
const POLICY_PURPOSES = ['read', 'write', 'readwrite', 'access', 'deploy', 'ops', 'admin', 'consumer', 'publisher', 'runtime'];

function awsManagedPolicy(rng: Rng, spec: (typeof AWS_MANAGED_POLICIES)[number]): PolicyEntry {
  const version = `v${rng.int(1, 24)}`;
  const updated = awsTime(rng.time(Date.UTC(2019, 0, 1), COLLECTED_MS - 30 * DAY_MS));
  const doc: PolicyDocument = { Version: '2012-10-17', Statement: spec.statements };
  return {
    awsManaged: true,
    services: grantedServices(spec.statements),
    detail: {
      PolicyName: spec.name,
      PolicyId: rng.iamId('ANPA'),
      Arn: `arn:aws:iam::aws:policy${spec.path}${spec.name}`,
      Path: spec.path,
      DefaultVersionId: version,
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: spec.description,
      CreateDate: AWS_POLICY_CREATED,
      UpdateDate: updated,
      PolicyVersionList: [
        { Document: store(rng, doc), VersionId: version, IsDefaultVersion: true, CreateDate: updated },
      ],
    },
  };
}

function customerPolicy(
  rng: Rng,
  index: number,
  statements: () => PolicyStatement[],
  fixed?: { name: string; path: string },
): PolicyEntry {
  const app = rng.pick(APPS);
  const policyName =
    fixed?.name ?? `${app}-${rng.weighted(ENVS)}-${rng.pick(POLICY_PURPOSES)}-${String(index).padStart(4, '0')}`;
  const policyPath = fixed?.path ?? (rng.chance(0.8) ? '/' : rng.pick(['/app/', `/team/${rng.pick(TEAMS)}/`]));
  const versionCount = rng.weighted(VERSION_COUNTS);
  const firstVersion = rng.int(1, 3);
  let at = rng.time(ORG_START_MS, COLLECTED_MS - 60 * DAY_MS);
  const created = at;
  const versions: PolicyVersion[] = [];
  let defaultStatements: PolicyStatement[] = [];
  for (let v = 0; v < versionCount; v++) {
    const isDefault = v === versionCount - 1;
    const body = statements();
    if (isDefault) defaultStatements = body;
    versions.push({
      Document: store(rng, policyDocument(rng, body)),
      VersionId: `v${firstVersion + v}`,
      IsDefaultVersion: isDefault,
      CreateDate: awsTime(at),
    });
    at = rng.time(at, COLLECTED_MS - DAY_MS);
  }
  const defaultVersion = versions[versions.length - 1]!;
  return {
    awsManaged: false,
    services: grantedServices(defaultStatements),
    detail: {
      PolicyName: policyName,
      PolicyId: rng.iamId('ANPA'),
      Arn: `arn:aws:iam::${BENCH_ACCOUNT_ID}:policy${policyPath}${policyName}`,
      Path: policyPath,
      DefaultVersionId: defaultVersion.VersionId,
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: awsTime(created),
      UpdateDate: defaultVersion.CreateDate,
      // The API lists versions newest first.
      PolicyVersionList: versions.reverse(),
    },
  };
}

interface PolicyCatalog {
  all: PolicyEntry[];
  byName: Map<string, PolicyEntry>;
  /** Attachable policies ordered by popularity (index 0 most attached). */
  byPopularity: PolicyEntry[];
  popularity: ZipfSampler;
  boundaries: PolicyEntry[];
  boundaryPopularity: ZipfSampler;
}

function buildPolicyCatalog(rng: Rng, customerCount: number, names: ResourceNamer): PolicyCatalog {
  const aws = AWS_MANAGED_POLICIES.map((spec) => awsManagedPolicy(rng, spec));
  const boundaries = permissionBoundaries(BENCH_ACCOUNT_ID).map(({ name, statements }, i) =>
    customerPolicy(rng, i, () => statements, { name, path: '/boundaries/' }),
  );
  const customers: PolicyEntry[] = [];
  for (let i = 0; customers.length + boundaries.length < customerCount; i++) {
    customers.push(
      customerPolicy(rng, i, () => {
        const ctx: StatementContext = { rng, names };
        return Array.from({ length: rng.weighted(STATEMENTS_PER_POLICY) }, (_, s) => customerStatement(ctx, s + 1));
      }),
    );
  }

  // A random popularity order, with the famous AWS-managed policies pinned near the top.
  const rankOf = (p: PolicyEntry) => POPULAR_AWS_MANAGED_RANKS[p.detail.PolicyName];
  const pinned = aws.filter((p) => rankOf(p) !== undefined).sort((a, b) => rankOf(a)! - rankOf(b)!);
  const byPopularity = rng.shuffle([...aws.filter((p) => rankOf(p) === undefined), ...customers]);
  for (const entry of pinned) byPopularity.splice(rankOf(entry)!, 0, entry);
  const all = [...aws, ...boundaries, ...customers];
  return {
    all,
    byName: new Map(all.map((p) => [p.detail.PolicyName, p])),
    byPopularity,
    popularity: new ZipfSampler(byPopularity.length, POLICY_POPULARITY_EXPONENT),
    boundaries,
    boundaryPopularity: new ZipfSampler(boundaries.length, 1),
  };
}

// ─── Principals ─────────────────────────────────────────────────────────────────────────────────────

interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: StoredDocument;
}

interface PermissionsBoundary {
  PermissionsBoundaryType: 'Policy';
  PermissionsBoundaryArn: string;
}

/** What every principal gets: attached managed policies, maybe inline policies, maybe a boundary. */
interface Grants {
  attached: AttachedPolicy[];
  inline?: InlinePolicy[];
  boundary?: PermissionsBoundary;
  services: Set<string>;
}

interface OrgContext {
  rng: Rng;
  names: ResourceNamer;
  policies: PolicyCatalog;
  /** Per-principal facts kept for the files written after authorization-details.json. */
  facts: CollectedFacts;
}

interface CollectedFacts {
  credentialRows: string[];
  instanceProfiles: { Arn: string; Id: string }[];
  lambdaRoleArns: string[];
  lastAccessed: { arn: string; services: string[] }[];
  groupServices: Map<string, Set<string>>;
}

function attach(entry: PolicyEntry, grants: Grants): void {
  if (grants.attached.some((a) => a.PolicyArn === entry.detail.Arn)) return;
  grants.attached.push({ PolicyName: entry.detail.PolicyName, PolicyArn: entry.detail.Arn });
  entry.detail.AttachmentCount++;
  for (const s of entry.services) grants.services.add(s);
}

function grantsFor(
  ctx: OrgContext,
  owner: string,
  opts: { executionPolicy?: string; boundaries: boolean; inlineName: string },
): Grants {
  const { rng, policies } = ctx;
  const grants: Grants = { attached: [], services: new Set() };
  if (opts.executionPolicy) attach(policies.byName.get(opts.executionPolicy)!, grants);
  const wanted = rng.weighted(ATTACHED_POLICY_COUNT_WEIGHTS) - grants.attached.length;
  for (const rank of policies.popularity.sampleDistinct(rng, wanted)) attach(policies.byPopularity[rank]!, grants);

  if (rng.chance(INLINE_POLICY_SHARE)) {
    const stmtCtx = { rng, names: ctx.names, owner };
    grants.inline = Array.from({ length: rng.int(1, 2) }, (_, i) => {
      const statements = inlineStatements(stmtCtx);
      for (const s of grantedServices(statements)) grants.services.add(s);
      return {
        PolicyName: `${opts.inlineName}${i === 0 ? '' : `-${i + 1}`}`,
        PolicyDocument: store(rng, policyDocument(rng, statements)),
      };
    });
  }

  if (opts.boundaries && rng.chance(BOUNDARY_SHARE)) {
    const entry = rng.chance(AWS_MANAGED_BOUNDARY_SHARE)
      ? policies.byName.get(rng.pick(['PowerUserAccess', 'ReadOnlyAccess']))!
      : policies.boundaries[policies.boundaryPopularity.sample(rng)]!;
    entry.detail.PermissionsBoundaryUsageCount++;
    grants.boundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: entry.detail.Arn };
  }
  return grants;
}

function maybeTrackLastAccessed(ctx: OrgContext, arn: string, services: Iterable<string>): void {
  if (ctx.rng.chance(LAST_ACCESSED_SHARE)) ctx.facts.lastAccessed.push({ arn, services: [...services].sort() });
}

// Groups ----------------------------------------------------------------------------------------------

interface GroupDetail {
  Path: string;
  GroupName: string;
  GroupId: string;
  Arn: string;
  CreateDate: string;
  GroupPolicyList?: InlinePolicy[];
  AttachedManagedPolicies: AttachedPolicy[];
}

function buildGroups(ctx: OrgContext, count: number): GroupDetail[] {
  const { rng } = ctx;
  return Array.from({ length: count }, (_, i) => {
    const base = GROUP_NAMES[i % GROUP_NAMES.length]!;
    const name = i < GROUP_NAMES.length ? base : `${rng.pick(TEAMS)}-${base}-${Math.floor(i / GROUP_NAMES.length)}`;
    const groupPath = rng.chance(0.8) ? '/' : '/teams/';
    const grants = grantsFor(ctx, name, { boundaries: false, inlineName: `${name}-inline` });
    ctx.facts.groupServices.set(name, grants.services);
    return {
      Path: groupPath,
      GroupName: name,
      GroupId: rng.iamId('AGPA'),
      Arn: `arn:aws:iam::${BENCH_ACCOUNT_ID}:group${groupPath}${name}`,
      CreateDate: awsTime(rng.time(ORG_START_MS, COLLECTED_MS - 30 * DAY_MS)),
      ...(grants.inline && { GroupPolicyList: grants.inline }),
      AttachedManagedPolicies: grants.attached,
    };
  });
}

// Users -----------------------------------------------------------------------------------------------

interface UserDetail {
  Path: string;
  UserName: string;
  UserId: string;
  Arn: string;
  CreateDate: string;
  UserPolicyList?: InlinePolicy[];
  GroupList: string[];
  AttachedManagedPolicies: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
}

function userName(rng: Rng, human: boolean, index: number, taken: Set<string>): string {
  let name = human
    ? `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`
    : `svc-${rng.pick(APPS)}-${rng.pick(['ci', 'deployer', 'uploader', 'reporter', 'sync', 'legacy'])}-${index}`;
  for (let n = 2; taken.has(name); n++) name = `${name.replace(/\d+$/, '')}${n}`;
  taken.add(name);
  return name;
}

/** One credential report row; humans have passwords (mostly with MFA), service users have access keys. */
function credentialRow(rng: Rng, user: UserDetail, human: boolean, createdMs: number): string {
  const na = 'N/A';
  const since = (days: number) => awsTime(Math.max(createdMs, recent(rng, days)));
  const password = human && rng.chance(0.85);
  const key = (active: boolean) => {
    if (!active) return ['false', na, na, na, na];
    const used = rng.chance(0.8);
    return [
      'true',
      since(900),
      used ? since(120) : na,
      used ? rng.weighted(REGIONS) : na,
      used ? rng.pick(['s3', 'sts', 'dynamodb', 'ec2', 'lambda', 'iam']) : na,
    ];
  };
  const key1 = key(human ? rng.chance(0.3) : rng.chance(0.95));
  const key2 = key(key1[0] === 'true' && rng.chance(0.15));
  return [
    user.UserName,
    user.Arn,
    user.CreateDate,
    String(password),
    password ? (rng.chance(0.9) ? since(200) : 'no_information') : na,
    password ? since(400) : na,
    na,
    String(password && rng.chance(0.75)),
    ...key1,
    ...key2,
    'false',
    na,
    'false',
    na,
  ].join(',');
}

function buildUser(
  ctx: OrgContext,
  groups: GroupDetail[],
  groupPopularity: ZipfSampler,
  index: number,
  taken: Set<string>,
): UserDetail {
  const { rng } = ctx;
  const human = rng.chance(HUMAN_USER_SHARE);
  const name = userName(rng, human, index, taken);
  const userPath = human ? (rng.chance(0.8) ? '/' : '/engineering/') : rng.chance(0.5) ? '/' : '/service-accounts/';
  const createdMs = rng.time(ORG_START_MS, COLLECTED_MS - 7 * DAY_MS);
  const grants = grantsFor(ctx, name, {
    boundaries: true,
    inlineName: rng.pick(['inline', 'extra-access', `${name}-policy`]),
  });
  const groupList = groupPopularity.sampleDistinct(rng, rng.int(1, 3)).map((g) => groups[g]!.GroupName);
  const user: UserDetail = {
    Path: userPath,
    UserName: name,
    UserId: rng.iamId('AIDA'),
    Arn: `arn:aws:iam::${BENCH_ACCOUNT_ID}:user${userPath}${name}`,
    CreateDate: awsTime(createdMs),
    ...(grants.inline && { UserPolicyList: grants.inline }),
    GroupList: groupList,
    AttachedManagedPolicies: grants.attached,
    ...(grants.boundary && { PermissionsBoundary: grants.boundary }),
    ...(rng.chance(TAGGED_SHARE) && { Tags: tagsFor(rng, rng.pick(APPS), rng.weighted(ENVS)) }),
  };
  ctx.facts.credentialRows.push(credentialRow(rng, user, human, createdMs));
  const services = new Set(grants.services);
  for (const g of groupList) for (const s of ctx.facts.groupServices.get(g) ?? []) services.add(s);
  maybeTrackLastAccessed(ctx, user.Arn, services);
  return user;
}

// Roles -----------------------------------------------------------------------------------------------

type TrustKind = 'ec2' | 'lambda' | 'ecs' | 'otherService' | 'crossAccount' | 'github' | 'eks' | 'sso' | 'public';
// prettier-ignore
const TRUST_KINDS: WeightedChoices<TrustKind> = [
  ['ec2', 30], ['lambda', 30], ['ecs', 14], ['otherService', 6], ['crossAccount', 9], ['github', 4], ['eks', 2], ['sso', 4],
  ['public', 0.3],
];
const SERVICE_PRINCIPAL: Readonly<Record<'ec2' | 'lambda' | 'ecs', string>> = {
  ec2: 'ec2.amazonaws.com',
  lambda: 'lambda.amazonaws.com',
  ecs: 'ecs-tasks.amazonaws.com',
};

function trustStatements(rng: Rng, kind: TrustKind, roleName: string): PolicyStatement[] {
  const statement = (
    principal: NonNullable<PolicyStatement['Principal']>,
    action: string | string[],
    condition?: PolicyStatement['Condition'],
  ): PolicyStatement => ({
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    ...(condition && { Condition: condition }),
  });
  switch (kind) {
    case 'ec2':
    case 'lambda':
    case 'ecs':
      return [statement({ Service: SERVICE_PRINCIPAL[kind] }, 'sts:AssumeRole')];
    case 'otherService':
      return [
        statement(
          { Service: rng.pick(OTHER_SERVICE_PRINCIPALS) },
          'sts:AssumeRole',
          rng.chance(0.5) ? { StringEquals: { 'aws:SourceAccount': BENCH_ACCOUNT_ID } } : undefined,
        ),
      ];
    case 'crossAccount': {
      const partner = rng.pick(PARTNER_ACCOUNTS);
      const principal = rng.chance(0.15)
        ? `arn:aws:iam::${BENCH_ACCOUNT_ID}:root`
        : rng.chance(0.6)
          ? `arn:aws:iam::${partner}:root`
          : `arn:aws:iam::${partner}:role/${rng.pick(CI_PARTNERS)}-integration`;
      return [
        statement(
          { AWS: principal },
          'sts:AssumeRole',
          rng.chance(0.6) ? { StringEquals: { 'sts:ExternalId': rng.uuid() } } : undefined,
        ),
      ];
    }
    case 'github': {
      const issuer = 'token.actions.githubusercontent.com';
      const sub = rng.chance(0.1) ? `repo:${GITHUB_ORG}/*` : `repo:${GITHUB_ORG}/${rng.pick(APPS)}:ref:refs/heads/main`;
      return [
        statement(
          { Federated: `arn:aws:iam::${BENCH_ACCOUNT_ID}:oidc-provider/${issuer}` },
          'sts:AssumeRoleWithWebIdentity',
          {
            StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' },
            StringLike: { [`${issuer}:sub`]: sub },
          },
        ),
      ];
    }
    case 'eks': {
      const issuer = `oidc.eks.${rng.weighted(REGIONS)}.amazonaws.com/id/${rng.chars(32, '0123456789ABCDEF')}`;
      return [
        statement(
          { Federated: `arn:aws:iam::${BENCH_ACCOUNT_ID}:oidc-provider/${issuer}` },
          'sts:AssumeRoleWithWebIdentity',
          {
            StringEquals: {
              [`${issuer}:sub`]: `system:serviceaccount:${rng.pick(APPS)}:${roleName}`,
              [`${issuer}:aud`]: 'sts.amazonaws.com',
            },
          },
        ),
      ];
    }
    case 'sso':
      return [
        statement(
          { Federated: `arn:aws:iam::${BENCH_ACCOUNT_ID}:saml-provider/${SSO_PROVIDER}` },
          ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
          {
            StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' },
          },
        ),
      ];
    case 'public':
      return [statement(rng.chance(0.5) ? { AWS: '*' } : '*', 'sts:AssumeRole')];
  }
}

function roleNameFor(rng: Rng, kind: TrustKind, index: number): { name: string; path: string } {
  const app = rng.pick(APPS);
  const env = rng.weighted(ENVS);
  switch (kind) {
    case 'ec2':
      return { name: `${app}-${env}-ec2-role-${index}`, path: '/' };
    case 'lambda':
      return {
        name: `${app}-${env}-${rng.pick(['handler', 'worker', 'api', 'cron', 'consumer'])}-role-${index}`,
        path: rng.chance(0.4) ? '/service-role/' : '/',
      };
    case 'ecs':
      return { name: `${app}-${env}-task-role-${index}`, path: '/' };
    case 'otherService':
      return {
        name: `${app}-${env}-${rng.pick(['pipeline', 'workflow', 'crawler', 'build', 'scheduler'])}-role-${index}`,
        path: '/service-role/',
      };
    case 'crossAccount':
      return {
        name: `${rng.pick(CI_PARTNERS)}-${rng.pick(['integration', 'readonly', 'audit', 'deploy'])}-${index}`,
        path: '/',
      };
    case 'github':
      return { name: `github-actions-${app}-${env}-${index}`, path: '/ci/' };
    case 'eks':
      return { name: `eks-${app}-${env}-irsa-${index}`, path: '/' };
    case 'sso':
      return {
        name: `AWSReservedSSO_${rng.pick(SSO_PERMISSION_SETS)}_${rng.chars(16, HEX)}`,
        path: '/aws-reserved/sso.amazonaws.com/',
      };
    case 'public':
      return { name: `${app}-shared-access-${index}`, path: '/' };
  }
}

interface RoleDetail {
  Path: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  CreateDate: string;
  AssumeRolePolicyDocument: StoredDocument;
  InstanceProfileList: unknown[];
  RolePolicyList?: InlinePolicy[];
  AttachedManagedPolicies: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
  RoleLastUsed: { LastUsedDate?: string; Region?: string };
}

function buildRole(ctx: OrgContext, index: number): RoleDetail {
  const { rng } = ctx;
  const kind = rng.weighted(TRUST_KINDS);
  const { name, path: rolePath } = roleNameFor(rng, kind, index);
  const arn = `arn:aws:iam::${BENCH_ACCOUNT_ID}:role${rolePath}${name}`;
  const createdMs = rng.time(ORG_START_MS, COLLECTED_MS - 2 * DAY_MS);
  const trust = store(rng, { Version: '2012-10-17', Statement: trustStatements(rng, kind, name) });
  const executionChoices = EXECUTION_POLICIES[kind];
  const executionPolicy = executionChoices ? rng.weighted(executionChoices) : undefined;
  const grants = grantsFor(ctx, name, {
    ...(executionPolicy && { executionPolicy }),
    boundaries: kind !== 'sso',
    inlineName: rng.pick(['inline-policy', `${name}-policy`, 'AllowAppResources', 'default']),
  });
  const role: RoleDetail = {
    Path: rolePath,
    RoleName: name,
    RoleId: rng.iamId('AROA'),
    Arn: arn,
    CreateDate: awsTime(createdMs),
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    ...(grants.inline && { RolePolicyList: grants.inline }),
    AttachedManagedPolicies: grants.attached,
    ...(grants.boundary && { PermissionsBoundary: grants.boundary }),
    ...(rng.chance(TAGGED_SHARE) && { Tags: tagsFor(rng, rng.pick(APPS), rng.weighted(ENVS)) }),
    RoleLastUsed: rng.chance(ROLE_NEVER_USED_SHARE)
      ? {}
      : { LastUsedDate: awsTime(Math.max(createdMs, recent(rng, 400))), Region: rng.weighted(REGIONS) },
  };
  if (kind === 'ec2' && rng.chance(INSTANCE_PROFILE_SHARE_OF_EC2_ROLES)) {
    const profile = {
      Path: '/',
      InstanceProfileName: rng.chance(0.5) ? name : `${name}-profile`,
      InstanceProfileId: rng.iamId('AIPA'),
      Arn: '',
      CreateDate: role.CreateDate,
      Roles: [
        {
          Path: rolePath,
          RoleName: name,
          RoleId: role.RoleId,
          Arn: arn,
          CreateDate: role.CreateDate,
          AssumeRolePolicyDocument: trust,
        },
      ],
    };
    profile.Arn = `arn:aws:iam::${BENCH_ACCOUNT_ID}:instance-profile/${profile.InstanceProfileName}`;
    role.InstanceProfileList.push(profile);
    ctx.facts.instanceProfiles.push({ Arn: profile.Arn, Id: profile.InstanceProfileId });
  }
  if (kind === 'lambda') ctx.facts.lambdaRoleArns.push(arn);
  maybeTrackLastAccessed(ctx, arn, grants.services);
  return role;
}

// ─── The other files ────────────────────────────────────────────────────────────────────────────────

function credentialReport(rows: readonly string[]): string {
  const na = 'N/A';
  const root = [
    '<root_account>',
    `arn:aws:iam::${BENCH_ACCOUNT_ID}:root`,
    awsTime(ORG_START_MS - 400 * DAY_MS),
    'not_supported',
    awsTime(COLLECTED_MS - 41 * DAY_MS),
    'not_supported',
    'not_supported',
    'true',
    'false',
    na,
    na,
    na,
    na,
    'false',
    na,
    na,
    na,
    na,
    'false',
    na,
    'false',
    na,
  ].join(',');
  return [CREDENTIAL_REPORT_COLUMNS.join(','), root, ...rows].join('\n') + '\n';
}

function* ec2Reservations(
  rng: Rng,
  count: number,
  profiles: readonly { Arn: string; Id: string }[],
): Generator<unknown> {
  for (let made = 0; made < count;) {
    const region = rng.weighted(REGIONS);
    const vpc = `vpc-0${rng.chars(16, HEX)}`;
    const subnet = `subnet-0${rng.chars(16, HEX)}`;
    const size = Math.min(count - made, rng.int(1, 3));
    const instances = Array.from({ length: size }, (_, i) => {
      const running = rng.chance(0.9);
      const privateIp = `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      const publicIp = rng.chance(0.2)
        ? `${rng.pick([3, 18, 34, 52, 54])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`
        : undefined;
      const profile = profiles.length > 0 && rng.chance(0.9) ? rng.pick(profiles) : undefined;
      const imdsV1 = rng.chance(0.3);
      const name = `${rng.pick(APPS)}-${rng.weighted(ENVS)}-${made + i}`;
      return {
        AmiLaunchIndex: i,
        ImageId: `ami-0${rng.chars(16, HEX)}`,
        InstanceId: `i-0${rng.chars(16, HEX)}`,
        InstanceType: rng.pick(INSTANCE_TYPES),
        LaunchTime: awsTime(recent(rng, 700)),
        Monitoring: { State: 'disabled' },
        Placement: { AvailabilityZone: `${region}${rng.pick(['a', 'b', 'c'])}`, GroupName: '', Tenancy: 'default' },
        PrivateDnsName: `ip-${privateIp.replaceAll('.', '-')}.${region === 'us-east-1' ? 'ec2' : `${region}.compute`}.internal`,
        PrivateIpAddress: privateIp,
        ProductCodes: [],
        PublicDnsName: publicIp ? `ec2-${publicIp.replaceAll('.', '-')}.${region}.compute.amazonaws.com` : '',
        ...(publicIp && { PublicIpAddress: publicIp }),
        State: running ? { Code: 16, Name: 'running' } : { Code: 80, Name: 'stopped' },
        StateTransitionReason: running
          ? ''
          : `User initiated (${awsTime(recent(rng, 60)).replace('T', ' ').replace('+00:00', ' GMT')})`,
        SubnetId: subnet,
        VpcId: vpc,
        Architecture: 'x86_64',
        EbsOptimized: false,
        EnaSupport: true,
        Hypervisor: 'xen',
        ...(profile && { IamInstanceProfile: { Arn: profile.Arn, Id: profile.Id } }),
        RootDeviceName: '/dev/xvda',
        RootDeviceType: 'ebs',
        SecurityGroups: [{ GroupName: `${name}-sg`, GroupId: `sg-0${rng.chars(16, HEX)}` }],
        SourceDestCheck: true,
        Tags: [{ Key: 'Name', Value: name }],
        VirtualizationType: 'hvm',
        MetadataOptions: {
          State: 'applied',
          HttpTokens: imdsV1 ? 'optional' : 'required',
          HttpPutResponseHopLimit: imdsV1 ? 1 : 2,
          HttpEndpoint: 'enabled',
          HttpProtocolIpv6: 'disabled',
          InstanceMetadataTags: 'disabled',
        },
        PlatformDetails: 'Linux/UNIX',
      };
    });
    made += size;
    yield { Groups: [], Instances: instances, OwnerId: BENCH_ACCOUNT_ID, ReservationId: `r-0${rng.chars(16, HEX)}` };
  }
}

function* lambdaFunctions(rng: Rng, count: number, roleArns: readonly string[]): Generator<unknown> {
  for (let i = 0; i < count; i++) {
    const region = rng.weighted(REGIONS);
    const name = `${rng.pick(APPS)}-${rng.weighted(ENVS)}-${rng.pick(['handler', 'worker', 'api', 'cron', 'consumer', 'authorizer'])}-${i}`;
    const runtime = rng.weighted(LAMBDA_RUNTIMES);
    yield {
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:${region}:${BENCH_ACCOUNT_ID}:function:${name}`,
      Runtime: runtime,
      // Tiny orgs may have no Lambda-trusted role: point at a deleted one, which real accounts also have.
      Role:
        roleArns.length > 0 ? rng.pick(roleArns) : `arn:aws:iam::${BENCH_ACCOUNT_ID}:role/service-role/${name}-role`,
      Handler: runtime.startsWith('python')
        ? 'app.handler'
        : runtime.startsWith('java')
          ? 'com.acme.Handler::handleRequest'
          : 'index.handler',
      CodeSize: rng.int(400, 50_000_000),
      Description: '',
      Timeout: rng.pick([3, 10, 30, 60, 300, 900]),
      MemorySize: rng.pick([128, 256, 512, 1024, 2048]),
      LastModified: lambdaTime(recent(rng, 500)),
      CodeSha256: Buffer.from(rng.chars(64, HEX), 'hex').toString('base64'),
      Version: '$LATEST',
      TracingConfig: { Mode: rng.chance(0.2) ? 'Active' : 'PassThrough' },
      RevisionId: rng.uuid(),
      PackageType: 'Zip',
      Architectures: [rng.chance(0.3) ? 'arm64' : 'x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
    };
  }
}

/** Tracked (action-level) services in IAM access advisor. */
const ACTION_TRACKED_SERVICES = new Set(['s3', 'ec2', 'iam', 'lambda']);

function* serviceLastAccessed(rng: Rng, principals: CollectedFacts['lastAccessed']): Generator<[string, unknown]> {
  const jobCreated = awsTime(COLLECTED_MS - 3600_000);
  for (const { arn, services } of principals) {
    const actionLevel = rng.chance(0.5);
    yield [
      arn,
      {
        JobStatus: 'COMPLETED',
        JobType: actionLevel ? 'ACTION_LEVEL' : 'SERVICE_LEVEL',
        JobCreationDate: jobCreated,
        ServicesLastAccessed: services.map((prefix) => {
          const spec = SERVICE_BY_PREFIX.get(prefix)!;
          const tracked = actionLevel && ACTION_TRACKED_SERVICES.has(prefix);
          if (!rng.chance(SERVICE_USED_SHARE)) {
            return {
              ServiceName: spec.name,
              ServiceNamespace: prefix,
              TotalAuthenticatedEntities: 0,
              ...(tracked && { TrackedActionsLastAccessed: [] }),
            };
          }
          const when = recent(rng, rng.chance(0.7) ? 30 : 400);
          const region = rng.weighted(REGIONS);
          return {
            ServiceName: spec.name,
            LastAuthenticated: awsTime(when),
            ServiceNamespace: prefix,
            LastAuthenticatedEntity: arn,
            LastAuthenticatedRegion: region,
            TotalAuthenticatedEntities: 1,
            ...(tracked && {
              TrackedActionsLastAccessed: rng.sample(spec.actions, rng.int(1, 4)).map((action) => ({
                ActionName: action.slice(action.indexOf(':') + 1),
                LastAccessedEntity: arn,
                LastAccessedTime: awsTime(when - rng.int(0, 20) * DAY_MS),
                LastAccessedRegion: region,
              })),
            }),
          };
        }),
        JobCompletionDate: awsTime(COLLECTED_MS - 3540_000),
        IsTruncated: false,
      },
    ];
  }
}

// ─── Orchestration ──────────────────────────────────────────────────────────────────────────────────

/** Writes a synthetic snapshot directory for `opts.principals` principals into `opts.outDir`. */
export async function generateOrgSnapshot(opts: GenerateOrgOptions): Promise<void> {
  const shape = orgShape(opts);
  const root = new Rng(opts.seed ?? DEFAULT_SEED);
  const names = new ResourceNamer(root.fork('names'), Math.max(5, Math.round(opts.principals / 100)));
  const facts: CollectedFacts = {
    credentialRows: [],
    instanceProfiles: [],
    lambdaRoleArns: [],
    lastAccessed: [],
    groupServices: new Map(),
  };
  const policies = buildPolicyCatalog(root.fork('policies'), shape.customerPolicies, names);
  const ctx: OrgContext = { rng: root.fork('principals'), names, policies, facts };

  const groups = buildGroups(ctx, shape.groups);
  const groupPopularity = new ZipfSampler(groups.length, GROUP_POPULARITY_EXPONENT);
  const takenUserNames = new Set<string>();

  function* users(): Generator<UserDetail> {
    for (let i = 0; i < shape.users; i++) yield buildUser(ctx, groups, groupPopularity, i, takenUserNames);
  }
  function* roles(): Generator<RoleDetail> {
    for (let i = 0; i < shape.roles; i++) yield buildRole(ctx, i);
  }
  /** Runs after every principal is built, so attachment counts are final. AWS-managed: only those in use. */
  function* managedPolicies(): Generator<ManagedPolicy> {
    for (const p of policies.all) {
      if (!p.awsManaged || p.detail.AttachmentCount + p.detail.PermissionsBoundaryUsageCount > 0) yield p.detail;
    }
  }

  await mkdir(opts.outDir, { recursive: true });
  const file = (name: string) => path.join(opts.outDir, name);
  await writeJsonLists(file('authorization-details.json'), [
    ['UserDetailList', users()],
    ['GroupDetailList', groups],
    ['RoleDetailList', roles()],
    ['Policies', managedPolicies()],
  ]);
  await writeText(file('credential-report.csv'), credentialReport(facts.credentialRows));
  await writeJsonLists(file('ec2-instances.json'), [
    ['Reservations', ec2Reservations(root.fork('ec2'), shape.ec2Instances, facts.instanceProfiles)],
  ]);
  await writeJsonLists(file('lambda-functions.json'), [
    ['Functions', lambdaFunctions(root.fork('lambda'), shape.lambdaFunctions, facts.lambdaRoleArns)],
  ]);
  await writeJsonEntries(
    file('service-last-accessed.json'),
    serviceLastAccessed(root.fork('last-accessed'), facts.lastAccessed),
  );
  await writeText(
    file('snapshot.json'),
    JSON.stringify({ accountId: BENCH_ACCOUNT_ID, collectedAt: BENCH_COLLECTED_AT, gaps: [] }, null, 2) + '\n',
  );
}

// ─── CLI ────────────────────────────────────────────────────────────────────────────────────────────

const USAGE =
  'usage: npx tsx bench/generate-org.ts --principals <n> [--out <dir>] [--seed <n>] [--distinct-policies <n>]';

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      principals: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'distinct-policies': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const principals = positiveInt('principals', values.principals);
  if (principals === undefined) throw new RangeError(`--principals is required\n${USAGE}`);
  const distinctPolicies = positiveInt('distinct-policies', values['distinct-policies']);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new RangeError(`--seed must be an integer, got "${values.seed}"`);
  const outDir = values.out ?? path.join('bench', 'out', `org-${principals}`);

  const opts: GenerateOrgOptions = {
    outDir,
    principals,
    ...(seed !== undefined && { seed }),
    ...(distinctPolicies && { distinctPolicies }),
  };
  const started = performance.now();
  await generateOrgSnapshot(opts);
  const seconds = (performance.now() - started) / 1000;

  const shape = orgShape(opts);
  console.log(
    `${outDir}: ${shape.users} users, ${shape.groups} groups, ${shape.roles} roles, ${shape.customerPolicies} customer policies, ` +
      `${shape.ec2Instances} instances, ${shape.lambdaFunctions} functions in ${seconds.toFixed(1)}s`,
  );
  let total = 0;
  for (const name of (await readdir(outDir)).sort()) {
    const { size } = await stat(path.join(outDir, name));
    total += size;
    console.log(`  ${name.padEnd(28)} ${(size / 1e6).toFixed(1).padStart(8)} MB`);
  }
  console.log(`  ${'total'.padEnd(28)} ${(total / 1e6).toFixed(1).padStart(8)} MB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
