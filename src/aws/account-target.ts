import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';

/** One account to collect. Without `roleArn` the hub's own credentials (the default chain) are used. */
export interface AccountTarget {
  /** 12-digit account id; checked against sts:GetCallerIdentity once the credentials are in hand. */
  id?: string;
  name?: string;
  roleArn?: string;
  externalId?: string;
  sessionName?: string;
  /** Regions for EC2, Lambda and CloudTrail; default: every region enabled in the account (ec2:DescribeRegions). */
  regions?: string[];
}

export const DEFAULT_SESSION_NAME = 'rightsize-collect';

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;
// sts:AssumeRole's RoleSessionName and ExternalId character sets.
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const FIELDS = ['id', 'name', 'roleArn', 'externalId', 'sessionName', 'regions'];

/** The account id a role ARN belongs to. */
export function accountOfRoleArn(roleArn: string): string | undefined {
  return ROLE_ARN.exec(roleArn)?.[1];
}

/**
 * Checks one account entry (from an accounts file or assembled from command-line options) and fills in
 * the account id from the role ARN. `where` names the entry in error messages.
 */
export function validateAccountTarget(raw: unknown, where: string): AccountTarget {
  const fail = (detail: string): never => {
    throw new ConfigError(undefined, [{ path: where, message: detail }], {
      hint: 'an account is { id, name?, roleArn?, externalId?, sessionName?, regions? } (README, "Live collection")',
    });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('expected an object');
  const entry = raw as Record<string, unknown>;
  const unknown = Object.keys(entry).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) fail(`unknown field ${unknown.join(', ')} (fields: ${FIELDS.join(', ')})`);
  const text = (key: string, pattern: RegExp, what: string): string | undefined => {
    const value = entry[key];
    if (value === undefined) return undefined;
    // YAML reads an unquoted id as a number, which loses leading zeros: only a 12-digit number is safe.
    const asText = typeof value === 'number' && key === 'id' ? String(value) : value;
    if (typeof asText !== 'string' || !pattern.test(asText))
      fail(
        `${key}: expected ${what}, got ${JSON.stringify(value)}${typeof value === 'number' ? " (quote account ids in YAML: '012345678901')" : ''}`,
      );
    return asText as string;
  };
  const target: AccountTarget = {};
  const id = text('id', ACCOUNT_ID, 'a 12-digit AWS account id');
  const roleArn = text('roleArn', ROLE_ARN, 'an IAM role ARN (arn:aws:iam::123456789012:role/name)');
  const roleAccount = roleArn && accountOfRoleArn(roleArn);
  if (id && roleAccount && id !== roleAccount) fail(`id ${id} does not match the account of roleArn (${roleAccount})`);
  if (id ?? roleAccount) target.id = (id ?? roleAccount) as string;
  const name = entry.name;
  if (name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') fail(`name: expected a non-empty string`);
    target.name = name as string;
  }
  if (roleArn) target.roleArn = roleArn;
  const externalId = text('externalId', EXTERNAL_ID, 'an external id (2-1224 characters: letters, digits, +=,.@:/-)');
  const sessionName = text('sessionName', SESSION_NAME, 'a session name (2-64 characters: letters, digits, +=,.@-)');
  if ((externalId || sessionName) && !roleArn) fail('externalId and sessionName need a roleArn to assume');
  if (externalId) target.externalId = externalId;
  if (sessionName) target.sessionName = sessionName;
  if (entry.regions !== undefined) {
    const regions = entry.regions;
    if (!Array.isArray(regions) || regions.length === 0) fail('regions: expected a non-empty list of region names');
    (regions as unknown[]).forEach((r, i) => {
      if (typeof r !== 'string' || !REGION.test(r)) fail(`regions[${i}]: expected a region name such as eu-west-1`);
    });
    target.regions = regions as string[];
  }
  return target;
}

/**
 * Parses an accounts file: JSON or YAML, either a list of accounts or `{ accounts: [...] }`.
 * `file` is only used in messages.
 */
export function parseAccountsFile(text: string, file: string): AccountTarget[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ConfigError(file, [{ path: '', message: `not valid JSON or YAML: ${(e as Error).message}` }], {
      cause: e,
      hint: 'write a list of accounts, e.g. "accounts: [{ id: \'123456789012\', roleArn: … }]"',
    });
  }
  const list =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>).accounts : raw;
  if (!Array.isArray(list) || list.length === 0)
    throw new ConfigError(
      file,
      [{ path: '', message: 'expected a non-empty list of accounts (or { accounts: [...] })' }],
      {
        hint: 'each account is { id, name?, roleArn?, externalId?, sessionName?, regions? }',
      },
    );
  const targets = list.map((entry, i) => validateAccountTarget(entry, `${file} accounts[${i}]`));
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    if (!t.id) throw new ConfigError(file, [{ path: `accounts[${i}]`, message: 'needs an id or a roleArn' }]);
    if (seen.has(t.id))
      throw new ConfigError(file, [{ path: `accounts[${i}]`, message: `account ${t.id} is listed twice` }]);
    seen.add(t.id);
  });
  return targets;
}

/** How the account is named in messages: "prod (123456789012)". */
export function describeTarget(target: AccountTarget): string {
  if (target.name && target.id) return `${target.name} (${target.id})`;
  return target.name ?? target.id ?? 'the current credentials’ account';
}
