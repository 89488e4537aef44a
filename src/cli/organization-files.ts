import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SnapshotError } from '../errors.js';
import { ORGANIZATION_FILE } from '../organization/types.js';
import { parseJsonFile } from '../snapshot/shape.js';
import { SNAPSHOT_FILES } from '../snapshot/types.js';
import { SUMMARY_FORMAT, SUMMARY_FORMAT_VERSION, type AccountSummary } from '../org-graph/types.js';

/** What `scan --snapshot DIR` finds in DIR: one account, or an organisation (organization.json and account directories). */
export type SnapshotLayout =
  { kind: 'account'; dir: string } | { kind: 'organization'; organizationFile: string; accountDirs: string[] };

export async function snapshotLayout(dir: string): Promise<SnapshotLayout> {
  if (await isFile(join(dir, SNAPSHOT_FILES.authorizationDetails))) return { kind: 'account', dir };
  const organizationFile = join(dir, ORGANIZATION_FILE);
  if (!(await isFile(organizationFile))) return { kind: 'account', dir };
  const entries = await readdir(dir, { withFileTypes: true });
  const accountDirs: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name)))
    if (await isFile(join(dir, entry.name, SNAPSHOT_FILES.authorizationDetails)))
      accountDirs.push(join(dir, entry.name));
  if (accountDirs.length === 0)
    throw new SnapshotError(dir, undefined, `holds ${ORGANIZATION_FILE} but no account directory`, {
      hint: 'an organisation snapshot is organization.json next to one directory per account (rightsize collect --all)',
    });
  return { kind: 'organization', organizationFile, accountDirs };
}

/** Writes a summary whole (renamed into place), so a job killed midway leaves no half file for the join. */
export async function writeSummary(path: string, summary: AccountSummary): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(summary)}\n`);
  await rename(`${path}.tmp`, path);
}

export async function readSummary(path: string): Promise<AccountSummary> {
  const raw = parseJsonFile(
    await readText(path, 'write it with `rightsize scan --snapshot DIR --summary-out FILE`'),
    path,
  ) as Partial<AccountSummary> | undefined;
  if (raw?.format !== SUMMARY_FORMAT)
    throw new SnapshotError(path, '$.format', `not an account summary (expected format "${SUMMARY_FORMAT}")`, {
      hint: 'pass the files `rightsize scan --summary-out` writes',
    });
  if (raw.version !== SUMMARY_FORMAT_VERSION)
    throw new SnapshotError(
      path,
      '$.version',
      `summary format version ${String(raw.version)}; this Rightsize reads version ${SUMMARY_FORMAT_VERSION}`,
      {
        hint: 'scan the account again with this version of Rightsize',
      },
    );
  if (typeof raw.accountId !== 'string' || !/^\d{12}$/.test(raw.accountId))
    throw new SnapshotError(path, '$.accountId', 'expected a 12-digit account id');
  for (const key of ['trustedRoles', 'callers', 'administrators', 'escalations', 'steps', 'gaps'] as const)
    if (!Array.isArray(raw[key])) throw new SnapshotError(path, `$.${key}`, 'expected a list');
  return raw as AccountSummary;
}

async function readText(path: string, hint: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new SnapshotError(path, undefined, 'cannot be read', { cause: e, hint });
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
