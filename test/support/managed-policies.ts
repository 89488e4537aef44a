import { readFile } from 'node:fs/promises';
import { ACCOUNT, authorizationDetails, managedPolicy, role } from './builders.js';

/**
 * AWS's own managed policies, as the emulator beside the repository ships them (../shared/moto, laid out as
 * CI lays out ../shared/data): moto/iam/aws_managed_policies.py holds them as one JSON object, keyed by
 * policy name, inside a Python triple-quoted string. Read at test time rather than copied: the file is
 * 3.8 MB, and a copy would drift from the emulator the AWS tests run against.
 */
const MOTO_POLICIES = new URL('../../../shared/moto/moto/iam/aws_managed_policies.py', import.meta.url);

export interface AwsManagedPolicy {
  name: string;
  path: string;
  document: unknown;
}

export async function awsManagedPolicies(): Promise<AwsManagedPolicy[]> {
  const text = await readFile(MOTO_POLICIES, 'utf8');
  const start = text.indexOf('"""');
  const end = text.lastIndexOf('"""');
  if (start < 0 || end <= start) throw new Error(`${MOTO_POLICIES.pathname}: no triple-quoted JSON found`);
  const byName = JSON.parse(text.slice(start + 3, end)) as Record<string, { Path: string; Document: unknown }>;
  return Object.entries(byName).map(([name, p]) => ({ name, path: p.Path, document: p.Document }));
}

/**
 * One account holding one role per policy, named after it: each trusts EC2, has no instance profile, and
 * nothing else is in the account, as the precision survey of issue 19 laid it out.
 */
export function corpusAccount(policies: readonly AwsManagedPolicy[]) {
  const arn = (p: AwsManagedPolicy) => `arn:aws:iam::aws:policy${p.path}${p.name}`;
  return authorizationDetails({
    roles: policies.map((p) => role(p.name, { managed: [arn(p)] })),
    policies: policies.map((p) => managedPolicy(p.name, p.document, { arn: arn(p) })),
  });
}

export const corpusRoleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
