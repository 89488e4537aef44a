import { InvalidArgumentError, Option } from 'commander';

/** Commander parser for "a,b,c". */
export function list(value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list');
  return items;
}

/** Commander parser for a positive whole number. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** --snapshot for commands that read one account: the bundled demo account unless given. */
export function snapshotOption(): Option {
  return new Option(
    '-s, --snapshot <dir>',
    'snapshot directory (AWS CLI output files); default: the bundled demo account',
  );
}

/** --organization for commands that read one account: an organization.json other than the snapshot's own. */
export function organizationFileOption(): Option {
  return new Option(
    '--organization <file>',
    "organization.json to evaluate SCPs and RCPs with (default: the snapshot directory's, else its parent's)",
  );
}
