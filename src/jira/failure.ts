import { HttpException } from 'jira.js';
import type { JiraConfig } from '../config/index.js';
import { JiraError } from '../errors.js';

interface AxiosLike {
  isAxiosError: true;
  code?: string;
  message: string;
  response?: { status: number; headers?: Record<string, unknown>; data?: unknown };
}

/**
 * Turns what jira.js throws (its HttpException for an HTTP answer, axios' error when no answer came) into a
 * JiraError that says what happened and what to do. `action` names the request: "create the issue in SEC".
 */
export function toJiraError(error: unknown, action: string, jira: Pick<JiraConfig, 'flavour' | 'baseUrl'>): JiraError {
  if (error instanceof JiraError) return error;
  const axios = axiosError(error instanceof HttpException ? error.cause : error);
  const status = error instanceof HttpException ? error.status : axios?.response?.status;
  if (status === undefined) {
    const code = axios?.code ?? (error instanceof Error ? error.name : 'unknown');
    const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
    return new JiraError(
      'unreachable',
      `could not ${action}: Jira at ${jira.baseUrl} ${timedOut ? 'did not answer in time' : `could not be reached (${code})`}`,
      { cause: error, hint: 'check jira.baseUrl and the network; the request is kept and retried' },
    );
  }
  const body = error instanceof HttpException ? responseData(error.response) : axios?.response?.data;
  const said = jiraMessages(body);
  const retryAfterMs = retryAfter(axios?.response?.headers?.['retry-after']);
  const base = { cause: error, status, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  const detail = said ? `: ${said}` : '';
  switch (true) {
    case status === 401:
      return new JiraError('unauthorized', `could not ${action}: Jira refused the credentials (401)${detail}`, {
        ...base,
        hint:
          jira.flavour === 'cloud'
            ? 'check JIRA_EMAIL and JIRA_API_TOKEN (an API token of that Atlassian account); the request is kept'
            : 'check JIRA_PAT (a personal access token that has not expired); the request is kept',
      });
    case status === 403:
      return new JiraError('forbidden', `could not ${action}: the Jira user is not allowed to (403)${detail}`, {
        ...base,
        hint: 'give the Jira user the project permissions (browse, create, comment, transition); the request is kept',
      });
    case status === 404:
      return new JiraError('not-found', `could not ${action}: Jira does not know it (404)${detail}`, {
        ...base,
        hint: 'check the project key and that the Jira user can see it; the request is kept',
      });
    case status === 429:
      return new JiraError('rate-limited', `could not ${action}: Jira is rate limiting requests (429)${detail}`, {
        ...base,
        hint: `retried after ${retryAfterMs !== undefined ? `${Math.ceil(retryAfterMs / 1000)} s, as Jira asked` : 'a backoff'}`,
      });
    case status >= 500:
      return new JiraError('unavailable', `could not ${action}: Jira answered ${status}${detail}`, {
        ...base,
        hint: 'Jira is having trouble; the request is kept and retried with backoff',
      });
    default:
      return new JiraError('rejected', `could not ${action}: Jira rejected the request (${status})${detail}`, {
        ...base,
        hint: /project/i.test(said)
          ? 'check jira.project and ownership.teams.<team>.jiraProject: the project key must exist in Jira'
          : 'check the jira section of the config (issue type, priorities, assignee, component); the request is kept',
      });
  }
}

function axiosError(value: unknown): AxiosLike | undefined {
  return typeof value === 'object' && value !== null && (value as { isAxiosError?: unknown }).isAxiosError === true
    ? (value as AxiosLike)
    : undefined;
}

function responseData(response: unknown): unknown {
  return typeof response === 'object' && response !== null && 'data' in response
    ? (response as { data: unknown }).data
    : response;
}

/** Jira's error body: `{ errorMessages: [...], errors: { field: message } }`. */
function jiraMessages(body: unknown): string {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' ? body.slice(0, 300) : '';
  const { errorMessages, errors } = body as { errorMessages?: unknown; errors?: unknown };
  const messages = Array.isArray(errorMessages) ? errorMessages.map(String) : [];
  if (errors && typeof errors === 'object')
    for (const [field, message] of Object.entries(errors)) messages.push(`${field}: ${String(message)}`);
  return messages.join('; ');
}

/** Retry-After is seconds or an HTTP date. */
function retryAfter(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(String(value));
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
