import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SnapshotError } from '../errors.js';
import { readGaps } from '../snapshot/build.js';
import { parseJsonFile, ShapeReader } from '../snapshot/shape.js';
import {
  ORGANIZATION_FILE,
  ORGANIZATION_FORMAT_VERSION,
  type OrgAccount,
  type OrganizationSnapshot,
  type OrgPolicy,
  type OrgPolicyType,
  type OrgRoot,
  type OrgUnit,
} from './types.js';

const POLICY_TYPES: readonly OrgPolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
const HINT = 're-run `rightsize collect --organization`, or correct the file (README, "Snapshots")';

/** Writes `<dir>/organization.json` whole (renamed into place); returns its path. */
export async function writeOrganizationFile(dir: string, snapshot: OrganizationSnapshot): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, ORGANIZATION_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(snapshot, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return path;
}

export async function removeOrganizationFile(dir: string): Promise<void> {
  await rm(join(dir, ORGANIZATION_FILE), { force: true });
}

/** The organization.json that belongs to a snapshot directory: its own, else its parent's; undefined when none. */
export async function findOrganizationFile(snapshotDir: string): Promise<string | undefined> {
  for (const dir of [snapshotDir, dirname(snapshotDir)]) {
    const path = join(dir, ORGANIZATION_FILE);
    if ((await readText(path)) !== undefined) return path;
  }
  return undefined;
}

/** Reads and checks an organization.json; a malformed file is a SnapshotError naming the file and the JSON path. */
export async function readOrganizationFile(path: string): Promise<OrganizationSnapshot> {
  const text = await readText(path);
  if (text === undefined)
    throw new SnapshotError(path, undefined, 'no such file', {
      hint: 'write it with `rightsize collect --organization`',
    });
  try {
    return parseOrganization(parseJsonFile(text, path), path);
  } catch (e) {
    if (e instanceof SnapshotError)
      throw new SnapshotError(e.file, e.jsonPath, e.detail, { cause: e.cause, hint: HINT });
    throw e;
  }
}

/** Validates parsed organization.json (version 1) into its typed form. Pure. */
export function parseOrganization(raw: unknown, file: string): OrganizationSnapshot {
  const read: ShapeReader = new ShapeReader(file);
  const top = read.object(raw, '$');
  if (top.version !== ORGANIZATION_FORMAT_VERSION)
    read.fail(
      '$.version',
      `expected format version ${ORGANIZATION_FORMAT_VERSION}, got ${JSON.stringify(top.version)} (this Rightsize reads version ${ORGANIZATION_FORMAT_VERSION})`,
    );
  const collectedAt = read.string(top, 'collectedAt', '$');
  if (Number.isNaN(Date.parse(collectedAt))) read.fail('$.collectedAt', `expected an ISO time, got "${collectedAt}"`);
  const org = read.object(top.organization, '$.organization');
  const organization: OrganizationSnapshot['organization'] = {
    Id: read.string(org, 'Id', '$.organization'),
    MasterAccountId: accountId(read, org, 'MasterAccountId', '$.organization'),
  };
  const arn = read.optionalString(org, 'Arn', '$.organization');
  if (arn) organization.Arn = arn;
  const featureSet = read.optionalString(org, 'FeatureSet', '$.organization');
  if (featureSet) organization.FeatureSet = featureSet;

  const roots = read.optionalArray(top.roots, '$.roots').map((value, i): OrgRoot => {
    const at = `$.roots[${i}]`;
    const r = read.object(value, at);
    const root: OrgRoot = { Id: read.string(r, 'Id', at) };
    const name = read.optionalString(r, 'Name', at);
    if (name) root.Name = name;
    if (r.PolicyTypes !== undefined)
      root.PolicyTypes = read.array(r.PolicyTypes, `${at}.PolicyTypes`).map((t, j) => {
        const tat = `${at}.PolicyTypes[${j}]`;
        const type = read.object(t, tat);
        return { Type: read.string(type, 'Type', tat), Status: read.string(type, 'Status', tat) };
      });
    return root;
  });
  const organizationalUnits = read
    .optionalArray(top.organizationalUnits, '$.organizationalUnits')
    .map((value, i): OrgUnit => {
      const at = `$.organizationalUnits[${i}]`;
      const u = read.object(value, at);
      return {
        Id: read.string(u, 'Id', at),
        Name: read.string(u, 'Name', at),
        ParentId: read.string(u, 'ParentId', at),
      };
    });
  const accounts = read.optionalArray(top.accounts, '$.accounts').map((value, i): OrgAccount => {
    const at = `$.accounts[${i}]`;
    const a = read.object(value, at);
    const account: OrgAccount = { Id: accountId(read, a, 'Id', at), ParentId: read.string(a, 'ParentId', at) };
    for (const key of ['Name', 'Email', 'Status'] as const) {
      const text = read.optionalString(a, key, at);
      if (text) account[key] = text;
    }
    return account;
  });
  const policies = read.optionalArray(top.policies, '$.policies').map((value, i): OrgPolicy => {
    const at = `$.policies[${i}]`;
    const p = read.object(value, at);
    const type = read.string(p, 'Type', at);
    if (!(POLICY_TYPES as readonly string[]).includes(type))
      read.fail(`${at}.Type`, `expected ${POLICY_TYPES.join(' or ')}, got "${type}"`);
    const content = read.string(p, 'Content', at);
    try {
      JSON.parse(content);
    } catch (e) {
      read.fail(`${at}.Content`, `the policy document is not JSON: ${(e as Error).message}`);
    }
    const policy: OrgPolicy = {
      Id: read.string(p, 'Id', at),
      Name: read.string(p, 'Name', at),
      Type: type as OrgPolicyType,
      Content: content,
      Targets: read.optionalArray(p.Targets, `${at}.Targets`).map((t, j) => {
        if (typeof t !== 'string' || t === '') read.fail(`${at}.Targets[${j}]`, 'expected a root, OU or account id');
        return t;
      }),
    };
    if (typeof p.AwsManaged === 'boolean') policy.AwsManaged = p.AwsManaged;
    return policy;
  });
  return {
    version: ORGANIZATION_FORMAT_VERSION,
    collectedAt: new Date(collectedAt).toISOString(),
    organization,
    roots,
    organizationalUnits,
    accounts,
    policies,
    gaps: readGaps(read, top.gaps, '$.gaps'),
  };
}

function accountId(read: ShapeReader, obj: Record<string, unknown>, key: string, at: string): string {
  const id = read.string(obj, key, at);
  if (!/^\d{12}$/.test(id)) read.fail(`${at}.${key}`, `expected a 12-digit AWS account id, got "${id}"`);
  return id;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new SnapshotError(file, undefined, `cannot be read: ${(e as Error).message}`, { cause: e });
  }
}
