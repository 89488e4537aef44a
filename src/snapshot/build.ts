import { SnapshotError } from '../errors.js';
import { normaliseAuthorizationDetails } from './authorization-details.js';
import { parseCredentialReport } from './credential-report.js';
import { normaliseFunctions, normaliseInstances } from './compute.js';
import { checkReferences } from './references.js';
import { ShapeReader } from './shape.js';
import { SNAPSHOT_FILES, type AccountSnapshot, type CollectionGap } from './types.js';
import { normaliseCloudTrailEvents, normaliseLastAccessed } from './usage-sources.js';
import { normaliseCloudTrailLakeRows } from './cloudtrail-lake.js';

/** The raw contents of a snapshot directory (parsed JSON, CSV text), before normalisation. */
export interface RawSnapshot {
  authorizationDetails: unknown;
  credentialReportCsv?: string;
  instances?: unknown;
  functions?: unknown;
  lastAccessed?: unknown;
  events?: unknown;
  lakeEvents?: unknown;
  meta?: unknown;
  /** Used when snapshot.json gives no collection time (e.g. the authorization file's mtime). */
  fallbackCollectedAt: string;
}

const OPTIONAL_SOURCES: { key: keyof RawSnapshot; file: string; what: string }[] = [
  {
    key: 'credentialReportCsv',
    file: SNAPSHOT_FILES.credentialReport,
    what: 'the credential report (passwords, MFA, access keys, root)',
  },
  { key: 'instances', file: SNAPSHOT_FILES.instances, what: 'EC2 instances' },
  { key: 'functions', file: SNAPSHOT_FILES.functions, what: 'Lambda functions' },
  { key: 'lastAccessed', file: SNAPSHOT_FILES.lastAccessed, what: 'IAM access advisor (service last accessed)' },
  { key: 'events', file: SNAPSHOT_FILES.events, what: 'CloudTrail events' },
];

/** Normalises a raw snapshot. Pure: the loader and the live collectors both end here. */
export function buildSnapshot(raw: RawSnapshot): AccountSnapshot {
  const auth = normaliseAuthorizationDetails(raw.authorizationDetails, SNAPSHOT_FILES.authorizationDetails);
  const meta = readMeta(raw.meta);
  const gaps: CollectionGap[] = [...meta.gaps, ...auth.gaps];
  for (const source of OPTIONAL_SOURCES) {
    // CloudTrail Lake results stand in for lookup-events: with them, the events are not missing.
    const replaced = source.key === 'events' && raw.lakeEvents !== undefined;
    if (raw[source.key] === undefined && !replaced && !gaps.some((g) => g.source === source.file))
      gaps.push({ source: source.file, reason: 'missing', message: `${source.what}: not in the snapshot` });
  }
  const ownAccounts = accountsOfPrincipals(auth.details);
  if (meta.accountId && ownAccounts.size > 0 && !ownAccounts.has(meta.accountId))
    // Finding ids and "external" trust are keyed on the account: a wrong id would change every one of them.
    throw new SnapshotError(
      SNAPSHOT_FILES.meta,
      '$.accountId',
      `says account ${meta.accountId}, but the principals in ${SNAPSHOT_FILES.authorizationDetails} are in ${[...ownAccounts].join(', ')}`,
      { hint: `correct accountId in ${SNAPSHOT_FILES.meta}, or leave it out: it is read from the ARNs` },
    );
  const accountId = meta.accountId ?? accountIdFrom(auth.details) ?? 'unknown';
  const snapshot: AccountSnapshot = {
    accountId,
    collectedAt: meta.collectedAt ?? raw.fallbackCollectedAt,
    authorizationDetails: auth.details,
    gaps,
    problems: [...auth.problems, ...checkReferences(auth.details, SNAPSHOT_FILES.authorizationDetails)],
  };
  if (meta.accountAlias) snapshot.accountAlias = meta.accountAlias;
  if (meta.organizationAccountIds) snapshot.organizationAccountIds = meta.organizationAccountIds;
  if (raw.credentialReportCsv !== undefined)
    snapshot.credentialReport = parseCredentialReport(raw.credentialReportCsv, SNAPSHOT_FILES.credentialReport);
  if (raw.instances !== undefined) snapshot.instances = normaliseInstances(raw.instances, SNAPSHOT_FILES.instances);
  if (raw.functions !== undefined) snapshot.functions = normaliseFunctions(raw.functions, SNAPSHOT_FILES.functions);
  if (raw.lastAccessed !== undefined)
    snapshot.lastAccessed = normaliseLastAccessed(raw.lastAccessed, SNAPSHOT_FILES.lastAccessed);
  if (raw.events !== undefined) snapshot.events = normaliseCloudTrailEvents(raw.events, SNAPSHOT_FILES.events);
  // Lake is an alternative to lookup-events, not a gap when absent.
  if (raw.lakeEvents !== undefined)
    snapshot.lakeEvents = normaliseCloudTrailLakeRows(raw.lakeEvents, SNAPSHOT_FILES.lakeEvents);
  return snapshot;
}

