import type { FindingRecord } from '../store/index.js';
import type { DataSource, ResourceType, Rule, RuleNotice } from '../risks/types.js';
import { SNAPSHOT_FILES, type AccountSnapshot } from '../snapshot/types.js';

// Findings about compute come from the instance and function lists even when the rule declares no `needs`.
const RESOURCE_SOURCES: Partial<Record<ResourceType, DataSource>> = {
  'ec2-instance': 'instances',
  'lambda-function': 'functions',
};

/**
 * Decides whether a scan could have found a finding it did not report. Only then is the finding resolved;
 * a rule that did not run or ran on partial data, or data with a gap, leaves it open ("unverified").
 */
export function scanVisibility(
  snapshot: AccountSnapshot,
  rules: readonly Rule[],
  notices: readonly RuleNotice[],
): (record: Pick<FindingRecord, 'ruleId' | 'resourceType'>) => boolean {
  const gapFiles = new Set(snapshot.gaps.map((g) => g.source));
  if (gapFiles.has(SNAPSHOT_FILES.authorizationDetails)) return () => false;
  const complete = (source: DataSource) => snapshot[source] !== undefined && !gapFiles.has(SNAPSHOT_FILES[source]);
  const partial = new Set(notices.map((n) => n.ruleId));
  const conclusive = new Set(
    rules.filter((r) => !partial.has(r.id) && (r.needs ?? []).every(complete)).map((r) => r.id),
  );
  return (record) => {
    if (!conclusive.has(record.ruleId)) return false;
    const source = RESOURCE_SOURCES[record.resourceType];
    return source === undefined || complete(source);
  };
}
