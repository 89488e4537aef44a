import { GROUP_BYS, type GroupBy } from '../src/report/group.js';
import { SEVERITIES, type Severity } from '../src/risks/types.js';
import type { FindingRef } from '../src/scans/types.js';

/** Action ids of Rightsize's interactive elements, and the value a finding button carries. */
export const ACTION_IDS = {
  viewFinding: 'finding.view',
  insights: 'finding.insights',
  suggestion: 'finding.suggestion',
  mute: 'finding.mute',
  unmute: 'finding.unmute',
  jira: 'finding.jira',
  openJira: 'finding.jira.open',
  jiraGroup: 'digest.group.jira',
  openConsole: 'finding.console',
} as const;

/** Callback ids of Rightsize's modals with a submit button. */
export const CALLBACK_IDS = {
  mute: 'finding.mute.submit',
} as const;

export function encodeFindingRef(ref: FindingRef): string {
  return JSON.stringify({ f: ref.findingId, a: ref.accountId, t: ref.scannedAt });
}

/** Undefined for a value this version did not write (an old message, a hand-made payload). */
export function decodeFindingRef(value: string | undefined): FindingRef | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { f, a, t } = parsed as Record<string, unknown>;
    if (typeof f !== 'string' || typeof a !== 'string' || typeof t !== 'string' || !f) return undefined;
    return { findingId: f, accountId: a, scannedAt: t };
  } catch {
    return undefined;
  }
}

/** A digest group a bulk button points at: the scan, how it was grouped and filtered, and the group's key. */
export interface GroupRef {
  accountId: string;
  scannedAt: string;
  groupBy: GroupBy;
  key: string;
  minSeverity?: Severity;
}

export function encodeGroupRef(ref: GroupRef): string {
  return JSON.stringify({ a: ref.accountId, t: ref.scannedAt, g: ref.groupBy, k: ref.key, s: ref.minSeverity });
}

export function decodeGroupRef(value: string | undefined): GroupRef | undefined {
  try {
    const { a, t, g, k, s } = JSON.parse(value ?? '') as Record<string, unknown>;
    if (typeof a !== 'string' || typeof t !== 'string' || typeof k !== 'string') return undefined;
    if (!GROUP_BYS.includes(g as GroupBy)) return undefined;
    if (s !== undefined && !SEVERITIES.includes(s as Severity)) return undefined;
    return {
      accountId: a,
      scannedAt: t,
      groupBy: g as GroupBy,
      key: k,
      ...(s !== undefined && { minSeverity: s as Severity }),
    };
  } catch {
    return undefined;
  }
}
