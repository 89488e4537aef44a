import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CollectError, SnapshotError } from '../errors.js';
import { buildSnapshot, SNAPSHOT_FILES, type CollectionGap, type SnapshotFiles } from '../snapshot/index.js';
import { describeTarget, type AccountTarget } from './account-target.js';
import { callAws, errorText, isAwsUnreachable, UNREACHABLE_HINT } from './aws-error.js';
import { AccountClients, targetCredentials, type AwsClientSettings } from './clients.js';
import { collectAccessAdvisor } from './collectors/access-advisor.js';
import { collectAuthorizationDetails, principalArns } from './collectors/authorization-details.js';
import { collectLookupEvents, type CloudTrailCursor, type CloudTrailWindow } from './collectors/cloudtrail-events.js';
import { collectLakeEvents } from './collectors/cloudtrail-lake.js';
import { collectCredentialReport } from './collectors/credential-report.js';
import { collectInstances } from './collectors/ec2-instances.js';
import { collectFunctions } from './collectors/lambda-functions.js';
import { DESCRIBE_REGIONS_API, enabledRegions } from './collectors/regions.js';
import type { Stage } from './stage-names.js';
import { runStage, stageGap, type StageOutcome } from './stage.js';

export interface CollectOptions {
  clients: AwsClientSettings;
  /** Optional stages to leave out; each becomes a "missing" gap. */
  skip: ReadonlySet<Stage>;
  /** Regions when the target names none; default: every enabled region. */
  regions?: string[];
  /** Concurrent regions, access-advisor jobs and function-URL lookups. */
  concurrency: number;
  stageTimeLimitMs: number;
  /** First wait between polls of credential-report, access-advisor and Lake jobs. */
  pollDelayMs: number;
  cloudTrail: Omit<CloudTrailWindow, 'now'> & { lake?: { dataStore: string; region?: string } };
  now: () => Date;
}

export interface CollectedAccount {
  accountId: string;
  files: SnapshotFiles;
  gaps: CollectionGap[];
  /** Present when CloudTrail events were read: where the next collection continues. */
  cloudTrailCursor?: CloudTrailCursor;
  regions: string[];
}

const STAGE_OF: Record<Stage, { source: string; what: string }> = {
  'credential-report': { source: SNAPSHOT_FILES.credentialReport, what: 'IAM credential report' },
  ec2: { source: SNAPSHOT_FILES.instances, what: 'EC2 instances' },
  lambda: { source: SNAPSHOT_FILES.functions, what: 'Lambda functions' },
  'access-advisor': { source: SNAPSHOT_FILES.lastAccessed, what: 'IAM access advisor' },
  cloudtrail: { source: SNAPSHOT_FILES.events, what: 'CloudTrail management events' },
};

/**
 * Collects one account into the files of a snapshot directory. IAM authorization details are required (without
 * them there is nothing to analyse: CollectError); every other stage that fails becomes a gap.
 */
export async function collectAccount(target: AccountTarget, options: CollectOptions): Promise<CollectedAccount> {
  const clients = new AccountClients(options.clients, targetCredentials(target, options.clients));
  try {
    return await collectWith(clients, target, options);
  } finally {
    clients.destroy();
  }
}

async function collectWith(
  clients: AccountClients,
  target: AccountTarget,
  options: CollectOptions,
): Promise<CollectedAccount> {
  const accountId = await callerAccount(clients, target);
  const collectedAt = options.now();
  const limit = { timeLimitMs: options.stageTimeLimitMs };
  const stage = <T>(name: Stage, collect: Parameters<typeof runStage<T>>[1]): Promise<StageOutcome<T> | undefined> =>
    options.skip.has(name) ? Promise.resolve(undefined) : runStage({ ...STAGE_OF[name], ...limit }, collect);

  const auth = await runStage(
    { source: SNAPSHOT_FILES.authorizationDetails, what: 'IAM authorization details', ...limit },
    (ctx) => collectAuthorizationDetails(clients, ctx),
  );
  if (!auth.ok)
    throw new CollectError(
      `${describeTarget({ ...target, id: accountId })}: ${auth.gaps.map((g) => g.message).join('; ')}`,
      { hint: 'the scanning role needs iam:GetAccountAuthorizationDetails (deploy/scanner-policy.json)' },
    );

  const regionGaps: CollectionGap[] = [];
  const regions = await regionsOf(clients, target, options, regionGaps);
  const window: CloudTrailWindow = { ...options.cloudTrail, now: collectedAt };
  const lake = options.cloudTrail.lake;
  const [report, instances, functions, lastAccessed, events, alias] = await Promise.all([
    stage('credential-report', (ctx) => collectCredentialReport(clients, ctx, options.pollDelayMs)),
    stage('ec2', (ctx) => collectInstances(clients, regions, ctx, options.concurrency)),
    stage('lambda', (ctx) => collectFunctions(clients, regions, ctx, options.concurrency)),
    stage('access-advisor', (ctx) =>
      collectAccessAdvisor(clients, principalArns(auth.value), ctx, {
        concurrency: options.concurrency,
        pollDelayMs: options.pollDelayMs,
      }),
    ),
    stage('cloudtrail', (ctx) =>
      lake
        ? collectLakeEvents(
            clients,
            {
              dataStore: lake.dataStore,
              region: lake.region ?? options.clients.homeRegion,
              accountId,
              pollDelayMs: options.pollDelayMs,
            },
            window,
            ctx,
          )
        : collectLookupEvents(clients, regions, window, ctx, options.concurrency),
    ),
    accountAlias(clients),
  ]);

  const gaps: CollectionGap[] = [...auth.gaps];
  const outcomes: [Stage, StageOutcome<unknown> | undefined][] = [
    ['credential-report', report],
    ['ec2', instances],
    ['lambda', functions],
    ['access-advisor', lastAccessed],
    ['cloudtrail', events],
  ];
  for (const [name, outcome] of outcomes) {
    const { source, what } = STAGE_OF[name];
    if (outcome === undefined) gaps.push({ source, reason: 'missing', message: `${what}: not collected (skipped)` });
    else gaps.push(...outcome.gaps);
    if (name === 'ec2' || name === 'lambda' || (name === 'cloudtrail' && !lake))
      gaps.push(...regionGaps.map((g) => ({ ...g, source })));
  }

  const files: SnapshotFiles = { authorizationDetails: auth.value };
  if (report?.ok) files.credentialReportCsv = report.value;
  if (instances?.ok && instances.value) files.instances = instances.value;
  if (functions?.ok && functions.value) files.functions = functions.value;
  if (lastAccessed?.ok && lastAccessed.value) files.lastAccessed = lastAccessed.value;
  if (events?.ok && events.value) files.events = events.value.events;
  files.meta = {
    accountId,
    collectedAt: collectedAt.toISOString(),
    ...(alias && { accountAlias: alias }),
    gaps,
  };
  dropUnreadable(files, gaps);
  const collected: CollectedAccount = { accountId, files, gaps, regions };
  if (events?.ok && events.value) collected.cloudTrailCursor = events.value.cursor;
  return collected;
}

