/**
 * Seeded generator of (policies, request) cases for the differential test of our engine against
 * iam-simulate. Deterministic: the same seed gives the same cases on every run and every machine.
 *
 * Every request uses a real action and a concrete resource ARN of a resource type that action takes
 * (or "*" for actions that only support all resources), so that iam-simulate's validation accepts it.
 * Policies are built by mutating the request (its action and its ARN) so that a good share of
 * statements match, half-match or just miss it.
 *
 * Three constructs are left out of normal generation because our engine and iam-simulate knowingly
 * differ on them (differential.test.ts documents each one, with the AWS documentation, pins a minimal
 * example, and re-generates them with `knownDifferences: true` to check that they explain every
 * disagreement they cause):
 *  - a wildcard inside the resource-type part of an ARN ("use?" in "arn:aws:iam::123456789012:use?/alice");
 *  - a short ARN ("arn:aws:s3", fewer than six segments) in NotResource.
 */
import type { RawStatement } from '../support/builders.js';

export const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const REGIONS = ['us-east-1', 'eu-west-1'] as const;
const USERNAMES = ['alice', 'bob'] as const;

/** mulberry32: small, fast, and the same sequence everywhere. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** 0 ≤ n < bound */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let r = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) if ((r -= w) < 0) return key;
    return entries[entries.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------------------------------
// Resource types and actions

interface ResourceType {
  service: string;
  /** Whether the ARN has a region and an account segment (S3 has neither, IAM only an account). */
  region: boolean;
  account: boolean;
  /** The resource-type part with its separator ("user/", "function:"), or "" when the ARN has none. */
  prefix: string;
  ids: readonly string[];
}

const RESOURCE_TYPES = {
  's3-object': {
    service: 's3',
    region: false,
    account: false,
    prefix: '',
    ids: [
      'app-data/a.txt',
      'app-data/reports/2024/q1.csv',
      'app-data/home/alice/notes.txt',
      'app-logs/tmp/a.txt',
      'prod-secrets/db/password.txt',
    ],
  },
  's3-bucket': {
    service: 's3',
    region: false,
    account: false,
    prefix: '',
    ids: ['app-data', 'app-logs', 'prod-secrets'],
  },
  'iam-user': {
    service: 'iam',
    region: false,
    account: true,
    prefix: 'user/',
    ids: ['alice', 'bob', 'dev/alice', 'ops/team/carol'],
  },
  'iam-role': {
    service: 'iam',
    region: false,
    account: true,
    prefix: 'role/',
    ids: ['app-role', 'admin', 'service-role/ci-deploy', 'lambda-exec'],
  },
  'iam-policy': {
    service: 'iam',
    region: false,
    account: true,
    prefix: 'policy/',
    ids: ['ReadOnly', 'team/DevAccess', 'BillingAdmin'],
  },
  'iam-group': {
    service: 'iam',
    region: false,
    account: true,
    prefix: 'group/',
    ids: ['developers', 'ops/admins', 'auditors'],
  },
  'ec2-instance': {
    service: 'ec2',
    region: true,
    account: true,
    prefix: 'instance/',
    ids: ['i-0abc123def4567890', 'i-0fedcba9876543210', 'i-0abc999'],
  },
  'ec2-volume': {
    service: 'ec2',
    region: true,
    account: true,
    prefix: 'volume/',
    ids: ['vol-0a1b2c3d', 'vol-0ffff0000'],
  },
  'ec2-security-group': {
    service: 'ec2',
    region: true,
    account: true,
    prefix: 'security-group/',
    ids: ['sg-0123abcd', 'sg-0badc0de'],
  },
  'lambda-function': {
    service: 'lambda',
    region: true,
    account: true,
    prefix: 'function:',
    ids: ['resize', 'resize-thumbnails', 'billing-export'],
  },
  'dynamodb-table': {
    service: 'dynamodb',
    region: true,
    account: true,
    prefix: 'table/',
    ids: ['orders', 'orders-archive', 'users'],
  },
  'kms-key': {
    service: 'kms',
    region: true,
    account: true,
    prefix: 'key/',
    ids: ['1234abcd-12ab-34cd-56ef-1234567890ab', '0987dcba-09fe-87dc-65ba-ab0987654321'],
  },
  secret: {
    service: 'secretsmanager',
    region: true,
    account: true,
    prefix: 'secret:',
    ids: ['prod/db-AbCdEf', 'prod/api-key-Gh1jKl', 'dev/db-MnOpQr'],
  },
  'sqs-queue': {
    service: 'sqs',
    region: true,
    account: true,
    prefix: '',
    ids: ['orders', 'orders-dlq', 'billing.fifo'],
  },
  'log-group': {
    service: 'logs',
    region: true,
    account: true,
    prefix: 'log-group:',
    ids: ['app', '/aws/lambda/resize', 'app-audit'],
  },
  'log-stream': {
    service: 'logs',
    region: true,
    account: true,
    prefix: 'log-group:',
    ids: ['app:log-stream:s1', '/aws/lambda/resize:log-stream:2024/01/01/abc'],
  },
} satisfies Record<string, ResourceType>;

export type ResourceTypeKey = keyof typeof RESOURCE_TYPES;

/**
 * 66 real actions across ten services, each with the resource type its requests name (null: the
 * action only supports Resource "*"; the test checks both against the catalog). sts:GetCallerIdentity
 * is among them: AWS allows it whatever the policies say, and both evaluators model that.
 */
export const ACTIONS: readonly { action: string; type: ResourceTypeKey | null }[] = [
  { action: 's3:GetObject', type: 's3-object' },
  { action: 's3:PutObject', type: 's3-object' },
  { action: 's3:DeleteObject', type: 's3-object' },
  { action: 's3:GetObjectTagging', type: 's3-object' },
  { action: 's3:ListBucket', type: 's3-bucket' },
  { action: 's3:GetBucketPolicy', type: 's3-bucket' },
  { action: 's3:PutBucketPolicy', type: 's3-bucket' },
  { action: 's3:DeleteBucket', type: 's3-bucket' },
  { action: 's3:ListAllMyBuckets', type: null },
  { action: 'iam:GetUser', type: 'iam-user' },
  { action: 'iam:CreateUser', type: 'iam-user' },
  { action: 'iam:DeleteUser', type: 'iam-user' },
  { action: 'iam:CreateAccessKey', type: 'iam-user' },
  { action: 'iam:ListAccessKeys', type: 'iam-user' },
  { action: 'iam:GetRole', type: 'iam-role' },
  { action: 'iam:PassRole', type: 'iam-role' },
  { action: 'iam:CreateRole', type: 'iam-role' },
  { action: 'iam:AttachRolePolicy', type: 'iam-role' },
  { action: 'iam:CreatePolicy', type: 'iam-policy' },
  { action: 'iam:GetPolicy', type: 'iam-policy' },
  { action: 'iam:AddUserToGroup', type: 'iam-group' },
  { action: 'iam:GetGroup', type: 'iam-group' },
  { action: 'iam:ListUsers', type: null },
  { action: 'iam:ListRoles', type: null },
  { action: 'iam:GetAccountSummary', type: null },
  { action: 'ec2:DescribeInstances', type: null },
  { action: 'ec2:DescribeVpcs', type: null },
  { action: 'ec2:StopInstances', type: 'ec2-instance' },
  { action: 'ec2:TerminateInstances', type: 'ec2-instance' },
  { action: 'ec2:RebootInstances', type: 'ec2-instance' },
  { action: 'ec2:DeleteVolume', type: 'ec2-volume' },
  { action: 'ec2:DeleteSecurityGroup', type: 'ec2-security-group' },
  { action: 'lambda:InvokeFunction', type: 'lambda-function' },
  { action: 'lambda:GetFunction', type: 'lambda-function' },
  { action: 'lambda:UpdateFunctionCode', type: 'lambda-function' },
  { action: 'lambda:DeleteFunction', type: 'lambda-function' },
  { action: 'lambda:ListFunctions', type: null },
  { action: 'sts:AssumeRole', type: 'iam-role' },
  { action: 'sts:GetSessionToken', type: null },
  { action: 'sts:DecodeAuthorizationMessage', type: null },
  { action: 'dynamodb:GetItem', type: 'dynamodb-table' },
  { action: 'dynamodb:PutItem', type: 'dynamodb-table' },
  { action: 'dynamodb:DeleteTable', type: 'dynamodb-table' },
  { action: 'dynamodb:DescribeTable', type: 'dynamodb-table' },
  { action: 'dynamodb:ListTables', type: null },
  { action: 'kms:Decrypt', type: 'kms-key' },
  { action: 'kms:Encrypt', type: 'kms-key' },
  { action: 'kms:GenerateDataKey', type: 'kms-key' },
  { action: 'kms:ScheduleKeyDeletion', type: 'kms-key' },
  { action: 'kms:ListKeys', type: null },
  { action: 'kms:CreateKey', type: null },
  { action: 'secretsmanager:GetSecretValue', type: 'secret' },
  { action: 'secretsmanager:PutSecretValue', type: 'secret' },
  { action: 'secretsmanager:DeleteSecret', type: 'secret' },
  { action: 'secretsmanager:ListSecrets', type: null },
  { action: 'sqs:SendMessage', type: 'sqs-queue' },
  { action: 'sqs:ReceiveMessage', type: 'sqs-queue' },
  { action: 'sqs:DeleteQueue', type: 'sqs-queue' },
  { action: 'sqs:PurgeQueue', type: 'sqs-queue' },
  { action: 'sqs:ListQueues', type: null },
  { action: 'logs:CreateLogGroup', type: 'log-group' },
  { action: 'logs:DeleteLogGroup', type: 'log-group' },
  { action: 'logs:PutLogEvents', type: 'log-stream' },
  { action: 'logs:GetLogEvents', type: 'log-stream' },
  { action: 'logs:DescribeLogGroups', type: null },
  { action: 'sts:GetCallerIdentity', type: null },
];

// ---------------------------------------------------------------------------------------------------
// Cases

export const FEATURES = [
  'exact-action',
  'action-wildcard',
  'action-star',
  'action-question',
  'action-mixed-case',
  'not-action',
  'wildcard-only-action',
  'resource-segment-wildcard',
  'resource-star-spans-slash',
  'resource-question',
  'resource-region-account-wildcard',
  'resource-case-differs',
  'arn-head-case-differs',
  'short-arn',
  'policy-variable',
  'not-resource',
  'deny',
  'deny-not-action',
  'deny-not-resource',
  'boundary',
  'boundary-deny',
  'multiple-policies',
  'condition',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface PolicyJson {
  Version: '2012-10-17';
  Statement: RawStatement[];
}

export interface OracleCase {
  /** Unique across seeds and options: our engine caches compiled policies by attachment id. */
  id: string;
  /** The principal's identity policies: its own, and its groups' (they are just more identity policies). */
  identity: { name: string; document: PolicyJson }[];
  boundary?: PolicyJson;
  principal: string;
  action: string;
  /** A concrete ARN, or "*" for an action that only supports all resources. */
  resource: string;
  /** Request context as iam-simulate takes it (condition keys and policy variables). */
  context: Record<string, string>;
  /** The same values for our engine's policy variables, lower-case keys. */
  variables: Record<string, string>;
  features: Feature[];
}

interface ArnParts {
  service: string;
  region: string;
  account: string;
  prefix: string;
  id: string;
  type: ResourceType;
}

const arnOf = (p: Pick<ArnParts, 'service' | 'region' | 'account' | 'prefix' | 'id'>, partition = 'aws') =>
  `arn:${partition}:${p.service}:${p.region}:${p.account}:${p.prefix}${p.id}`;

function concreteResource(rng: Rng, type: ResourceType): ArnParts {
  return {
    service: type.service,
    region: type.region ? rng.pick(REGIONS) : '',
    account: type.account ? ACCOUNT : '',
    prefix: type.prefix,
    id: rng.pick(type.ids),
    type,
  };
}

const ALL_TYPES = Object.values(RESOURCE_TYPES) as ResourceType[];

export interface GeneratorOptions {
  /** Also generate the three constructs left out for documented reasons (see the header comment). */
  knownDifferences?: boolean;
}

interface Builder {
  options: GeneratorOptions;
  rng: Rng;
  features: Set<Feature>;
  action: string;
  /** undefined: the action only supports "*". */
  request: ArnParts | undefined;
}

// --- action patterns ---------------------------------------------------------------------------------

/** Random upper/lower case per letter, different from the input whenever it has a letter. */
function flipCase(rng: Rng, s: string): string {
  let out = '';
  for (const ch of s) out += rng.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase();
  if (out !== s) return out;
  const i = s.search(/[a-z]/i);
  if (i < 0) return s;
  const ch = s[i]!;
  return s.slice(0, i) + (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) + s.slice(i + 1);
}

/**
 * "?" stands for exactly one character: mostly in place of one (same length, so it matches), but
 * also as "??" for one character, or as the only character after a prefix, so that a "?" that
 * matched zero or several characters would show.
 */
function question(rng: Rng, s: string): string {
  const chars = [...s];
  const kind = rng.weighted({ inPlace: 5, double: 2, afterPrefix: 2 });
  if (kind === 'afterPrefix') return `${s.slice(0, 1 + rng.int(Math.max(1, s.length - 1)))}?`;
  for (let n = 1 + rng.int(2); n > 0; n--) chars[rng.int(chars.length)] = kind === 'double' ? '??' : '?';
  return chars.join('');
}

function actionPattern(b: Builder): string {
  const { rng, features } = b;
  const base = rng.chance(0.7) ? b.action : rng.pick(ACTIONS).action;
  const [service, name] = base.split(':') as [string, string];
  const kind = rng.weighted({
    exact: 18,
    mixedCase: 6,
    prefixStar: 12,
    serviceStar: 7,
    infixStar: 4,
    question: 6,
    star: 4,
    otherService: 4,
  });
  switch (kind) {
    case 'exact':
      features.add('exact-action');
      return base;
    case 'mixedCase':
      features.add('action-mixed-case');
      return `${flipCase(rng, service)}:${flipCase(rng, name)}`;
    case 'prefixStar':
      features.add('action-wildcard');
      return `${service}:${name.slice(0, 1 + rng.int(name.length - 1))}*`;
    case 'serviceStar':
      features.add('action-wildcard');
      return `${service}:*`;
    case 'infixStar': {
      features.add('action-wildcard');
      const i = rng.int(name.length);
      const j = i + rng.int(name.length - i + 1);
      return `${service}:${name.slice(0, i)}*${name.slice(j)}`;
    }
    case 'question':
      features.add('action-question');
      return `${service}:${question(rng, name)}`;
    case 'star':
      features.add('action-star');
      return '*';
    case 'otherService':
      features.add('action-wildcard');
      return `${rng.pick(ACTIONS).action.split(':')[0]}:*`;
  }
}

// --- resource patterns -------------------------------------------------------------------------------

function regionAccountWildcard(b: Builder, p: ArnParts): ArnParts {
  const { rng } = b;
  const out = { ...p };
  if (p.type.region && rng.chance(0.6)) out.region = rng.pick(['*', 'us-*', '*-1', 'us-east-?', 'eu-*']);
  if (p.type.account && (out.region === p.region || rng.chance(0.5)))
    out.account = rng.pick(['*', '1234*', '?23456789012', OTHER_ACCOUNT]);
  if (out.region !== p.region || out.account !== p.account) b.features.add('resource-region-account-wildcard');
  return out;
}

/** A Resource/NotResource entry for a request on a concrete ARN: mostly mutations of that ARN. */
function resourcePattern(b: Builder, request: ArnParts, notResource: boolean): string {
  const { rng, features } = b;
  // Mutate the request's ARN, or sometimes a sibling of the same type (so patterns half-match).
  const base: ArnParts = rng.chance(0.75) ? request : { ...concreteResource(rng, request.type) };
  const kind = rng.weighted({
    exact: 14,
    star: 8,
    idStar: 10,
    idPrefix: 10,
    idInfix: 6,
    question: 8,
    regionAccount: 8,
    idCase: 4,
    headCase: 4,
    otherService: 6,
    // A short ARN ("arn:aws:s3") only in Resource: in NotResource it is a known difference.
    short: notResource && !b.options.knownDifferences ? 0 : 3,
    variable: 6,
    // A wildcard in the resource-type part ("u*/alice") is a known difference.
    typeWildcard: b.options.knownDifferences ? 6 : 0,
  });
  let p = { ...base };
  switch (kind) {
    case 'exact':
      break;
    case 'star':
      return '*';
    case 'idStar':
      features.add('resource-segment-wildcard');
      p.id = '*';
      if (base.id.includes('/')) features.add('resource-star-spans-slash');
      break;
    case 'idPrefix': {
      features.add('resource-segment-wildcard');
      const k = 1 + rng.int(Math.max(1, base.id.length - 1));
      if (base.id.slice(k).includes('/')) features.add('resource-star-spans-slash');
      p.id = `${base.id.slice(0, k)}*`;
      break;
    }
    case 'idInfix': {
      features.add('resource-segment-wildcard');
      const i = rng.int(base.id.length);
      const j = i + rng.int(base.id.length - i + 1);
      if (base.id.slice(i, j).includes('/')) features.add('resource-star-spans-slash');
      p.id = `${base.id.slice(0, i)}*${base.id.slice(j)}`;
      break;
    }
    case 'question':
      features.add('resource-question');
      p.id = question(rng, base.id);
      break;
    case 'regionAccount':
      p = regionAccountWildcard(b, p);
      if (rng.chance(0.5)) {
        features.add('resource-segment-wildcard');
        p.id = '*';
      }
      break;
    case 'idCase': {
      // "In the Resource element, the IAM user name is case sensitive."
      // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
      const flipped = flipCase(rng, base.id);
      if (flipped !== base.id) features.add('resource-case-differs');
      p.id = flipped;
      break;
    }
    case 'headCase': {
      features.add('arn-head-case-differs');
      const which = rng.int(3);
      if (which === 0) return arnOf(p, 'AWS');
      if (which === 1 && p.region) p.region = p.region.toUpperCase();
      // Not for S3 outside knownDifferences: iam-simulate only exempts an ARN from its resource-type
      // rule as an S3 bucket or object when the service is spelled "s3", so "arn:aws:S3:::app-*/k"
      // would be the resource-type difference again (the bucket name read as a resource type).
      else if (p.service !== 's3' || b.options.knownDifferences) p.service = p.service.toUpperCase();
      else return arnOf(p, 'AWS');
      break;
    }
    case 'otherService': {
      const other = concreteResource(rng, rng.pick(ALL_TYPES));
      if (rng.chance(0.5)) {
        features.add('resource-segment-wildcard');
        other.id = '*';
      }
      return arnOf(other);
    }
    case 'short': {
      features.add('short-arn');
      const service = rng.chance(0.7) ? base.service : rng.pick(ALL_TYPES).service;
      return rng.pick([`arn:aws:${service}`, `arn:aws:${service}:*`, `arn:aws:${service}:${base.region || '*'}`]);
    }
    case 'typeWildcard': {
      const type = base.prefix.slice(0, -1);
      const sep = base.prefix.slice(-1);
      if (!type) return arnOf(base);
      p.prefix = rng.pick([`${type[0]}*${sep}`, `*${sep}`, `${type.slice(0, -1)}?${sep}`]);
      break;
    }
    case 'variable':
      if (base.type === RESOURCE_TYPES['iam-user']) {
        features.add('policy-variable');
        p.id = '${aws:username}';
      } else if (base.type === RESOURCE_TYPES['s3-object']) {
        features.add('policy-variable');
        p.id = 'app-data/home/${aws:username}/*';
      }
      break;
  }
  if (kind !== 'regionAccount' && rng.chance(0.2)) p = regionAccountWildcard(b, p);
  return arnOf(p);
}

/** A Resource/NotResource entry for an action that only supports "*". */
function wildcardOnlyResourcePattern(b: Builder, notResource: boolean): string {
  const { rng, features } = b;
  const kind = rng.weighted({
    star: notResource ? 3 : 14,
    arn: 5,
    serviceWide: 3,
    short: notResource && !b.options.knownDifferences ? 0 : 1,
  });
  const service = b.action.split(':')[0]!;
  switch (kind) {
    case 'star':
      return '*';
    case 'arn':
      return arnOf(concreteResource(rng, rng.pick(ALL_TYPES)));
    case 'serviceWide':
      features.add('resource-segment-wildcard');
      return `arn:aws:${service}:*:*:*`;
    case 'short':
      features.add('short-arn');
      return `arn:aws:${service}`;
  }
}

// --- statements, policies, cases ---------------------------------------------------------------------

interface ConditionChoice {
  block: Record<string, Record<string, string | string[]>>;
}

const CONDITIONS: readonly ConditionChoice[] = [
  { block: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
  { block: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
  { block: { StringEquals: { 'aws:PrincipalTag/team': 'dev' } } },
  { block: { StringEquals: { 'aws:PrincipalTag/team': ['dev', 'ops'] } } },
  { block: { StringLike: { 'aws:PrincipalTag/team': 'd*' } } },
  { block: { StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } } },
  { block: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
  { block: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] } } },
  { block: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
];

function list<T>(rng: Rng, make: () => T, max: number): T | T[] {
  const n = 1 + rng.int(max);
  const items = Array.from({ length: n }, make);
  // A single entry is written as a bare string half the time, as AWS accepts both.
  return n === 1 && rng.chance(0.5) ? items[0]! : items;
}

function statement(b: Builder, role: 'identity' | 'boundary'): RawStatement {
  const { rng, features } = b;
  const effect = rng.chance(role === 'identity' ? 0.28 : 0.2) ? 'Deny' : 'Allow';
  const s: RawStatement = { Effect: effect };
  if (effect === 'Deny') features.add(role === 'boundary' ? 'boundary-deny' : 'deny');

  const actions = list(rng, () => actionPattern(b), 3);
  if (rng.chance(0.2)) {
    s.NotAction = actions;
    features.add('not-action');
    if (effect === 'Deny') features.add('deny-not-action');
  } else s.Action = actions;

  const notResource = rng.chance(0.18);
  const request = b.request;
  const resources = list(
    rng,
    () => (request ? resourcePattern(b, request, notResource) : wildcardOnlyResourcePattern(b, notResource)),
    2,
  );
  if (notResource) {
    s.NotResource = resources;
    features.add('not-resource');
    if (effect === 'Deny') features.add('deny-not-resource');
  } else s.Resource = resources;

  if (rng.chance(0.14)) {
    s.Condition = rng.pick(CONDITIONS).block;
    features.add('condition');
  }
  return s;
}

const policy = (b: Builder, role: 'identity' | 'boundary', maxStatements: number): PolicyJson => ({
  Version: '2012-10-17',
  Statement: Array.from({ length: 1 + b.rng.int(maxStatements) }, () => statement(b, role)),
});

export function generateCase(rng: Rng, id: string, options: GeneratorOptions = {}): OracleCase {
  const { action, type } = rng.pick(ACTIONS);
  const request = type ? concreteResource(rng, RESOURCE_TYPES[type]) : undefined;
  const b: Builder = { options, rng, features: new Set(), action, request };
  if (!request) b.features.add('wildcard-only-action');

  // The user's own policies, then its groups' policies: more identity policies, nothing else.
  const count = rng.weighted({ 0: 2, 1: 55, 2: 28, 3: 15 });
  const identity = Array.from({ length: Number(count) }, (_, i) => ({
    name: i === 0 ? 'user-inline' : `group-${i}-policy`,
    document: policy(b, 'identity', 3),
  }));
  if (identity.length > 1) b.features.add('multiple-policies');
  const boundary = rng.chance(0.3) ? policy(b, 'boundary', 2) : undefined;
  if (boundary) b.features.add('boundary');

  const username = rng.pick(USERNAMES);
  const context: Record<string, string> = { 'aws:username': username };
  if (b.features.has('condition')) {
    const mfa = rng.pick(['true', 'false', undefined]);
    const team = rng.pick(['dev', 'ops', 'qa', undefined]);
    const ip = rng.pick(['10.1.2.3', '192.0.2.7', '203.0.113.9', undefined]);
    if (mfa) context['aws:MultiFactorAuthPresent'] = mfa;
    if (team) context['aws:PrincipalTag/team'] = team;
    if (ip) context['aws:SourceIp'] = ip;
  }

  return {
    id,
    identity,
    ...(boundary && { boundary }),
    principal: `arn:aws:iam::${ACCOUNT}:user/${username}`,
    action,
    resource: request ? arnOf(request) : '*',
    context,
    variables: { 'aws:username': username },
    features: FEATURES.filter((f) => b.features.has(f)),
  };
}

export function generateCases(seed: number, count: number, options: GeneratorOptions = {}): OracleCase[] {
  const rng = new Rng(seed);
  const prefix = `${seed}${options.knownDifferences ? '-known' : ''}`;
  return Array.from({ length: count }, (_, i) => generateCase(rng, `${prefix}-${i}`, options));
}

// ---------------------------------------------------------------------------------------------------
// Cases with an organisation: service control policies (root → OUs → account) and resource control policies.

/** Services resource control policies apply to (our RCP_SERVICES) among the generated actions. */
const RCP_ACTION_SERVICES = ['s3', 'sts', 'sqs', 'secretsmanager', 'kms', 'dynamodb', 'logs'] as const;

export interface OrganizationCase extends OracleCase {
  /** SCPs level by level, the root first: each level a list of policies. */
  scps: PolicyJson[][];
  /** RCPs level by level (Deny statements; RCPFullAWSAccess is at every level, as AWS attaches it). */
  rcps: PolicyJson[][];
  /** The principal's tags (its whole set): what settles SCP conditions on aws:PrincipalTag. */
  principalTags: Record<string, string>;
}

const FULL_AWS_ACCESS: PolicyJson = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** Conditions SCPs use: on the principal (settled per principal), and on the request (left conditional). */
const SCP_CONDITIONS: readonly ConditionChoice[] = [
  ...CONDITIONS,
  { block: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/a*` } } },
  { block: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:user/bob`] } } },
  { block: { StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'ops' } } },
  { block: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } },
];

