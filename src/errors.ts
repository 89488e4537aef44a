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

/** The Slack app cannot start: a token or secret is missing or malformed, or the mode is unknown. */
export class SlackSetupError extends RightsizeError {
  readonly code = 'SLACK_SETUP';
}
