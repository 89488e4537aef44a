import type { Actor } from '../store/index.js';
import type { WorkflowNotice } from './notices.js';

/**
 * What workflow actions need from the rest of Rightsize, passed in at start-up. An action whose executor is
 * missing fails its step with "not available: … is not configured" (recorded in the run), never silently.
 * Mute and webhook need nothing from outside: the engine does them itself.
 */
export interface ActionExecutors {
  slack?: SlackPoster;
  jira?: JiraExecutor;
  fixes?: FixExecutor;
}

/** Posts a workflow's notice to a channel, or to a user's DM when given a user id (U…/W…). */
export interface SlackPoster {
  post(channel: string, notice: WorkflowNotice): Promise<{ channel: string; ts: string }>;
}

export interface JiraIssueRef {
  issueKey: string;
  url: string;
  /** False when the finding already had an issue (no duplicate was created). */
  created: boolean;
}

/** src/jira (issue 9) behind a workflow's `create-jira-issue`. */
export interface JiraExecutor {
  createIssueForFinding(findingId: string, options: { requestedBy: Actor; project?: string }): Promise<JiraIssueRef>;
}

/** The fix a finding would get, as src/remediate plans it. */
export interface FixPlanSummary {
  /** e.g. `deactivate-access-key`; matched against `workflowSettings.automaticFixes`. */
  kind: string;
  /** What would change, in words (`deactivate access key 1 of alice`). */
  summary: string;
  reversible: boolean;
}

export interface AppliedFix {
  fixId: string;
  /** What changed, in words. */
  summary: string;
}

/** src/remediate (issue 8) behind `request-fix-approval`, `apply-fix` and the Rollback button. */
export interface FixExecutor {
  /** Every fix kind it can plan (`workflowSettings.automaticFixes` is checked against them at start-up). */
  readonly kinds: readonly string[];
  /** The fix plan for a finding, without changing anything; undefined when its rule has no fix. */
  planFor(findingId: string): Promise<FixPlanSummary | undefined>;
  /** Asks the owner (or an approver) to approve the fix in Slack. */
  requestApproval(
    findingId: string,
    options: { requestedBy: Actor },
  ): Promise<{ approvalId: string; approver: string }>;
  /** Applies the fix now, records the previous state and verifies it. */
  apply(findingId: string, options: { requestedBy: Actor; kind: string }): Promise<AppliedFix>;
  /** Restores the state before the fix. */
  rollback(fixId: string, options: { requestedBy: Actor }): Promise<{ summary: string }>;
}

/** Why an action cannot run here, in the words the run records. */
export const NOT_AVAILABLE = {
  slack: 'not available: Slack is not configured (set SLACK_BOT_TOKEN)',
  jira: 'not available: Jira is not configured',
  fixes: 'not available: fixes in AWS are not configured',
} as const;
