import type { Ownership, SlackAccess } from '../src/access/types.js';
import type { JiraService } from '../src/jira/jira-service.js';
import type { FixFlow } from '../src/remediate/fix-flow.js';
import type { Rule } from '../src/risks/types.js';
import type { DigestLedger } from '../src/scans/digest-ledger.js';
import type { FindingMatch } from '../src/scans/find-finding.js';
import type { FindingMutes } from '../src/scans/served-accounts.js';
import type { AccountScans } from '../src/scans/types.js';
import type { UsageAnswers } from '../src/scans/usage-answers.js';
import type { AccessQueries } from '../src/scans/access-answers.js';
import type { ScanSchedule } from '../src/schedule/calendar.js';
import type { FindingRecord, ScanRecord } from '../src/store/index.js';
import type { WorkflowDesk } from '../src/workflows/workflow-desk.js';
import type { FindingDetailsInput } from '../views/finding-details.js';

/** What the state file remembers of an account: its recorded scans (the Home tab), its findings' lifecycles (paged changes). */
export interface ScanHistory {
  /** Newest first. */
  recordedScans(accountId: string, limit: number): readonly ScanRecord[];
  findingRecords(accountId: string): readonly FindingRecord[];
}

/** What the listeners work with; the composition root (src/app.ts) builds it. */
export interface AppServices {
  scans: AccountScans;
  rules: readonly Pick<Rule, 'id' | 'title' | 'rationale'>[];
  usage: UsageAnswers;
  /** who-can, can and path over the latest snapshot of each account. */
  queries: AccessQueries;
  mutes: FindingMutes;
  access: SlackAccess;
  ownership: Ownership;
  history?: ScanHistory;
  /** What each channel was last shown: a digest posted there is a delta since its previous one. */
  digests: Pick<DigestLedger, 'previous' | 'changesSince' | 'record'>;
  schedule?: ScanSchedule;
  /** Fix in AWS (plans, approvals, apply, rollback); absent when the app cannot make fixes. */
  fixes?: FixFlow;
  /** Create Jira issue (src/jira); absent without a `jira` section in the config. */
  jira?: Pick<JiraService, 'createIssueForFinding' | 'issueOf'>;
  /** Workflow runs and fix rollback; absent when the app was started without workflows. */
  workflows?: WorkflowDesk;
}

export function ruleTitles(services: AppServices): Map<string, string> {
  return new Map(services.rules.map((r) => [r.id, r.title]));
}

/**
 * Everything a finding's details show for one person: the rule's why, the owner, the mute, whether it is new, its
 * Jira issue, and which buttons work for them (no Mute for someone who may not mute).
 */
export async function findingDetailsInput(
  services: AppServices,
  { finding, scan }: FindingMatch,
  userId: string,
  note?: string,
): Promise<FindingDetailsInput> {
  const rule = services.rules.find((r) => r.id === finding.ruleId);
  const owner = services.ownership.ownerOf(finding, scan);
  const mute = scan.mutes?.get(finding.id);
  const jiraIssue = jiraIssueOf(services, finding.id);
  return {
    finding,
    scan,
    ...(rule && { rule: { title: rule.title, rationale: rule.rationale } }),
    ...(owner && { owner }),
    ...(mute && { mute }),
    ...(scan.changes?.newFindingIds.includes(finding.id) && { isNew: true }),
    offers: { fix: services.fixes?.offers(finding.accountId) ?? false, jira: services.jira !== undefined },
    ...((await services.access.mayMute(userId)) && { mayMute: true }),
    ...(jiraIssue && { jiraIssue }),
    ...(note && { note }),
  };
}

/** The finding's Jira issue, when Jira is set up and the finding has one. */
function jiraIssueOf(services: AppServices, findingId: string): { key: string; url: string } | undefined {
  try {
    const link = services.jira?.issueOf(findingId).link;
    return link && { key: link.issueKey, url: link.url };
  } catch {
    // A finding the state does not know (not recorded yet): no issue either.
    return undefined;
  }
}