interface Meta {
  accountId?: string;
  collectedAt?: string;
  accountAlias?: string;
  organizationAccountIds?: string[];
  gaps: CollectionGap[];
}

/** A list of gaps as snapshot.json (and organization.json) hold them; absent is none. */
export function readGaps(read: ShapeReader, value: unknown, path: string): CollectionGap[] {
  return read.optionalArray(value, path).map((rawGap, i) => {
    const at = `${path}[${i}]`;
    const g = read.object(rawGap, at);
    const gap: CollectionGap = {
      source: read.string(g, 'source', at),
      reason: read.string(g, 'reason', at) as CollectionGap['reason'],
      message: read.string(g, 'message', at),
    };
    const api = read.optionalString(g, 'api', at);
    if (api) gap.api = api;
    const region = read.optionalString(g, 'region', at);
    if (region) gap.region = region;
    return gap;
  });
}

function readMeta(raw: unknown): Meta {
  if (raw === undefined) return { gaps: [] };
  const read: ShapeReader = new ShapeReader(SNAPSHOT_FILES.meta);
  const meta = read.object(raw, '$');
  const result: Meta = {
    gaps: readGaps(read, meta.gaps, '$.gaps'),
  };
  const accountId = read.optionalString(meta, 'accountId', '$');
  if (accountId !== undefined) {
    if (!/^\d{12}$/.test(accountId)) read.fail('$.accountId', `expected a 12-digit AWS account id, got "${accountId}"`);
    result.accountId = accountId;
  }
  const collectedAt = read.optionalString(meta, 'collectedAt', '$');
  if (collectedAt !== undefined) {
    if (Number.isNaN(Date.parse(collectedAt))) read.fail('$.collectedAt', `expected an ISO time, got "${collectedAt}"`);
    result.collectedAt = new Date(collectedAt).toISOString();
  }
  const alias = read.optionalString(meta, 'accountAlias', '$');
  if (alias) result.accountAlias = alias;
  if (meta.organizationAccountIds !== undefined)
    result.organizationAccountIds = read.array(meta.organizationAccountIds, '$.organizationAccountIds').map((id, i) => {
      if (typeof id !== 'string' || !/^\d{12}$/.test(id))
        read.fail(`$.organizationAccountIds[${i}]`, `expected a 12-digit AWS account id, got ${JSON.stringify(id)}`);
      return id;
    });
  return result;
}

/** The accounts in the ARNs of the users, groups and roles (GetAccountAuthorizationDetails lists only its own). */
function accountsOfPrincipals(details: AccountSnapshot['authorizationDetails']): Set<string> {
  const accounts = new Set<string>();
  for (const entity of [...details.roles, ...details.users, ...details.groups]) {
    const account = entity.arn.split(':')[4];
    if (account && /^\d{12}$/.test(account)) accounts.add(account);
  }
  return accounts;
}

function accountIdFrom(details: AccountSnapshot['authorizationDetails']): string | undefined {
  for (const entity of [...details.roles, ...details.users, ...details.groups]) {
    const account = entity.arn.split(':')[4];
    if (account && /^\d{12}$/.test(account)) return account;
  }
  const local = details.policies.find((p) => !p.awsManaged);
  return local?.arn.split(':')[4];
}
