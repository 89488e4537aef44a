import { normalisePolicyDocument, type PolicyKind } from '../iam/index.js';
import { ShapeReader } from './shape.js';
import type {
  AuthorizationDetails,
  CollectionGap,
  IamGroup,
  IamRole,
  IamUser,
  InlinePolicy,
  ManagedPolicy,
  PolicyVersion,
  SnapshotProblem,
} from './types.js';

export interface NormalisedAuthorizationDetails {
  details: AuthorizationDetails;
  problems: SnapshotProblem[];
  gaps: CollectionGap[];
}

/** One normalisation of a file: the pages share the problems found and the ARNs already taken. */
interface Reading {
  read: ShapeReader;
  file: string;
  problems: SnapshotProblem[];
  /** Pages may repeat an entry; the first one wins. */
  seen: Set<string>;
}

/** Reads one entry of a list whose ARN is seen for the first time. */
type EntryReader<T> = (reading: Reading, entry: Record<string, unknown>, at: string, arn: string) => T;

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/**
 * Normalises `aws iam get-account-authorization-details` output: one page, or a list of pages (each
 * page of the paginated API as returned), merged and de-duplicated by ARN.
 */
export function normaliseAuthorizationDetails(raw: unknown, file: string): NormalisedAuthorizationDetails {
  const reading: Reading = { read: new ShapeReader(file), file, problems: [], seen: new Set() };
  const pages = Array.isArray(raw) ? raw : [raw];
  const details: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
  if (pages.length === 0)
    reading.read.fail('$', 'expected the output of get-account-authorization-details, got an empty list');
  pages.forEach((rawPage, pageIndex) =>
    readPage(reading, rawPage, Array.isArray(raw) ? `$[${pageIndex}]` : '$', details),
  );
  return { details, problems: reading.problems, gaps: truncationGaps(pages, file) };
}

function readPage(reading: Reading, rawPage: unknown, base: string, details: AuthorizationDetails): void {
  const page = reading.read.object(rawPage, base);
  if (!LISTS.some((key) => key in page))
    reading.read.fail(
      base,
      `expected the output of get-account-authorization-details (${LISTS.join(', ')}), found none of them`,
    );
  readList(reading, page.UserDetailList, `${base}.UserDetailList`, readUser, details.users);
  readList(reading, page.GroupDetailList, `${base}.GroupDetailList`, readGroup, details.groups);
  readList(reading, page.RoleDetailList, `${base}.RoleDetailList`, readRole, details.roles);
  readList(reading, page.Policies, `${base}.Policies`, readManagedPolicy, details.policies);
}

function readList<T>(reading: Reading, value: unknown, path: string, readEntry: EntryReader<T>, into: T[]): void {
  reading.read.optionalArray(value, path).forEach((rawEntry, i) => {
    const at = `${path}[${i}]`;
    const entry = reading.read.object(rawEntry, at);
    const arn = reading.read.string(entry, 'Arn', at);
    if (reading.seen.has(arn)) return;
    reading.seen.add(arn);
    into.push(readEntry(reading, entry, at, arn));
  });
}

/** Pages after a truncated last page were never collected: what they hold is missing, not absent. */
function truncationGaps(pages: readonly unknown[], file: string): CollectionGap[] {
  const last = pages[pages.length - 1] as Record<string, unknown>;
  if (last.IsTruncated !== true) return [];
  return [
    {
      source: file,
      reason: 'incomplete',
      api: 'iam:GetAccountAuthorizationDetails',
      message:
        'the last page says IsTruncated: true, so later pages are missing; principals and policies on them are not analysed',
    },
  ];
}

/** What users, groups and roles share in the document, in the order every principal lists it. */
function principalFields(
  reading: Reading,
  o: Record<string, unknown>,
  at: string,
  arn: string,
  kind: 'User' | 'Group' | 'Role',
): Pick<IamUser, 'arn' | 'name' | 'id' | 'path' | 'inlinePolicies' | 'managedPolicyArns'> {
  const read: ShapeReader = reading.read;
  return {
    arn,
    name: read.string(o, `${kind}Name`, at),
    id: read.optionalString(o, `${kind}Id`, at) ?? arn,
    path: read.optionalString(o, 'Path', at) ?? '/',
    inlinePolicies: inlineList(reading, o[`${kind}PolicyList`], `${at}.${kind}PolicyList`, arn),
    managedPolicyArns: attached(read, o.AttachedManagedPolicies, `${at}.AttachedManagedPolicies`),
  };
}

