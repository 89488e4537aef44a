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

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/**
 * Normalises `aws iam get-account-authorization-details` output: one page, or a list of pages (each
 * page of the paginated API as returned), merged and de-duplicated by ARN.
 */
export function normaliseAuthorizationDetails(raw: unknown, file: string): NormalisedAuthorizationDetails {
  const read: ShapeReader = new ShapeReader(file);
  const pages = Array.isArray(raw) ? raw : [raw];
  const problems: SnapshotProblem[] = [];
  const gaps: CollectionGap[] = [];
  const details: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
  const seen = new Set<string>();
  if (pages.length === 0) read.fail('$', 'expected the output of get-account-authorization-details, got an empty list');

  const policyOf = (rawDoc: unknown, path: string, subject: string, kind: PolicyKind = 'identity') => {
    const { document, problems: found } = normalisePolicyDocument(rawDoc, kind, path);
    for (const p of found) problems.push({ ...p, file, subject });
    return document;
  };
  const inlineList = (value: unknown, path: string, owner: string): InlinePolicy[] =>
    read.optionalArray(value, path).map((rawPolicy, i) => {
      const at = `${path}[${i}]`;
      const p = read.object(rawPolicy, at);
      const name = read.string(p, 'PolicyName', at);
      return { name, document: policyOf(p.PolicyDocument, `${at}.PolicyDocument`, `${owner} inline policy ${name}`) };
    });
  const attached = (value: unknown, path: string): string[] =>
    read
      .optionalArray(value, path)
      .map((rawPolicy, i) => read.string(read.object(rawPolicy, `${path}[${i}]`), 'PolicyArn', `${path}[${i}]`));
  const boundary = (value: unknown, path: string): string | undefined => {
    if (value === undefined || value === null) return undefined;
    return read.string(read.object(value, path), 'PermissionsBoundaryArn', path);
  };
  const firstTime = (arn: string) => {
    if (seen.has(arn)) return false;
    seen.add(arn);
    return true;
  };

  pages.forEach((rawPage, pageIndex) => {
    const base = Array.isArray(raw) ? `$[${pageIndex}]` : '$';
    const page = read.object(rawPage, base);
    if (!LISTS.some((key) => key in page))
      read.fail(
        base,
        `expected the output of get-account-authorization-details (${LISTS.join(', ')}), found none of them`,
      );

    read.optionalArray(page.UserDetailList, `${base}.UserDetailList`).forEach((rawUser, i) => {
      const at = `${base}.UserDetailList[${i}]`;
      const u = read.object(rawUser, at);
      const arn = read.string(u, 'Arn', at);
      if (!firstTime(arn)) return;
      const user: IamUser = {
        kind: 'user',
        arn,
        name: read.string(u, 'UserName', at),
        id: read.optionalString(u, 'UserId', at) ?? arn,
        path: read.optionalString(u, 'Path', at) ?? '/',
        inlinePolicies: inlineList(u.UserPolicyList, `${at}.UserPolicyList`, arn),
        managedPolicyArns: attached(u.AttachedManagedPolicies, `${at}.AttachedManagedPolicies`),
        groups: read.optionalArray(u.GroupList, `${at}.GroupList`).map((g, gi): string => {
          if (typeof g !== 'string') read.fail(`${at}.GroupList[${gi}]`, 'expected a group name');
          return g;
        }),
        tags: read.tags(u.Tags, `${at}.Tags`),
      };
      const createDate = read.optionalString(u, 'CreateDate', at);
      if (createDate) user.createDate = createDate;
      const b = boundary(u.PermissionsBoundary, `${at}.PermissionsBoundary`);
      if (b) user.boundaryArn = b;
      details.users.push(user);
    });

    read.optionalArray(page.GroupDetailList, `${base}.GroupDetailList`).forEach((rawGroup, i) => {
      const at = `${base}.GroupDetailList[${i}]`;
      const g = read.object(rawGroup, at);
      const arn = read.string(g, 'Arn', at);
      if (!firstTime(arn)) return;
      const group: IamGroup = {
        kind: 'group',
        arn,
        name: read.string(g, 'GroupName', at),
        id: read.optionalString(g, 'GroupId', at) ?? arn,
        path: read.optionalString(g, 'Path', at) ?? '/',
        inlinePolicies: inlineList(g.GroupPolicyList, `${at}.GroupPolicyList`, arn),
        managedPolicyArns: attached(g.AttachedManagedPolicies, `${at}.AttachedManagedPolicies`),
      };
      const createDate = read.optionalString(g, 'CreateDate', at);
      if (createDate) group.createDate = createDate;
      details.groups.push(group);
    });

    read.optionalArray(page.RoleDetailList, `${base}.RoleDetailList`).forEach((rawRole, i) => {
      const at = `${base}.RoleDetailList[${i}]`;
      const r = read.object(rawRole, at);
      const arn = read.string(r, 'Arn', at);
      if (!firstTime(arn)) return;
      const role: IamRole = {
        kind: 'role',
        arn,
        name: read.string(r, 'RoleName', at),
        id: read.optionalString(r, 'RoleId', at) ?? arn,
        path: read.optionalString(r, 'Path', at) ?? '/',
        inlinePolicies: inlineList(r.RolePolicyList, `${at}.RolePolicyList`, arn),
        managedPolicyArns: attached(r.AttachedManagedPolicies, `${at}.AttachedManagedPolicies`),
        tags: read.tags(r.Tags, `${at}.Tags`),
        trustPolicy: policyOf(
          r.AssumeRolePolicyDocument,
          `${at}.AssumeRolePolicyDocument`,
          `${arn} trust policy`,
          'trust',
        ),
        instanceProfiles: read
          .optionalArray(r.InstanceProfileList, `${at}.InstanceProfileList`)
          .map((rawProfile, pi) => {
            const pat = `${at}.InstanceProfileList[${pi}]`;
            const p = read.object(rawProfile, pat);
            return { arn: read.string(p, 'Arn', pat), name: read.string(p, 'InstanceProfileName', pat) };
          }),
      };
      const createDate = read.optionalString(r, 'CreateDate', at);
      if (createDate) role.createDate = createDate;
      const b = boundary(r.PermissionsBoundary, `${at}.PermissionsBoundary`);
      if (b) role.boundaryArn = b;
      if (r.RoleLastUsed !== undefined && r.RoleLastUsed !== null) {
        const lastUsed = read.object(r.RoleLastUsed, `${at}.RoleLastUsed`);
        const date = read.optionalString(lastUsed, 'LastUsedDate', `${at}.RoleLastUsed`);
        const region = read.optionalString(lastUsed, 'Region', `${at}.RoleLastUsed`);
        if (date) role.lastUsed = region ? { date, region } : { date };
      }
      const maxSession = read.optionalNumber(r, 'MaxSessionDuration', at);
      if (maxSession !== undefined) role.maxSessionDuration = maxSession;
      const description = read.optionalString(r, 'Description', at);
      if (description) role.description = description;
      details.roles.push(role);
    });

    read.optionalArray(page.Policies, `${base}.Policies`).forEach((rawPolicy, i) => {
      const at = `${base}.Policies[${i}]`;
      const p = read.object(rawPolicy, at);
      const arn = read.string(p, 'Arn', at);
      if (!firstTime(arn)) return;
      const defaultVersionId = read.optionalString(p, 'DefaultVersionId', at);
      const versions: PolicyVersion[] = read
        .optionalArray(p.PolicyVersionList, `${at}.PolicyVersionList`)
        .map((rawVersion, vi) => {
          const vat = `${at}.PolicyVersionList[${vi}]`;
          const v = read.object(rawVersion, vat);
          const versionId = read.string(v, 'VersionId', vat);
          // DefaultVersionId is authoritative; IsDefaultVersion is the per-version echo of it.
          const isDefault = defaultVersionId ? versionId === defaultVersionId : v.IsDefaultVersion === true;
          // Only the default version is in force; problems in old versions are warnings.
          const { document, problems: found } = normalisePolicyDocument(v.Document, 'identity', `${vat}.Document`);
          for (const problem of found)
            problems.push({
              ...problem,
              level: isDefault ? problem.level : 'warning',
              file,
              subject: `${arn} version ${versionId}`,
            });
          const version: PolicyVersion = { versionId, isDefault, document };
          const createDate = read.optionalString(v, 'CreateDate', vat);
          if (createDate) version.createDate = createDate;
          return version;
        });
      const inForce = versions.find((v) => v.isDefault);
      if (!inForce) {
        problems.push({
          level: 'error',
          file,
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
      const optional = { id: 'PolicyId', createDate: 'CreateDate', updateDate: 'UpdateDate' } as const;
      for (const [field, key] of Object.entries(optional)) {
        const value = read.optionalString(p, key, at);
        if (value) policy[field as keyof typeof optional] = value;
      }
      if (defaultVersionId) policy.defaultVersionId = defaultVersionId;
      const attachments = read.optionalNumber(p, 'AttachmentCount', at);
      if (attachments !== undefined) policy.attachmentCount = attachments;
      const boundaryUses = read.optionalNumber(p, 'PermissionsBoundaryUsageCount', at);
      if (boundaryUses !== undefined) policy.permissionsBoundaryUsageCount = boundaryUses;
      details.policies.push(policy);
    });
  });

  const last = pages[pages.length - 1] as Record<string, unknown>;
  if (last.IsTruncated === true) {
    gaps.push({
      source: file,
      reason: 'incomplete',
      api: 'iam:GetAccountAuthorizationDetails',
      message:
        'the last page says IsTruncated: true, so later pages are missing; principals and policies on them are not analysed',
    });
  }
  return { details, problems, gaps };
}