/** Checks the credentials work (and the role can be assumed) before anything else, and names the account. */
async function callerAccount(clients: AccountClients, target: AccountTarget): Promise<string> {
  let account: string | undefined;
  try {
    account = (
      await callAws('sts:GetCallerIdentity', undefined, () => clients.sts().send(new GetCallerIdentityCommand({})))
    ).Account;
  } catch (e) {
    const cause = (e as Error).cause ?? e;
    if (isAwsUnreachable(cause))
      throw new CollectError(`${describeTarget(target)}: cannot reach AWS: ${errorText(cause)}`, {
        cause: e,
        hint: UNREACHABLE_HINT,
      });
    throw new CollectError(`${describeTarget(target)}: cannot get credentials: ${errorText(cause)}`, {
      cause: e,
      hint: target.roleArn
        ? `check that ${target.roleArn} trusts the hub's identity${target.externalId ? ' with this ExternalId' : ''} and that the hub may call sts:AssumeRole on it`
        : 'configure AWS credentials (AWS_PROFILE, environment variables, SSO or an instance role)',
    });
  }
  if (!account) throw new CollectError(`${describeTarget(target)}: sts:GetCallerIdentity returned no account`);
  if (target.id && target.id !== account)
    throw new CollectError(
      `${describeTarget(target)}: the credentials belong to account ${account}, not ${target.id}`,
      {
        hint: target.roleArn
          ? 'check the roleArn'
          : 'give the account a roleArn, or use the credentials of that account',
      },
    );
  return account;
}

/** The target's regions, or every enabled one; when they cannot be listed, the home region alone, with a gap. */
async function regionsOf(
  clients: AccountClients,
  target: AccountTarget,
  options: CollectOptions,
  gaps: CollectionGap[],
): Promise<string[]> {
  const listed = target.regions ?? options.regions;
  if (listed) return listed;
  const regional = ['ec2', 'lambda', 'cloudtrail'] as const;
  if (regional.every((s) => options.skip.has(s))) return [];
  const signal = AbortSignal.timeout(options.stageTimeLimitMs);
  try {
    return await enabledRegions(clients, signal);
  } catch (e) {
    const home = options.clients.homeRegion;
    const gap = stageGap({ source: '', what: `the list of enabled regions (only ${home} was read)` }, e);
    gaps.push({ ...gap, api: DESCRIBE_REGIONS_API });
    return [home];
  }
}

/** The account alias, for messages; a scanning role without iam:ListAccountAliases just goes without. */
async function accountAlias(clients: AccountClients): Promise<string | undefined> {
  try {
    const { AccountAliases } = await clients.iam().send(new ListAccountAliasesCommand({}));
    return AccountAliases?.[0];
  } catch {
    return undefined;
  }
}

const OPTIONAL_FILES: [keyof SnapshotFiles, string][] = [
  ['credentialReportCsv', SNAPSHOT_FILES.credentialReport],
  ['instances', SNAPSHOT_FILES.instances],
  ['functions', SNAPSHOT_FILES.functions],
  ['lastAccessed', SNAPSHOT_FILES.lastAccessed],
  ['events', SNAPSHOT_FILES.events],
];

/**
 * Normalises the files as `scan` will. An optional file the loader rejects (AWS or an emulator answered in a
 * shape it does not know) is left out with a gap, so one odd answer does not cost the whole account.
 */
function dropUnreadable(files: SnapshotFiles, gaps: CollectionGap[]): void {
  for (;;) {
    try {
      buildSnapshot({ ...files, fallbackCollectedAt: new Date(0).toISOString() });
      return;
    } catch (e) {
      const entry =
        e instanceof SnapshotError ? OPTIONAL_FILES.find(([key, file]) => e.file === file && files[key]) : undefined;
      if (!entry || !(e instanceof SnapshotError)) throw e;
      delete files[entry[0]];
      gaps.push({ source: entry[1], reason: 'error', message: `left out, AWS's answer cannot be read: ${e.detail}` });
    }
  }
}