function readUser(reading: Reading, u: Record<string, unknown>, at: string, arn: string): IamUser {
  const read: ShapeReader = reading.read;
  const user: IamUser = {
    kind: 'user',
    ...principalFields(reading, u, at, arn, 'User'),
    groups: read.optionalArray(u.GroupList, `${at}.GroupList`).map((g, gi): string => {
      if (typeof g !== 'string') read.fail(`${at}.GroupList[${gi}]`, 'expected a group name');
      return g;
    }),
    tags: read.tags(u.Tags, `${at}.Tags`),
  };
  const createDate = read.optionalTime(u, 'CreateDate', at);
  if (createDate) user.createDate = createDate;
  const b = boundary(read, u.PermissionsBoundary, `${at}.PermissionsBoundary`);
  if (b) user.boundaryArn = b;
  return user;
}

function readGroup(reading: Reading, g: Record<string, unknown>, at: string, arn: string): IamGroup {
  const read: ShapeReader = reading.read;
  const group: IamGroup = {
    kind: 'group',
    ...principalFields(reading, g, at, arn, 'Group'),
  };
  const createDate = read.optionalTime(g, 'CreateDate', at);
  if (createDate) group.createDate = createDate;
  return group;
}

function readRole(reading: Reading, r: Record<string, unknown>, at: string, arn: string): IamRole {
  const read: ShapeReader = reading.read;
  const role: IamRole = {
    kind: 'role',
    ...principalFields(reading, r, at, arn, 'Role'),
    tags: read.tags(r.Tags, `${at}.Tags`),
    trustPolicy: policyOf(
      reading,
      r.AssumeRolePolicyDocument,
      `${at}.AssumeRolePolicyDocument`,
      `${arn} trust policy`,
      'trust',
    ),
    instanceProfiles: instanceProfiles(read, r.InstanceProfileList, `${at}.InstanceProfileList`),
  };
  const createDate = read.optionalTime(r, 'CreateDate', at);
  if (createDate) role.createDate = createDate;
  const b = boundary(read, r.PermissionsBoundary, `${at}.PermissionsBoundary`);
  if (b) role.boundaryArn = b;
  const lastUsed = roleLastUsed(read, r.RoleLastUsed, `${at}.RoleLastUsed`);
  if (lastUsed) role.lastUsed = lastUsed;
  const maxSession = read.optionalNumber(r, 'MaxSessionDuration', at);
  if (maxSession !== undefined) role.maxSessionDuration = maxSession;
  const description = read.optionalString(r, 'Description', at);
  if (description) role.description = description;
  return role;
}

function instanceProfiles(read: ShapeReader, value: unknown, path: string): IamRole['instanceProfiles'] {
  return read.optionalArray(value, path).map((rawProfile, pi) => {
    const pat = `${path}[${pi}]`;
    const p = read.object(rawProfile, pat);
    return { arn: read.string(p, 'Arn', pat), name: read.string(p, 'InstanceProfileName', pat) };
  });
}

/** RoleLastUsed without a date says nothing: AWS has no record of use. */
function roleLastUsed(read: ShapeReader, value: unknown, path: string): IamRole['lastUsed'] {
  if (value === undefined || value === null) return undefined;
  const lastUsed = read.object(value, path);
  const date = read.optionalTime(lastUsed, 'LastUsedDate', path);
  const region = read.optionalString(lastUsed, 'Region', path);
  if (!date) return undefined;
  return region ? { date, region } : { date };
}

