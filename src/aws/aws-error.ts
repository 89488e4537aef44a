import { isThrottlingError } from '@smithy/core/retry';
import type { GapReason } from '../snapshot/index.js';

/** A failed AWS call, with the API and region it was made to, so a gap can say which API failed. */
export class AwsCallError extends Error {
  constructor(
    readonly api: string,
    readonly region: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`${api}${region ? ` in ${region}` : ''}: ${errorText(cause)}`, { cause });
    this.name = 'AwsCallError';
  }

  get reason(): GapReason {
    return classifyAwsError(this.cause, this.region !== undefined);
  }
}

/** Runs one AWS call and labels its failure with the API (`iam:GetCredentialReport`) and region. */
export async function callAws<T>(api: string, region: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw e instanceof AwsCallError ? e : new AwsCallError(api, region, e);
  }
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
]);
// What AWS answers for a region that is not enabled in the account (opt-in regions): the credentials
// are not valid there, so only a regional call can mean this.
const REGION_DISABLED = new Set([
  'AuthFailure',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'OptInRequired',
  'InvalidIdentityToken',
]);

/** Why an AWS call failed, as a snapshot gap reason. */
export function classifyAwsError(error: unknown, regional: boolean): GapReason {
  if (typeof error !== 'object' || error === null) return 'error';
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'AbortError' || e.name === 'StageTimeLimit') return 'incomplete';
  if (isThrottlingError(error as Parameters<typeof isThrottlingError>[0])) return 'throttled';
  if (e.name && ACCESS_DENIED.has(e.name)) return 'access-denied';
  if (regional && e.name && REGION_DISABLED.has(e.name)) return 'region-disabled';
  if (e.$metadata?.httpStatusCode === 403) return 'access-denied';
  return 'error';
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = error.name !== 'Error' ? `${error.name}: ` : '';
    return `${status && status >= 500 ? `HTTP ${status}, ` : ''}${name}${firstLine(error.message)}`;
  }
  return String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}
