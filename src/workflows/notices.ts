import type { FindingRecord } from '../store/index.js';

/** A workflow's post about one finding (new, reopened, resolved, still open after N days). */
export interface FindingEventNotice {
  kind: 'finding-event';
  workflow: string;
  event: string;
  finding: FindingRecord;
  ageDays?: number;
  /** `<@U…>` or `<!subteam^S…>` when the post should reach the owning team. */
  mention?: string;
}

/** A workflow's post about a scan: which findings matched (a team digest), or why the scan failed. */
export interface ScanEventNotice {
  kind: 'scan-event';
  workflow: string;
  accountLabel: string;
  scanFinishedAt?: string;
  findings: readonly FindingRecord[];
  changedIds: ReadonlySet<string>;
  error?: string;
}

/** What a workflow's automatic fix changed, with a Rollback button. */
export interface FixAppliedNotice {
  kind: 'fix-applied';
  workflow: string;
  finding: FindingRecord;
  fixId: string;
  summary: string;
  mention?: string;
}

/** What a workflow says in Slack, as data: the Slack edge (commands/outbound) renders it with views/ and posts it. */
export type WorkflowNotice = FindingEventNotice | ScanEventNotice | FixAppliedNotice;