function readManagedPolicy(reading: Reading, p: Record<string, unknown>, at: string, arn: string): ManagedPolicy {
  const read: ShapeReader = reading.read;
  const defaultVersionId = read.optionalString(p, 'DefaultVersionId', at);
  const versions = read
    .optionalArray(p.PolicyVersionList, `${at}.PolicyVersionList`)
    .map((rawVersion, vi) =>
      readPolicyVersion(reading, rawVersion, `${at}.PolicyVersionList[${vi}]`, arn, defaultVersionId),
    );
  const inForce = versions.find((v) => v.isDefault);
  if (!inForce) {
    reading.problems.push({
      level: 'error',
      file: reading.file,
      path: `${at}.PolicyVersionList`,
      message: `managed policy ${arn} has no default version in the snapshot: its permissions are unknown`,
      subject: arn,
    });
  }
  const policy: ManagedPolicy = {
    arn,
    // A policy ARN ends with the policy's name; some emulators (moto) leave PolicyName out.
    name: read.optionalString(p, 'PolicyName', at) || arn.slice(arn.lastIndexOf('/') + 1),
    path: read.optionalString(p, 'Path', at) ?? '/',
    awsManaged: arn.includes(':iam::aws:policy/'),
    document: inForce?.document ?? { Statement: [] },
    versions,
  };
  readPolicyMetadata(read, p, at, policy, defaultVersionId);
  return policy;
}

function readPolicyVersion(
  reading: Reading,
  rawVersion: unknown,
  vat: string,
  arn: string,
  defaultVersionId: string | undefined,
): PolicyVersion {
  const read: ShapeReader = reading.read;
  const v = read.object(rawVersion, vat);
  const versionId = read.string(v, 'VersionId', vat);
  // DefaultVersionId is authoritative; IsDefaultVersion is the per-version echo of it.
  const isDefault = defaultVersionId ? versionId === defaultVersionId : v.IsDefaultVersion === true;
  // Only the default version is in force; problems in old versions are warnings.
  const { document, problems: found } = normalisePolicyDocument(v.Document, 'identity', `${vat}.Document`);
  for (const problem of found)
    reading.problems.push({
      ...problem,
      level: isDefault ? problem.level : 'warning',
      file: reading.file,
      subject: `${arn} version ${versionId}`,
    });
  const version: PolicyVersion = { versionId, isDefault, document };
  const createDate = read.optionalTime(v, 'CreateDate', vat);
  if (createDate) version.createDate = createDate;
  return version;
}

function readPolicyMetadata(
  read: ShapeReader,
  p: Record<string, unknown>,
  at: string,
  policy: ManagedPolicy,
  defaultVersionId: string | undefined,
): void {
  const optional = { id: 'PolicyId', createDate: 'CreateDate', updateDate: 'UpdateDate' } as const;
  for (const [field, key] of Object.entries(optional)) {
    const value = key === 'PolicyId' ? read.optionalString(p, key, at) : read.optionalTime(p, key, at);
    if (value) policy[field as keyof typeof optional] = value;
  }
  if (defaultVersionId) policy.defaultVersionId = defaultVersionId;
  const attachments = read.optionalNumber(p, 'AttachmentCount', at);
  if (attachments !== undefined) policy.attachmentCount = attachments;
  const boundaryUses = read.optionalNumber(p, 'PermissionsBoundaryUsageCount', at);
  if (boundaryUses !== undefined) policy.permissionsBoundaryUsageCount = boundaryUses;
}

function policyOf(reading: Reading, rawDoc: unknown, path: string, subject: string, kind: PolicyKind = 'identity') {
  const { document, problems: found } = normalisePolicyDocument(rawDoc, kind, path);
  for (const p of found) reading.problems.push({ ...p, file: reading.file, subject });
  return document;
}

function inlineList(reading: Reading, value: unknown, path: string, owner: string): InlinePolicy[] {
  return reading.read.optionalArray(value, path).map((rawPolicy, i) => {
    const at = `${path}[${i}]`;
    const p = reading.read.object(rawPolicy, at);
    const name = reading.read.string(p, 'PolicyName', at);
    return {
      name,
      document: policyOf(reading, p.PolicyDocument, `${at}.PolicyDocument`, `${owner} inline policy ${name}`),
    };
  });
}

function attached(read: ShapeReader, value: unknown, path: string): string[] {
  return read
    .optionalArray(value, path)
    .map((rawPolicy, i) => read.string(read.object(rawPolicy, `${path}[${i}]`), 'PolicyArn', `${path}[${i}]`));
}

function boundary(read: ShapeReader, value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return read.string(read.object(value, path), 'PermissionsBoundaryArn', path);
}
