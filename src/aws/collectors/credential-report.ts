import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { setTimeout as sleep } from 'node:timers/promises';
import { callAws } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import type { StageContext } from '../stage.js';

/**
 * The IAM credential report as CSV text: ask IAM to generate it (a no-op when a report under four hours old
 * exists), poll until it is COMPLETE, then download and decode it.
 */
export async function collectCredentialReport(
  clients: AccountClients,
  ctx: StageContext,
  pollDelayMs: number,
): Promise<string> {
  const iam = clients.iam();
  for (;;) {
    const generated = await callAws('iam:GenerateCredentialReport', undefined, () =>
      iam.send(new GenerateCredentialReportCommand({}), { abortSignal: ctx.signal }),
    );
    if (generated.State === 'COMPLETE') break;
    await sleep(pollDelayMs, undefined, { signal: ctx.signal });
  }
  const report = await callAws('iam:GetCredentialReport', undefined, () =>
    iam.send(new GetCredentialReportCommand({}), { abortSignal: ctx.signal }),
  );
  if (!report.Content) throw new Error('GetCredentialReport returned no content');
  // The SDK has already base64-decoded the blob.
  return Buffer.from(report.Content).toString('utf8');
}
