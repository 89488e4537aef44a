import { parse } from 'csv-parse/sync';
import { SnapshotError } from '../errors.js';
import { isTime } from './shape.js';
import type { AccessKeyStatus, CredentialReportRow } from './types.js';

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'password_enabled',
  'mfa_active',
  'access_key_1_active',
  'access_key_2_active',
];

/** Parses the IAM credential report (GetCredentialReport's CSV, already base64-decoded). */
export function parseCredentialReport(csv: string, file: string): CredentialReportRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new SnapshotError(file, undefined, `not a valid CSV credential report: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (records.length === 0) throw new SnapshotError(file, undefined, 'the credential report has no rows');
  const missing = REQUIRED_COLUMNS.filter((c) => !(c in records[0]!));
  if (missing.length > 0)
    throw new SnapshotError(file, 'header', `the credential report lacks the column(s) ${missing.join(', ')}`);

  return records.map((r, i) => {
    const row = i + 2; // 1-based, after the header line
    const flag = (column: string) => {
      const value = r[column];
      if (value === 'true') return true;
      if (value === 'false' || value === 'not_supported' || value === 'N/A' || value === undefined) return false;
      throw new SnapshotError(file, `row ${row}, column ${column}`, `expected true or false, got "${value}"`);
    };
    // The report says "N/A", "no_information" or "not_supported" where there is no time; anything else must be one.
    const time = (column: string) => {
      const value = text(r[column]);
      if (value === undefined) return undefined;
      if (!isTime(value))
        throw new SnapshotError(file, `row ${row}, column ${column}`, `expected a date and time, got "${value}"`);
      return new Date(value).toISOString();
    };
    const key = (n: 1 | 2): AccessKeyStatus =>
      compact({
        active: flag(`access_key_${n}_active`),
        lastRotated: time(`access_key_${n}_last_rotated`),
        lastUsedDate: time(`access_key_${n}_last_used_date`),
        lastUsedRegion: text(r[`access_key_${n}_last_used_region`]),
        lastUsedService: text(r[`access_key_${n}_last_used_service`]),
      });
    const cert = (n: 1 | 2) =>
      compact({ active: flag(`cert_${n}_active`), lastRotated: time(`cert_${n}_last_rotated`) });
    return compact({
      user: r.user!,
      arn: r.arn!,
      isRoot: r.user === '<root_account>',
      userCreationTime: time('user_creation_time'),
      passwordEnabled: flag('password_enabled'),
      passwordLastUsed: time('password_last_used'),
      passwordLastChanged: time('password_last_changed'),
      passwordNextRotation: time('password_next_rotation'),
      mfaActive: flag('mfa_active'),
      accessKeys: [key(1), key(2)] as [AccessKeyStatus, AccessKeyStatus],
      certificates: [cert(1), cert(2)] as CredentialReportRow['certificates'],
    });
  });
}

// The report says "N/A", "no_information" or "not_supported" where there is no value.
const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported']);

function text(value: string | undefined): string | undefined {
  return value === undefined || NO_VALUE.has(value) ? undefined : value;
}

function compact<T extends object>(value: T): T {
  for (const k of Object.keys(value) as (keyof T)[]) if (value[k] === undefined) delete value[k];
  return value;
}
