import { GetFunctionUrlConfigCommand, paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import pLimit from 'p-limit';
import { AwsCallError, callAws } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import { plain } from '../plain.js';
import { throwIfAborted, type StageContext } from '../stage.js';
import { forEachRegion } from './regions.js';

export const FUNCTION_URL_API = 'lambda:GetFunctionUrlConfig';

/** A ListFunctions entry plus Rightsize's extension: the function URL's auth type (NONE is public). */
export type CollectedFunction = FunctionConfiguration & {
  FunctionUrlConfig?: { AuthType: string; FunctionUrl?: string };
};

/**
 * ListFunctions in every region, merged into one `{ Functions }`, each with its execution role and, when it has
 * one, its function URL's auth type (GetFunctionUrlConfig; ResourceNotFound means no URL).
 */
export async function collectFunctions(
  clients: AccountClients,
  regions: string[],
  ctx: StageContext,
  concurrency: number,
): Promise<{ Functions: CollectedFunction[] } | undefined> {
  const perRegion = await forEachRegion(regions, concurrency, ctx, async (region) => {
    const functions = await callAws('lambda:ListFunctions', region, async () => {
      const list: CollectedFunction[] = [];
      for await (const page of paginateListFunctions({ client: clients.lambda(region), pageSize: 50 }, {})) {
        list.push(...(plain(page).Functions ?? []));
        throwIfAborted(ctx.signal);
      }
      return list;
    });
    await addFunctionUrls(clients, region, functions, ctx, concurrency);
    return functions;
  });
  return perRegion && { Functions: perRegion.flat() };
}

async function addFunctionUrls(
  clients: AccountClients,
  region: string,
  functions: CollectedFunction[],
  ctx: StageContext,
  concurrency: number,
): Promise<void> {
  const limit = pLimit(concurrency);
  let failure: unknown;
  await Promise.all(
    functions.map((fn) =>
      limit(async () => {
        if (failure !== undefined || !fn.FunctionName) return;
        try {
          const url = await callAws(FUNCTION_URL_API, region, () =>
            clients.lambda(region).send(new GetFunctionUrlConfigCommand({ FunctionName: fn.FunctionName }), {
              abortSignal: ctx.signal,
            }),
          );
          if (url.AuthType)
            fn.FunctionUrlConfig = { AuthType: url.AuthType, ...(url.FunctionUrl && { FunctionUrl: url.FunctionUrl }) };
        } catch (e) {
          if (e instanceof AwsCallError && (e.cause as Error).name === 'ResourceNotFoundException') return;
          failure ??= e;
        }
      }),
    ),
  );
  // The functions are known; only whether their URLs are public is not.
  if (failure !== undefined) ctx.partFailed(failure, 'Lambda function URL auth types (whether a function is public)');
}
