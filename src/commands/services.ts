import type { Rule } from '../risks/types.js';
import type { FixFlow } from './fix-flow.js';
import type { DeliveryLog } from '../serve/delivery-log.js';
import type { Ownership, ScanSchedule, ScanService } from '../serve/types.js';

/** What the listeners work with; src/app.ts builds it. Later issues add the store, insights and Jira here. */
export interface AppServices {
  scans: ScanService;
  rules: readonly Pick<Rule, 'id' | 'title' | 'rationale'>[];
  deliveries: DeliveryLog;
  schedule?: ScanSchedule;
  ownership?: Ownership;
  /** Fix in AWS (plans, approvals, apply, rollback); absent when no state file is configured. */
  fixes?: FixFlow;
}

export function ruleTitles(services: AppServices): Map<string, string> {
  return new Map(services.rules.map((r) => [r.id, r.title]));
}

/** The rule's title and rationale for a finding's details, when the rule is in the catalog. */
export function ruleInfo(services: AppServices, ruleId: string): { rule?: { title: string; rationale: string } } {
  const rule = services.rules.find((r) => r.id === ruleId);
  return rule ? { rule: { title: rule.title, rationale: rule.rationale } } : {};
}
