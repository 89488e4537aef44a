import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { describeTarget, parseAccountsFile, validateAccountTarget, type AccountTarget } from '../aws/account-target.js';
import type { CollectedAccount } from '../aws/index.js';
import { STAGES, type Stage } from '../aws/stage-names.js';
import type { CommandContext } from './context.js';
import { list, positiveInteger as positive } from './options.js';
import { ConfigError, RightsizeError, UsageError } from '../errors.js';
import { removeOrganizationFile, writeOrganizationFile } from '../organization/file.js';
import { ORGANIZATION_FILE, type OrganizationSnapshot } from '../organization/types.js';
import { buildSnapshot, writeSnapshotDir, type AccountSnapshot, type CollectionGap } from '../snapshot/index.js';

interface CollectCliOptions {
  out: string;
  accountsFile?: string;
  account?: string[];
  all?: boolean;
  organization?: boolean;
  organizationRole?: string;
  roleArn?: string;
  roleName?: string;
  externalId?: string;
  sessionName?: string;
  regions?: string[];
  skip?: string[];
  cloudtrailDays: number;
  cloudtrailLake?: string;
  cloudtrailLakeRegion?: string;
  concurrency: number;
  stageTimeout: number;
  maxAttempts: number;
  pollInterval: number;
}

/** `rightsize collect`: live AWS accounts into snapshot directories; exit 1 when one could not be collected at all. */
export function register(command: Command, ctx: CommandContext): void {
  command
    .requiredOption('-o, --out <dir>', 'snapshot directory to write (one account), or parent of one per account')
    .option(
      '--accounts-file <file>',
      'JSON or YAML list of accounts: { id, name, roleArn, externalId, sessionName, regions }',
    )
    .option('--account <ids>', 'only these account ids (from the accounts file, or with --role-name)', list)
    .option('--all', 'every account in the accounts file (and the organisation, unless --no-organization)')
    .option('--organization', `also read the AWS Organization (tree, SCPs, RCPs) into <out>/${ORGANIZATION_FILE}`)
    .option('--no-organization', 'with --all: leave the organisation out')
    .option(
      '--organization-role <arn>',
      'read the organisation through this role (management account or delegated administrator; default: the current credentials)',
    )
    .option('--role-arn <arn>', 'collect the account of this role, assumed with sts:AssumeRole')
    .option('--role-name <name>', 'with --account: assume arn:aws:iam::<id>:role/<name> in each account')
    .option('--external-id <id>', 'sts:ExternalId for --role-arn / --role-name')
    .option('--session-name <name>', 'role session name (default rightsize-collect)')
    .option('--regions <names>', 'regions for EC2, Lambda and CloudTrail (default: every enabled region)', list)
    .addOption(new Option('--skip <stages>', `leave out stages (${STAGES.join(', ')})`).argParser(list))
    .addOption(
      new Option('--cloudtrail-days <n>', 'CloudTrail lookback and retention in days').argParser(positive).default(90),
    )
    .option('--cloudtrail-lake <event-data-store>', 'read CloudTrail events from this CloudTrail Lake event data store')
    .option('--cloudtrail-lake-region <region>', 'region of the event data store (default: AWS_REGION or us-east-1)')
    .addOption(
      new Option('--concurrency <n>', 'parallel regions and access-advisor jobs').argParser(positive).default(4),
    )
    .addOption(new Option('--stage-timeout <seconds>', 'time limit of each stage').argParser(positive).default(900))
    .addOption(
      new Option('--max-attempts <n>', 'attempts per AWS call (adaptive retry)').argParser(positive).default(10),
    )
    .addOption(
      new Option('--poll-interval <ms>', 'first wait between polls of AWS jobs').argParser(positive).default(1000),
    )
    .action(async (opts: CollectCliOptions) => {
      const skip = new Set(opts.skip ?? []);
      const unknown = [...skip].filter((s) => !(STAGES as readonly string[]).includes(s));
      if (unknown.length > 0) throw new UsageError(`unknown stage ${unknown.join(', ')}; stages: ${STAGES.join(', ')}`);
      if (opts.regions) {
        try {
          validateAccountTarget({ regions: opts.regions }, '--regions');
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      }
      const targets = await selectTargets(opts);
      const organizationTarget = organizationTargetOf(opts);
      // The AWS SDK loads now that there is something to collect, not for `collect --help`.
      const {
        ApiCallCounter,
        collectAccount,
        collectOrganizationSnapshot,
        readCloudTrailState,
        resolveHomeRegion,
        writeCloudTrailCursor,
      } = await import('../aws/index.js');
      const counter = new ApiCallCounter();
      const homeRegion = await resolveHomeRegion();
      // The organisation first, once: an account collected after it carries its gaps when it could not be read.
      let organizationGaps: CollectionGap[] = [];
      if (organizationTarget) {
        const organization = await collectOrganizationSnapshot(organizationTarget, {
          clients: { homeRegion, maxAttempts: opts.maxAttempts, counter },
          concurrency: opts.concurrency,
          stageTimeLimitMs: opts.stageTimeout * 1000,
          now: ctx.now,
        });
        if (organization.ok) {
          const file = await writeOrganizationFile(opts.out, organization.snapshot);
          ctx.stdout(organizationSummary(organization.snapshot, file));
        } else {
          organizationGaps = organization.gaps;
          // A file from an earlier run would be taken for today's organisation.
          await removeOrganizationFile(opts.out);
          ctx.stderr(`rightsize: ${organization.gaps.map((g) => g.message).join('; ')}`);
        }
      }
      let failures = 0;
      for (const target of targets) {
        const started = ctx.now().getTime();
        const callsBefore = counter.totalCalls;
        const requestsBefore = counter.totalRequests;
        try {
          // --all keeps one directory per account even for one: the layout an organisation's scans expect.
          const dir = targets.length === 1 && !opts.all ? opts.out : join(opts.out, target.id ?? 'account');
          const previous = skip.has('cloudtrail') ? undefined : await readCloudTrailState(dir);
          const collected = await collectAccount(target, {
            clients: { homeRegion, maxAttempts: opts.maxAttempts, counter },
            skip: skip as Set<Stage>,
            ...(opts.regions && { regions: opts.regions }),
            concurrency: opts.concurrency,
            stageTimeLimitMs: opts.stageTimeout * 1000,
            pollDelayMs: opts.pollInterval,
            cloudTrail: {
              lookbackDays: opts.cloudtrailDays,
              ...(previous && { previous }),
              ...(opts.cloudtrailLake && {
                lake: {
                  dataStore: opts.cloudtrailLake,
                  ...(opts.cloudtrailLakeRegion && { region: opts.cloudtrailLakeRegion }),
                },
              }),
            },
            now: ctx.now,
          });
          // The same normalisation `scan` applies to the directory, before anything is written: what AWS
          // returned must load, and the summary counts what a scan will see.
          // The same list as snapshot.json's gaps.
          collected.gaps.push(...organizationGaps);
          const snapshot = buildSnapshot({ ...collected.files, fallbackCollectedAt: ctx.now().toISOString() });
          await writeSnapshotDir(dir, collected.files);
          await writeCloudTrailCursor(dir, collected.cloudTrailCursor);
          const seconds = (ctx.now().getTime() - started) / 1000;
          ctx.stdout(
            summary(target, collected, snapshot, dir, {
              calls: counter.totalCalls - callsBefore,
              requests: counter.totalRequests - requestsBefore,
              seconds,
            }),
          );
        } catch (e) {
          if (!(e instanceof RightsizeError) || e instanceof UsageError) throw e;
          failures++;
          ctx.stderr(`rightsize: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`);
        }
      }
      if (failures > 0) {
        ctx.stderr(`rightsize: ${failures} of ${targets.length} account(s) not collected`);
        ctx.setExitCode(1);
      }
    });
}

/**
 * Where to read the organisation from, when it is read: `--all` reads it unless --no-organization; a single run
 * only with --organization (or --organization-role). The current credentials unless a role is named.
 */
function organizationTargetOf(opts: CollectCliOptions): AccountTarget | undefined {
  const wanted = opts.organizationRole !== undefined || (opts.organization ?? opts.all === true);
  if (opts.organization === false && opts.organizationRole !== undefined)
    throw new UsageError('--organization-role reads the organisation; leave out --no-organization');
  if (!wanted) return undefined;
  if (opts.organizationRole === undefined) return {};
  return validateAccountTarget(
    {
      roleArn: opts.organizationRole,
      ...(opts.externalId && { externalId: opts.externalId }),
      ...(opts.sessionName && { sessionName: opts.sessionName }),
    },
    '--organization-role',
  );
}

function organizationSummary(snapshot: OrganizationSnapshot, file: string): string {
  const count = (type: string) => snapshot.policies.filter((p) => p.Type === type).length;
  const lines = [
    `organisation ${snapshot.organization.Id} (management account ${snapshot.organization.MasterAccountId}) → ${file}`,
    `  ${snapshot.organizationalUnits.length} OUs, ${snapshot.accounts.length} accounts, ${count('SERVICE_CONTROL_POLICY')} SCPs, ${count('RESOURCE_CONTROL_POLICY')} RCPs`,
  ];
  if (snapshot.gaps.length === 0) lines.push('  complete');
  else {
    lines.push(`  ${snapshot.gaps.length} gap(s):`);
    for (const g of snapshot.gaps) lines.push(`    - ${g.message}${g.api ? ` [${g.api}]` : ''}`);
  }
  return lines.join('\n');
}

/**
 * The accounts to collect: from the accounts file (--all, --account, or its only account), from --role-arn,
 * from --account with --role-name, or else the account of the current credentials.
 */
async function selectTargets(opts: CollectCliOptions): Promise<AccountTarget[]> {
  const roleOptions = {
    ...(opts.externalId && { externalId: opts.externalId }),
    ...(opts.sessionName && { sessionName: opts.sessionName }),
  };
  if (opts.accountsFile) {
    if (opts.roleArn || opts.roleName)
      throw new UsageError('--accounts-file names the roles; leave out --role-arn and --role-name');
    let text: string;
    try {
      text = await readFile(opts.accountsFile, 'utf8');
    } catch (e) {
      throw new ConfigError(opts.accountsFile, [{ path: '', message: `cannot be read: ${(e as Error).message}` }], {
        cause: e,
      });
    }
    const all = parseAccountsFile(text, opts.accountsFile);
    if (opts.all) return all;
    if (opts.account) {
      const missing = opts.account.filter((id) => !all.some((t) => t.id === id));
      if (missing.length > 0)
        throw new UsageError(
          `account ${missing.join(', ')} is not in ${opts.accountsFile} (${all.map((t) => t.id).join(', ')})`,
        );
      return all.filter((t) => opts.account?.includes(t.id ?? ''));
    }
    if (all.length === 1) return all;
    throw new UsageError(`${opts.accountsFile} lists ${all.length} accounts: choose with --account ID or --all`);
  }
  if (opts.all) throw new UsageError('--all needs --accounts-file');
  if (opts.roleArn) {
    if (opts.roleName) throw new UsageError('give either --role-arn or --role-name');
    const target = validateAccountTarget({ roleArn: opts.roleArn, ...roleOptions }, '--role-arn');
    if (opts.account && (opts.account.length !== 1 || opts.account[0] !== target.id))
      throw new UsageError(
        `--account ${opts.account.join(',')} does not match the account of --role-arn (${target.id})`,
      );
    return [target];
  }
  if (opts.roleName) {
    if (!opts.account) throw new UsageError('--role-name needs --account with the account ids');
    return opts.account.map((id) =>
      validateAccountTarget(
        { id, roleArn: `arn:aws:iam::${id}:role/${opts.roleName}`, ...roleOptions },
        `--account ${id}`,
      ),
    );
  }
  if (opts.externalId || opts.sessionName)
    throw new UsageError('--external-id and --session-name need a role to assume');
  if (opts.account && opts.account.length > 1)
    throw new UsageError('several --account ids need --role-name or an --accounts-file to reach them');
  return [opts.account ? validateAccountTarget({ id: opts.account[0] }, '--account') : {}];
}

function summary(
  target: AccountTarget,
  collected: CollectedAccount,
  snapshot: AccountSnapshot,
  dir: string,
  cost: { calls: number; requests: number; seconds: number },
): string {
  const auth = snapshot.authorizationDetails;
  const parts = [
    `${auth.users.length} users, ${auth.roles.length} roles, ${auth.groups.length} groups, ${auth.policies.length} managed policies`,
    snapshot.credentialReport && `credential report (${snapshot.credentialReport.length} rows)`,
    snapshot.instances && `${snapshot.instances.length} EC2 instances`,
    snapshot.functions && `${snapshot.functions.length} Lambda functions`,
    snapshot.lastAccessed && `access advisor for ${Object.keys(snapshot.lastAccessed).length} principals`,
    snapshot.events && `${snapshot.events.length} CloudTrail events`,
  ].filter(Boolean);
  const lines = [
    `${describeTarget({ ...target, id: collected.accountId })} → ${dir}`,
    `  ${parts.join('; ')}`,
    `  ${collected.regions.length} region(s); ${cost.calls} AWS API calls (${cost.requests} HTTP requests) in ${cost.seconds.toFixed(1)} s`,
  ];
  if (snapshot.gaps.length === 0) lines.push('  complete: nothing the scan needs is missing');
  else {
    lines.push(`  ${snapshot.gaps.length} gap(s): the scan will say what it could not check`);
    for (const g of snapshot.gaps) lines.push(`    - ${g.source}: ${g.message}${g.api ? ` [${g.api}]` : ''}`);
  }
  return lines.join('\n');
}
