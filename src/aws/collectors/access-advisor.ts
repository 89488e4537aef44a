import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsCallError, callAws } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import { plain } from '../plain.js';
import type { StageContext } from '../stage.js';

export const ACCESS_ADVISOR_API = 'iam:GetServiceLastAccessedDetails';

export interface AccessAdvisorOptions {
  concurrency: number;
  /** First wait before polling a job; later waits grow to ten times this. */
  pollDelayMs: number;
}

const NO_SUCH_ENTITY = new Set(['NoSuchEntityException', 'NoSuchEntity']);

type Report = Omit<GetServiceLastAccessedDetailsCommandOutput, '$metadata'>;

/**
 * IAM access advisor for every principal, at action level: one GenerateServiceLastAccessedDetails job per
 * principal, polled until done, all pages merged. At most `concurrency` jobs run at once (IAM throttles these).
 * The first failure that is not about one principal (access denied, throttled out, time limit) stops the stage;
 * the reports read so far are kept and the gap says how many principals are missing.
 */
export async function collectAccessAdvisor(
  clients: AccountClients,
  principals: string[],
  ctx: StageContext,
  options: AccessAdvisorOptions,
): Promise<Record<string, Report> | undefined> {
  const reports: Record<string, Report> = {};
  const failed: string[] = [];
  let stoppedBy: unknown;
  const limit = pLimit(options.concurrency);
  await Promise.all(
    principals.map((arn) =>
      limit(async () => {
        if (stoppedBy !== undefined || ctx.signal.aborted) return;
        try {
          const report = await accessAdvisorReport(clients, arn, ctx.signal, options.pollDelayMs);
          if (report.JobStatus === 'COMPLETED') reports[arn] = report;
          else
            failed.push(`${arn} (job ${report.JobStatus}${report.Error?.Message ? `: ${report.Error.Message}` : ''})`);
        } catch (e) {
          // The principal was deleted since the authorization details were read: nothing to report.
          if (e instanceof AwsCallError && NO_SUCH_ENTITY.has((e.cause as Error).name)) return;
          stoppedBy ??= e;
        }
      }),
    ),
  );
  const read = Object.keys(reports).length;
  if (stoppedBy !== undefined) {
    if (read === 0) throw stoppedBy;
    ctx.partFailed(stoppedBy, `IAM access advisor for ${principals.length - read} of ${principals.length} principals`);
  }
  if (ctx.signal.aborted)
    ctx.gap({
      reason: 'incomplete',
      api: ACCESS_ADVISOR_API,
      message: `IAM access advisor: read for ${read} of ${principals.length} principals before the time limit; the others have no usage data`,
    });
  if (failed.length > 0)
    ctx.gap({
      reason: 'incomplete',
      api: ACCESS_ADVISOR_API,
      message: `IAM access advisor: ${failed.length} job(s) did not complete: ${failed.slice(0, 3).join('; ')}${failed.length > 3 ? ' …' : ''}`,
    });
  return read === 0 && principals.length > 0 ? undefined : reports;
}

async function accessAdvisorReport(
  clients: AccountClients,
  arn: string,
  signal: AbortSignal,
  pollDelayMs: number,
): Promise<Report> {
  const iam = clients.iam();
  const { JobId } = await callAws('iam:GenerateServiceLastAccessedDetails', undefined, () =>
    iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' }), {
      abortSignal: signal,
    }),
  );
  if (!JobId) throw new Error(`GenerateServiceLastAccessedDetails returned no JobId for ${arn}`);
  let delay = pollDelayMs;
  let first = await getPage(clients, JobId, undefined, signal);
  while (first.JobStatus === 'IN_PROGRESS') {
    await sleep(delay, undefined, { signal });
    delay = Math.min(delay * 2, pollDelayMs * 10);
    first = await getPage(clients, JobId, undefined, signal);
  }
  const services = [...(first.ServicesLastAccessed ?? [])];
  let page = first;
  while (page.IsTruncated && page.Marker) {
    page = await getPage(clients, JobId, page.Marker, signal);
    services.push(...(page.ServicesLastAccessed ?? []));
  }
  const { Marker: _marker, ...report } = first;
  return { ...report, ServicesLastAccessed: services, IsTruncated: false };
}

async function getPage(
  clients: AccountClients,
  jobId: string,
  marker: string | undefined,
  signal: AbortSignal,
): Promise<Report> {
  const output = await callAws(ACCESS_ADVISOR_API, undefined, () =>
    clients
      .iam()
      .send(
        new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: 1000, ...(marker && { Marker: marker }) }),
        {
          abortSignal: signal,
        },
      ),
  );
  return plain(output);
}
