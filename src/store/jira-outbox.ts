import type { JiraRequest } from './jira-records.js';
import type { Actor, JiraLink, StateData } from './types.js';

/** Adds a request to the end of the outbox (each finding's requests are delivered in the order they came). */
export function enqueueJiraRequest(state: StateData, request: JiraRequest): JiraRequest {
  state.jiraOutbox.push(request);
  return request;
}

/** The waiting create request of a finding, if one is queued: a second click must not queue another. */
export function pendingCreate(state: Pick<StateData, 'jiraOutbox'>, findingId: string): JiraRequest | undefined {
  return state.jiraOutbox.find((r) => r.findingId === findingId && r.kind === 'create');
}

/** Whether Jira knows, or will know, an issue for the finding: only then do lifecycle changes go to Jira. */
export function tracksJiraIssue(state: Pick<StateData, 'jiraOutbox' | 'jiraLinks'>, findingId: string): boolean {
  return state.jiraLinks[findingId] !== undefined || pendingCreate(state, findingId) !== undefined;
}

/** Records a delivered request: off the outbox, the link updated, and a line in the audit log. */
export function completeJiraRequest(
  state: StateData,
  requestId: string,
  outcome: { link: JiraLink; actor: Actor; at: Date; detail: string },
): void {
  const index = state.jiraOutbox.findIndex((r) => r.id === requestId);
  if (index >= 0) state.jiraOutbox.splice(index, 1);
  state.jiraLinks[outcome.link.findingId] = outcome.link;
  state.audit.push({
    at: outcome.at.toISOString(),
    actor: outcome.actor,
    action: 'jira',
    subject: outcome.link.findingId,
    detail: outcome.detail,
  });
}

/** Drops a request that has nothing left to do (e.g. a sync for an issue that no longer exists), audited. */
export function discardJiraRequest(state: StateData, requestId: string, at: Date, why: string): void {
  const index = state.jiraOutbox.findIndex((r) => r.id === requestId);
  if (index < 0) return;
  const [request] = state.jiraOutbox.splice(index, 1);
  state.audit.push({
    at: at.toISOString(),
    actor: request!.requestedBy,
    action: 'jira',
    subject: request!.findingId,
    detail: `${request!.kind} request dropped: ${why}`,
  });
}

/** Notes a failed attempt and when to try again; the request stays in the outbox. */
export function deferJiraRequest(
  state: StateData,
  requestId: string,
  failure: { at: Date; nextAttemptAt: Date; code: string; message: string; hint?: string },
): JiraRequest | undefined {
  const request = state.jiraOutbox.find((r) => r.id === requestId);
  if (!request) return undefined;
  request.attempts += 1;
  request.lastAttemptAt = failure.at.toISOString();
  request.nextAttemptAt = failure.nextAttemptAt.toISOString();
  request.lastError = {
    code: failure.code,
    message: failure.message,
    ...(failure.hint !== undefined && { hint: failure.hint }),
  };
  return { ...request };
}
