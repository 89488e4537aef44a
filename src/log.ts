/** Where a long-running part (the scheduler, workflows, Jira's retries) reports, one line per message. */
export interface LineLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
