import type { Finding, Severity } from '../src/risks/types.js';
import { plain, section, type ButtonElement, type SectionBlock } from './blocks.js';
import { ACTION_IDS, encodeFindingRef } from './finding-ref.js';
import { code, escapeMrkdwn, truncate } from './limits.js';

export const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** The scan a list of findings comes from; buttons carry it so a later click can tell what changed. */
export interface ScanRef {
  accountId: string;
  scannedAt: string;
}

export type FindingLike = Pick<Finding, 'id' | 'ruleId' | 'severity' | 'resourceType' | 'resourceName' | 'title'>;

const LINE_MAX = 400;

/** One line about a finding: severity, resource, what. */
export function findingLine(finding: FindingLike, options: { showRule?: boolean; isNew?: boolean } = {}): string {
  const what = options.showRule ? `${finding.title} (${finding.ruleId})` : finding.title;
  const line = `${SEVERITY_EMOJI[finding.severity]} *${SEVERITY_LABEL[finding.severity]}*${options.isNew ? ' · *new*' : ''} · ${finding.resourceType} ${code(finding.resourceName, 120)} — ${escapeMrkdwn(what, 200)}`;
  return truncate(line, LINE_MAX);
}

export function viewDetailsButton(finding: Pick<Finding, 'id'>, scan: ScanRef): ButtonElement {
  return {
    type: 'button',
    text: plain('View details'),
    action_id: ACTION_IDS.viewFinding,
    value: encodeFindingRef({ findingId: finding.id, accountId: scan.accountId, scannedAt: scan.scannedAt }),
  };
}

/** A finding line with its View details button. */
export function findingSection(
  finding: FindingLike,
  scan: ScanRef,
  options: { showRule?: boolean; isNew?: boolean } = {},
): SectionBlock {
  return section(findingLine(finding, options), viewDetailsButton(finding, scan));
}
