import type { IssueDraft, RichText } from '../store/index.js';

export interface JiraIssue {
  id: string;
  key: string;
  /** The issue in Jira's web UI. */
  url: string;
  status?: string;
  /** Jira's status category: `new`, `indeterminate` or `done`. */
  statusCategory?: string;
}

export interface JiraTransition {
  id: string;
  name: string;
  toStatus?: string;
}

/**
 * What Rightsize asks of Jira, whatever its flavour. Implementations translate every failure into a JiraError
 * (src/errors.ts) and never retry on their own: retries are the outbox's job, so they survive a restart.
 */
export interface JiraGateway {
  readonly baseUrl: string;
  /** The oldest issue carrying the label, if any (JQL). */
  findIssueByLabel(label: string): Promise<JiraIssue | undefined>;
  createIssue(draft: IssueDraft): Promise<JiraIssue>;
  getIssue(key: string): Promise<JiraIssue>;
  /** Whether one of the issue's recent comments contains the text (the marker of a request). */
  hasComment(key: string, text: string): Promise<boolean>;
  addComment(key: string, text: RichText): Promise<void>;
  transitions(key: string): Promise<JiraTransition[]>;
  transition(key: string, transitionId: string): Promise<void>;
}

/** JQL string literal: labels are plain, but quote and escape anyway so no label can change the query. */
export function labelQuery(label: string): string {
  return `labels = "${label.replace(/["\\]/g, (c) => `\\${c}`)}" ORDER BY created ASC`;
}

export function browseUrl(baseUrl: string, key: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/browse/${key}`;
}

// A lifecycle request's comment is among the newest; 50 covers any issue a person has not flooded.
export const RECENT_COMMENTS = 50;
