import { runRules } from '../../src/risks/run.js';
import type { Finding, ScanResult } from '../../src/risks/types.js';
import type { RuleSettings } from '../../src/risks/settings.js';
import { buildSnapshot, type RawSnapshot } from '../../src/snapshot/index.js';
import { realEngine } from './catalog.js';

export const NOW = new Date('2026-11-20T12:00:00Z');

/** Builds a snapshot in memory from raw AWS shapes and runs every rule over it. */
export async function scanRaw(
  raw: Omit<RawSnapshot, 'fallbackCollectedAt'>,
  settings: Partial<RuleSettings> = {},
): Promise<ScanResult> {
  const snapshot = buildSnapshot({ fallbackCollectedAt: NOW.toISOString(), ...raw });
  return runRules(snapshot, await realEngine(), { now: NOW, settings });
}

/** "ruleId resourceName" for each finding: compact to assert on. */
export function flagged(result: ScanResult, ruleId?: string): string[] {
  return result.findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.ruleId} ${f.resourceName}`);
}

export function finding(result: ScanResult, ruleId: string, resourceName: string): Finding {
  const f = result.findings.find((x) => x.ruleId === ruleId && x.resourceName === resourceName);
  if (!f) throw new Error(`no ${ruleId} finding for ${resourceName}; found: ${flagged(result).join(', ')}`);
  return f;
}