function scpStatement(b: Builder & { resource: string }, effect: 'Allow' | 'Deny'): RawStatement {
  const { rng } = b;
  const s: RawStatement = { Effect: effect };
  const actions = list(rng, () => actionPattern(b), 3);
  if (rng.chance(0.15)) s.NotAction = actions;
  else s.Action = actions;
  // A Deny on the request's resource, on a wildcard around it, or on everything.
  const resource = b.resource;
  s.Resource =
    effect === 'Allow' || resource === '*' || rng.chance(0.5)
      ? '*'
      : rng.chance(0.5)
        ? resource
        : `${resource.slice(0, Math.max(resource.lastIndexOf(':'), resource.lastIndexOf('/')) + 1)}*`;
  if (effect === 'Deny' && rng.chance(0.35)) s.Condition = rng.pick(SCP_CONDITIONS).block;
  return s;
}

function rcpStatement(b: Builder): RawStatement {
  const { rng } = b;
  const service =
    rng.chance(0.6) && RCP_ACTION_SERVICES.some((s) => b.action.startsWith(`${s}:`))
      ? b.action.split(':')[0]!
      : rng.pick(RCP_ACTION_SERVICES);
  const sameService = ACTIONS.filter((a) => a.action.startsWith(`${service}:`)).map((a) => a.action);
  const action = rng.weighted({ exact: 3, star: 2, prefix: 2 });
  const named = b.action.startsWith(`${service}:`) && rng.chance(0.6) ? b.action : rng.pick(sameService);
  const s: RawStatement = {
    Effect: 'Deny',
    Principal: '*',
    Action:
      action === 'exact' ? named : action === 'star' ? `${service}:*` : `${named.slice(0, named.indexOf(':') + 4)}*`,
    Resource: '*',
  };
  if (rng.chance(0.3)) s.Condition = rng.pick(CONDITIONS).block;
  return s;
}

