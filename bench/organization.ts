/**
 * `npx tsx bench/organization.ts [--accounts 200] [--principals 500] [--bases 8] [--runs 1] [--json]`: an organisation of
 * generated accounts, scanned as independent jobs and joined (README, "Organisations": scaling as independent jobs).
 *
 * The accounts: `--bases` snapshots from bench/generate-org.ts (seeds 1…bases, `--principals` each), each copied under
 * its own account id (the ids rewritten in every file), with the organisation's cross-account trust added:
 * - the hub (the first account): role ci-deployer, which user release-bot may become, may call sts:AssumeRole on
 *   `arn:aws:iam::*:role/org-deploy`; every other account has org-deploy, an administrator trusting hub/ci-deployer;
 * - pairs of accounts (0↔1, 2↔3, …) each have peer-audit, trusting the partner's root and allowed to assume the
 *   partner's peer-audit: a loop of trust between two accounts;
 * - every account has break-glass, an administrator trusting an account outside the organisation (not joined);
 * - and what the generated accounts hold already: roles trusting partner accounts, AdministratorAccess and
 *   PowerUserAccess (sts:AssumeRole on `*`) holders.
 * Each account is then scanned by its own process, as a scheduler would run it (`rightsize scan --snapshot DIR
 * --summary-out FILE --format json`, the report to /dev/null), and `rightsize organization join` joins the summaries:
 * CPU time, wall time and peak RSS of every process, and the summary sizes. Run `npm run build` first: the jobs run a
 * copy of dist/ (bench/org-job.mjs).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ACCOUNT_ID, generateOrgSnapshot } from './generate-org.js';
import { timeProcess, type Usage } from './whole-process.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '200' },
    principals: { type: 'string', default: '500' },
    bases: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  },
});
const accounts = Number(values.accounts);
const principals = Number(values.principals);
const bases = Math.min(Number(values.bases), accounts);
const root = join('bench', 'out', `organization-${accounts}x${principals}`);
const ids = Array.from({ length: accounts }, (_, i) => `7${String(i + 1).padStart(11, '0')}`);
const HUB = ids[0]!;
const OUTSIDE = '999999999999';

const log = (line: string) => (values.json ? undefined : process.stderr.write(`${line}\n`));

async function generate(): Promise<void> {
  for (let b = 0; b < bases; b++) {
    const dir = join(root, 'bases', String(b));
    if (!existsSync(join(dir, 'authorization-details.json')))
      await generateOrgSnapshot({ outDir: dir, principals, seed: b + 1 });
  }
  if (existsSync(join(root, 'accounts', ids[ids.length - 1]!, 'authorization-details.json'))) return;
  log(`writing ${accounts} accounts under ${root}/accounts …`);
  for (const [i, id] of ids.entries()) {
    const base = join(root, 'bases', String(i % bases));
    const dir = join(root, 'accounts', id);
    await mkdir(dir, { recursive: true });
    for (const file of await readdir(base)) {
      const text = (await readFile(join(base, file), 'utf8')).replaceAll(BENCH_ACCOUNT_ID, id);
      await writeFile(join(dir, file), file === 'authorization-details.json' ? withOrganisationTrust(text, i) : text);
    }
  }
  await writeFile(join(root, 'accounts', 'organization.json'), JSON.stringify(organization()));
}

const document = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const trust = (aws: string) => document({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' });
const assume = (resource: string) => ({
  PolicyName: 'assume',
  PolicyDocument: document({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }),
});
const ADMIN = { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' };

function role(account: string, name: string, trustPolicy: object, inline: object[], managed: object[] = []) {
  return {
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().replace(/\W/g, '')}${account}`.slice(0, 21),
    Arn: `arn:aws:iam::${account}:role/${name}`,
    CreateDate: '2025-01-01T00:00:00+00:00',
    AssumeRolePolicyDocument: trustPolicy,
    InstanceProfileList: [],
    RolePolicyList: inline,
    AttachedManagedPolicies: managed,
    RoleLastUsed: {},
  };
}

function withOrganisationTrust(text: string, i: number): string {
  const details = JSON.parse(text) as {
    UserDetailList: object[];
    RoleDetailList: object[];
    Policies: { Arn: string }[];
  };
  const id = ids[i]!;
  const partner = ids[i ^ 1];
  if (i === 0) {
    details.RoleDetailList.push(
      role(id, 'ci-deployer', trust(`arn:aws:iam::${id}:root`), [assume('arn:aws:iam::*:role/org-deploy')]),
    );
    details.UserDetailList.push({
      Path: '/',
      UserName: 'release-bot',
      UserId: 'AIDARELEASEBOT0000001',
      Arn: `arn:aws:iam::${id}:user/release-bot`,
      CreateDate: '2025-01-01T00:00:00+00:00',
      UserPolicyList: [assume(`arn:aws:iam::${id}:role/ci-deployer`)],
      GroupList: [],
      AttachedManagedPolicies: [],
    });
  } else
    details.RoleDetailList.push(role(id, 'org-deploy', trust(`arn:aws:iam::${HUB}:role/ci-deployer`), [], [ADMIN]));
  if (partner)
    details.RoleDetailList.push(
      role(id, 'peer-audit', trust(`arn:aws:iam::${partner}:root`), [
        assume(`arn:aws:iam::${partner}:role/peer-audit`),
      ]),
    );
  details.RoleDetailList.push(role(id, 'break-glass', trust(`arn:aws:iam::${OUTSIDE}:root`), [], [ADMIN]));
  if (!details.Policies.some((p) => p.Arn === ADMIN.PolicyArn))
    details.Policies.push({
      PolicyName: 'AdministratorAccess',
      PolicyId: 'ANPAADMINISTRATORACCESS',
      Arn: ADMIN.PolicyArn,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      IsAttachable: true,
      PolicyVersionList: [
        {
          Document: document({ Effect: 'Allow', Action: '*', Resource: '*' }),
          VersionId: 'v1',
          IsDefaultVersion: true,
          CreateDate: '2015-02-06T18:39:46+00:00',
        },
      ],
    } as unknown as { Arn: string });
  return JSON.stringify(details);
}

function organization() {
  const units = ['Prod', 'Staging', 'Dev', 'Sandbox'];
  return {
    version: 1,
    collectedAt: '2025-06-01T12:00:00Z',
    organization: { Id: 'o-benchorg01', MasterAccountId: '700000000000', FeatureSet: 'ALL' },
    roots: [{ Id: 'r-bench', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
    organizationalUnits: [
      { Id: 'ou-workloads', Name: 'Workloads', ParentId: 'r-bench' },
      ...units.map((name) => ({ Id: `ou-${name.toLowerCase()}`, Name: name, ParentId: 'ou-workloads' })),
    ],
    accounts: ids.map((Id, i) => ({
      Id,
      Name: i === 0 ? 'ci-hub' : `account-${i}`,
      Status: 'ACTIVE',
      ParentId: i === 0 ? 'r-bench' : `ou-${units[i % units.length]!.toLowerCase()}`,
    })),
    policies: [],
    gaps: [],
  };
}

interface Spread {
  min: number;
  median: number;
  max: number;
  total: number;
}
const spread = (xs: number[]): Spread => {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    min: sorted[0]!,
    median: sorted[Math.floor(sorted.length / 2)]!,
    max: sorted[sorted.length - 1]!,
    total: xs.reduce((a, b) => a + b, 0),
  };
};

await generate();
// The jobs run a copy of the build: vitest's global setup rebuilds dist/, and a job must not see half of a build.
const dist = join(root, 'dist');
await rm(dist, { recursive: true, force: true });
await cp('dist', dist, { recursive: true });
const JOB = ['bench/org-job.mjs'];
const env = { RIGHTSIZE_DIST: dist };
const summaries = join(root, 'summaries');
await rm(summaries, { recursive: true, force: true });
await mkdir(summaries, { recursive: true });
const jobs: (Usage & { summaryBytes: number })[] = [];
for (const [n, id] of ids.entries()) {
  const file = join(summaries, `${id}.json`);
  const usage = await timeProcess(
    process.execPath,
    [...JOB, 'scan', '--snapshot', join(root, 'accounts', id), '--summary-out', file, '--format', 'json'],
    env,
  );
  jobs.push({ ...usage, summaryBytes: (await stat(file)).size });
  if ((n + 1) % 20 === 0) log(`  ${n + 1}/${accounts} accounts scanned`);
}
const files = ids.map((id) => join(summaries, `${id}.json`));
const joinArgs = [...JOB, 'organization', 'join', '--organization', join(root, 'accounts', 'organization.json')];
const joined = await timeProcess(process.execPath, [...joinArgs, '--format', 'json', ...files], env);
// The output itself, for the counts (one more run, not timed).
const { execFileSync } = await import('node:child_process');
const section = JSON.parse(
  execFileSync(process.execPath, [...joinArgs, '--format', 'json', ...files], {
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  }).toString(),
) as { paths: unknown[]; findings: unknown[]; unknownAccounts: string[] };

const figures = {
  accounts,
  principalsPerAccount: principals,
  job: {
    cpuMs: spread(jobs.map((j) => j.cpuMs)),
    wallMs: spread(jobs.map((j) => j.wallMs)),
    peakRssMiB: spread(jobs.map((j) => j.peakRssMiB)),
    summaryKiB: spread(jobs.map((j) => j.summaryBytes / 1024)),
  },
  join: {
    cpuMs: joined.cpuMs,
    wallMs: joined.wallMs,
    peakRssMiB: joined.peakRssMiB,
    paths: section.paths.length,
    findings: section.findings.length,
    unknownAccounts: section.unknownAccounts.length,
  },
};
if (values.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
else {
  const f = (s: Spread, unit: string, digits = 0) =>
    `min ${s.min.toFixed(digits)} / median ${s.median.toFixed(digits)} / max ${s.max.toFixed(digits)} ${unit}`;
  log(`organisation of ${accounts} accounts × ${principals} principals`);
  log(`  per-account job (whole process): CPU ${f(figures.job.cpuMs, 'ms')}; wall ${f(figures.job.wallMs, 'ms')}`);
  log(
    `    peak RSS ${f(figures.job.peakRssMiB, 'MiB')}; summary ${f(figures.job.summaryKiB, 'KiB', 1)}, ${(figures.job.summaryKiB.total / 1024).toFixed(1)} MiB in all`,
  );
  log(
    `  join (whole process): CPU ${joined.cpuMs.toFixed(0)} ms, wall ${joined.wallMs.toFixed(0)} ms, peak RSS ${joined.peakRssMiB.toFixed(0)} MiB`,
  );
  log(
    `    ${figures.join.paths} cross-account paths, ${figures.join.findings} findings, ${figures.join.unknownAccounts} trusted accounts not joined`,
  );
}
