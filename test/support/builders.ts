/**
 * Small builders for raw AWS shapes (as the AWS CLI/API return them), so tests state only what matters.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ACCOUNT = '123456789012';

export type RawStatement = Record<string, unknown>;

export function allow(
  action: string | string[],
  resource: string | string[] = '*',
  extra: RawStatement = {},
): RawStatement {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra };
}

export function deny(
  action: string | string[],
  resource: string | string[] = '*',
  extra: RawStatement = {},
): RawStatement {
  return { Effect: 'Deny', Action: action, Resource: resource, ...extra };
}

export function doc(...statements: RawStatement[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

/** What the IAM API returns: RFC 3986 percent-encoding of the JSON text. */
export function urlEncoded(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document)).replace(/\*/g, '%2A');
}

export function managedPolicy(name: string, document: unknown, opts: { aws?: boolean; arn?: string } = {}) {
  const arn = opts.arn ?? (opts.aws ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${ACCOUNT}:policy/${name}`);
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().slice(0, 12)}`,
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    PolicyVersionList: [
      { Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-01-01T00:00:00Z' },
    ],
  };
}

/** AWS's AdministratorAccess policy as the API lists it, and its ARN: the administrator of most tests. */
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const ADMINISTRATOR_ACCESS = managedPolicy('AdministratorAccess', doc(allow('*')), { aws: true });

export interface EntityOptions {
  inline?: Record<string, unknown>;
  managed?: string[];
  groups?: string[];
  boundary?: string;
  trust?: unknown;
  tags?: Record<string, string>;
  lastUsed?: string;
}

const attached = (arns: string[] = []) => arns.map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() }));
const inline = (policies: Record<string, unknown> = {}) =>
  Object.entries(policies).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument }));
const tags = (t: Record<string, string> = {}) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

export function user(name: string, opts: EntityOptions = {}) {
  return {
    UserName: name,
    UserId: `AIDA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    Path: '/',
    CreateDate: '2024-01-01T00:00:00Z',
    UserPolicyList: inline(opts.inline),
    GroupList: opts.groups ?? [],
    AttachedManagedPolicies: attached(opts.managed),
    ...(opts.boundary && {
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: opts.boundary },
    }),
    Tags: tags(opts.tags),
  };
}

export function group(name: string, opts: EntityOptions = {}) {
  return {
    GroupName: name,
    GroupId: `AGPA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
    Path: '/',
    CreateDate: '2024-01-01T00:00:00Z',
    GroupPolicyList: inline(opts.inline),
    AttachedManagedPolicies: attached(opts.managed),
  };
}

export function role(name: string, opts: EntityOptions = {}) {
  return {
    RoleName: name,
    RoleId: `AROA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    Path: '/',
    CreateDate: '2024-01-01T00:00:00Z',
    AssumeRolePolicyDocument:
      opts.trust ?? doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    InstanceProfileList: [],
    RolePolicyList: inline(opts.inline),
    AttachedManagedPolicies: attached(opts.managed),
    ...(opts.boundary && {
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: opts.boundary },
    }),
    Tags: tags(opts.tags),
    RoleLastUsed: opts.lastUsed ? { LastUsedDate: opts.lastUsed, Region: 'us-east-1' } : {},
  };
}

export function authorizationDetails(parts: {
  users?: unknown[];
  groups?: unknown[];
  roles?: unknown[];
  policies?: unknown[];
}) {
  return {
    UserDetailList: parts.users ?? [],
    GroupDetailList: parts.groups ?? [],
    RoleDetailList: parts.roles ?? [],
    Policies: parts.policies ?? [],
  };
}

/** Writes a snapshot directory; values that are strings are written as-is, others as JSON. */
export async function snapshotDir(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rightsize-snapshot-'));
  for (const [name, content] of Object.entries(files))
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}
