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

export interface FindingLineOptions {
  showRule?: boolean;
  /** A mark after the severity: new (or reopened) since what the surface compares with. */
  mark?: 'new' | 'reopened';
  /** Appended as is: already mrkdwn (an owner's mention). */
  suffix?: string;
}

const LINE_MAX = 400;

/**
 * One line about a finding: severity, then its title with the resource named once, in a code span. Titles name
 * their resource ("role deploy can escalate…"), so the name is marked where it stands rather than repeated.
 */
export function findingLine(finding: FindingLike, options: FindingLineOptions = {}): string {
  const mark = options.mark ? ` · *${options.mark}*` : '';
  const rule = options.showRule ? ` (${code(finding.ruleId, 80)})` : '';
  const line = `${SEVERITY_EMOJI[finding.severity]} *${SEVERITY_LABEL[finding.severity]}*${mark} · ${titleNamingResource(finding)}${rule}${options.suffix ?? ''}`;
  return truncate(line, LINE_MAX);
}

/** The title with its resource's name as a code span; `type name — title` when the title does not name it. */
export function titleNamingResource(finding: Pick<FindingLike, 'title' | 'resourceType' | 'resourceName'>): string {
  const { title, resourceName } = finding;
  const at = resourceName ? title.indexOf(resourceName) : -1;
  if (at < 0) return `${finding.resourceType} ${code(resourceName, 120)} — ${escapeMrkdwn(title, 200)}`;
  const before = escapeMrkdwn(title.slice(0, at), 120);
  const after = escapeMrkdwn(title.slice(at + resourceName.length), 200);
  return `${before}${code(resourceName, 120)}${after}`;
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
export function findingSection(finding: FindingLike, scan: ScanRef, options: FindingLineOptions = {}): SectionBlock {
  return section(findingLine(finding, options), viewDetailsButton(finding, scan));
}
