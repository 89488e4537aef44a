import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findingId } from '../../src/risks/finding-id.js';
import type { Finding, Severity } from '../../src/risks/types.js';
import type { RecordScanInput } from '../../src/store/index.js';
import { ACCOUNT } from './builders.js';

/** A finding as the rules produce it: `finding('admin-access', 'deploy')` is role deploy's admin-access finding. */
export function finding(
  ruleId: string,
  roleName: string,
  opts: { severity?: Severity; accountId?: string } = {},
): Finding {
  const accountId = opts.accountId ?? ACCOUNT;
  const resourceArn = `arn:aws:iam::${accountId}:role/${roleName}`;
  return {
    id: findingId(ruleId, accountId, resourceArn),
    ruleId,
    severity: opts.severity ?? 'high',
    accountId,
    resourceArn,
    resourceType: 'role',
    resourceName: roleName,
    title: `role ${roleName}: ${ruleId}`,
    evidence: [{ summary: 'because' }],
    remediation: { summary: 'fix it', consoleUrl: 'https://console.aws.amazon.com/iam' },
  };
}

/** Many distinct findings, for size and speed. */
export function manyFindings(count: number, accountId = ACCOUNT): Finding[] {
  const rules = ['admin-access', 'privilege-escalation', 'data-exfiltration', 'unused-role', 'open-trust'];
  const severities: Severity[] = ['critical', 'high', 'medium', 'low'];
  return Array.from({ length: count }, (_, i) =>
    finding(rules[i % rules.length]!, `role-${i}`, { severity: severities[i % 4]!, accountId }),
  );
}

/** The input for recording a scan of `findings` that finished at `at`. */
export function scanInput(
  findings: readonly Finding[],
  at: string,
  extra: Partial<RecordScanInput> = {},
): RecordScanInput {
  const finishedAt = new Date(at);
  return {
    accountId: findings[0]?.accountId ?? ACCOUNT,
    startedAt: new Date(finishedAt.getTime() - 1000),
    finishedAt,
    collectedAt: at,
    source: 'test',
    findings,
    gaps: [],
    notices: [],
    actor: { id: 'tester', via: 'cli' },
    ...extra,
  };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'rightsize-state-'));
}
