/**
 * Typed errors for situations a person has to act on. Expected outcomes (a finding, a gap, a policy
 * problem) are values, not errors. Each error carries a stable `code` so callers and the CLI can
 * narrow with instanceof or by code.
 */
export abstract class RightsizeError extends Error {
  abstract readonly code: string;
  /** What the person should do about it, one line. */
  readonly hint?: string;

  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.hint) this.hint = options.hint;
  }
}

/** A snapshot file is missing, unreadable, not JSON, or not the shape AWS produces. */
export class SnapshotError extends RightsizeError {
  readonly code = 'SNAPSHOT_INVALID';
  constructor(
    readonly file: string,
    readonly jsonPath: string | undefined,
    readonly detail: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(`${file}${jsonPath ? ` at ${jsonPath}` : ''}: ${detail}`, options);
  }
}

/** A principal, finding or policy named on the command line or in Slack does not exist. */
export class NotFoundError extends RightsizeError {
  readonly code = 'NOT_FOUND';
}

/** A name matches several things; the message lists them so the person can pick one. */
export class AmbiguousNameError extends RightsizeError {
  readonly code = 'AMBIGUOUS_NAME';
}

/** Command-line or slash-command input that cannot be understood. */
export class UsageError extends RightsizeError {
  readonly code = 'USAGE';
}

/** One thing wrong in the configuration: the key path (`schedules[0].cron`) and what is wrong with it. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** The configuration file is missing, not YAML/JSON, or fails validation; every problem names its key. */
export class ConfigError extends RightsizeError {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly file: string | undefined,
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown; hint?: string },
  ) {
    super(
      `${file ? `${file}: ` : ''}${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`,
      options,
    );
  }
}

/** The state file cannot be read, is not valid state, or was written by a newer Rightsize. It is left untouched. */
export class StateError extends RightsizeError {
  readonly code = 'STATE_UNUSABLE';
  constructor(
    readonly file: string,
    readonly detail: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(`state file ${file}: ${detail}`, options);
  }
}

/** Live collection could not produce a snapshot of an account (no credentials, role not assumable, IAM unreadable). */
export class CollectError extends RightsizeError {
  readonly code = 'COLLECT_FAILED';
}

/** The Slack app cannot start: a token or secret is missing or malformed, or the mode is unknown. */
export class SlackSetupError extends RightsizeError {
  readonly code = 'SLACK_SETUP';
}

/** A fix cannot go ahead: not approved, already running, or the account has no way to apply it. */
export class FixError extends RightsizeError {
  readonly code = 'FIX_REFUSED';
}

/** Why a Jira request failed; every kind is kept in the outbox and retried, the kind only changes the advice. */
export type JiraFailureKind =
  'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'rejected' | 'rate-limited' | 'unavailable' | 'workflow';

/** Jira could not be reached or refused a request: what it said, and what a person can do about it. */
export class JiraError extends RightsizeError {
  readonly code: string;
  /** HTTP status, when Jira answered. */
  readonly status?: number;
  /** How long Jira asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs?: number;

  constructor(
    readonly kind: JiraFailureKind,
    message: string,
    options?: { cause?: unknown; hint?: string; status?: number; retryAfterMs?: number },
  ) {
    super(message, options);
    this.code = `JIRA_${kind.toUpperCase().replace(/-/g, '_')}`;
    if (options?.status !== undefined) this.status = options.status;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** A workflow action that cannot run: its integration is not configured, or the event does not allow it. */
export class WorkflowActionError extends RightsizeError {
  readonly code = 'WORKFLOW_ACTION_FAILED';
}
