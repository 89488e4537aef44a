import { isThrottlingError } from '@smithy/core/retry';
import { RightsizeError } from '../errors.js';
import type { GapReason } from '../snapshot/index.js';

/**
 * A failed AWS call, with the API and region it was made to, so a gap can say which API failed; where a person has
 * to act (no credentials, AWS unreachable, a permission missing) it says what to do.
 */
export class AwsCallError extends RightsizeError {
  readonly code = 'AWS_CALL_FAILED';

  constructor(
    readonly api: string,
    readonly region: string | undefined,
    override readonly cause: unknown,
  ) {
    const hint = awsErrorHint(cause);
    super(`${api}${region ? ` in ${region}` : ''}: ${errorText(cause)}`, { cause, ...(hint && { hint }) });
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

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH']);

export const UNREACHABLE_HINT = 'AWS could not be reached: check the network, and AWS_ENDPOINT_URL if it is set';

/** The call never got an answer from AWS (refused, no such host, timed out): not a matter of credentials. */
export function isAwsUnreachable(error: unknown): boolean {
  const e = (error ?? {}) as { name?: string; code?: string };
  return (e.code !== undefined && UNREACHABLE.has(e.code)) || e.name === 'TimeoutError';
}

/** What a person can do about a failed call, when the failure says. */
function awsErrorHint(error: unknown): string | undefined {
  const e = (error ?? {}) as { name?: string; code?: string };
  if (e.name === 'CredentialsProviderError')
    return 'configure AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO or an instance role)';
  if (isAwsUnreachable(error)) return UNREACHABLE_HINT;
  if (classifyAwsError(error, false) === 'access-denied')
    return 'the identity lacks this permission: deploy/scanner-policy.json (scans) and deploy/remediation-policy.json (fixes) list what is needed';
  return undefined;
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
