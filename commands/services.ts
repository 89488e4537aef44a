import type { JiraService } from '../src/jira/jira-service.js';
import type { Rule } from '../src/risks/types.js';
import type { FixFlow } from './actions/fix-threads.js';
import type { DeliveryLog } from './middleware/delivery-log.js';
import type { FindingMatch } from '../src/scans/find-finding.js';
import type { PrincipalUsage } from '../src/scans/usage-answers.js';
import type { MuteOutcome, MuteRequest, UnmuteOutcome } from '../src/scans/served-accounts.js';
import type { Ownership, ScanSchedule, ScanService, SlackAccess } from '../src/scans/types.js';
import type { ScanRecord as StoredScan } from '../src/store/index.js';
import type { FindingDetailsInput } from '../views/finding-details.js';
import type { WorkflowDesk } from '../src/workflows/history.js';

/** Mutes from Slack, recorded (and audited) in the state store. */
export interface FindingMutes {
  mute(request: MuteRequest): Promise<MuteOutcome>;
  unmute(request: { finding: string; by: string }): Promise<UnmuteOutcome>;
}

/** The recorded scans of an account, newest first, for the Home tab. */
export interface ScanHistory {
  recordedScans(accountId: string, limit: number): readonly StoredScan[];
}

/** What the listeners work with; src/serve/compose.ts builds it. */
export interface AppServices {
  scans: ScanService;
  rules: readonly Pick<Rule, 'id' | 'title' | 'rationale'>[];
  deliveries: DeliveryLog;
  usage: PrincipalUsage;
  mutes: FindingMutes;
  access: SlackAccess;
  ownership: Ownership;
  history?: ScanHistory;
  schedule?: ScanSchedule;
  /** Fix in AWS (plans, approvals, apply, rollback); absent when the app cannot make fixes. */
  fixes?: FixFlow;
  /** Create Jira issue (src/jira); absent without a `jira` section in the config. */
  jira?: Pick<JiraService, 'createIssueForFinding'>;
  /** Workflow runs and fix rollback; absent when the app was started without workflows. */
  workflows?: WorkflowDesk;
}

export function ruleTitles(services: AppServices): Map<string, string> {
  return new Map(services.rules.map((r) => [r.id, r.title]));
}

/** Everything a finding's details show: the rule's why, the owner, the mute, whether it is new. */
export function findingDetails(services: AppServices, { finding, scan }: FindingMatch): FindingDetailsInput {
  const rule = services.rules.find((r) => r.id === finding.ruleId);
  const owner = services.ownership.ownerOf(finding, scan);
  const mute = scan.mutes?.get(finding.id);
  return {
    finding,
    scan,
    ...(rule && { rule: { title: rule.title, rationale: rule.rationale } }),
    ...(owner && { owner }),
    ...(mute && { mute }),
    ...(scan.changes?.newFindingIds.includes(finding.id) && { isNew: true }),
    offers: { fix: services.fixes?.offers(finding.accountId) ?? false, jira: services.jira !== undefined },
  };
}