export function generateOrganizationCases(seed: number, count: number): OrganizationCase[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const base = generateCase(rng, `${seed}-org-${i}`);
    const b = {
      options: {},
      rng,
      features: new Set(base.features),
      action: base.action,
      request: undefined,
      resource: base.resource,
    };
    const levels = 2 + rng.int(3);
    const scps = Array.from({ length: levels }, () => {
      const policies: PolicyJson[] = [];
      // FullAWSAccess at most levels; elsewhere an allow-list that may or may not name the action.
      if (rng.chance(0.7)) policies.push(FULL_AWS_ACCESS);
      else
        policies.push({
          Version: '2012-10-17',
          Statement: Array.from({ length: 1 + rng.int(2) }, () => scpStatement(b, 'Allow')),
        });
      if (rng.chance(0.35))
        policies.push({
          Version: '2012-10-17',
          Statement: Array.from({ length: 1 + rng.int(2) }, () => scpStatement(b, 'Deny')),
        });
      return policies;
    });
    const rcps = rng.chance(0.5)
      ? Array.from({ length: 1 + rng.int(2) }, () =>
          rng.chance(0.6) ? [{ Version: '2012-10-17' as const, Statement: [rcpStatement(b)] }] : [],
        )
      : [];
    const team = base.context['aws:PrincipalTag/team'];
    const principalTags: Record<string, string> = team ? { team } : {};
    return { ...base, scps, rcps, principalTags };
  });
}
