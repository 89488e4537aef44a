import { describe, expect, it } from 'vitest';
import type { Finding } from '../risks/types.js';
import type { ScanRecord } from '../serve/types.js';
import { blockKitProblems } from '../../test/support/block-kit.js';
import { renderDigest } from './digest.js';
import { findingDetailsMessage, findingDetailsModal } from './finding-details.js';
import { homeView } from './home.js';
import { riskListMessage } from './risk-list.js';
import { statusMessage } from './status.js';

const long = (n: number) => 'x<&>'.repeat(Math.ceil(n / 4)).slice(0, n);

function finding(i: number, overrides: Partial<Finding> = {}): Finding {
  return {
    id: `rule-${i % 40}-${String(i).padStart(10, '0')}`,
    ruleId: `rule-${i % 40}`,
    severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4]!,
    accountId: '111122223333',
    resourceArn: `arn:aws:iam::111122223333:role/${long(900)}${i}`,
    resourceType: 'role',
    resourceName: `${long(500)}${i}`,
    title: long(600),
    evidence: Array.from({ length: 300 }, (_, j) => ({
      summary: long(2500),
      policyName: long(300),
      statementIndex: j,
      actions: Array.from({ length: 50 }, (_, k) => `svc:${long(60)}${k}`),
    })),
    remediation: { summary: long(5000), consoleUrl: `https://console.aws.amazon.com/${long(4000)}` },
    relatedArns: Array.from({ length: 40 }, (_, k) => `arn:aws:iam::111122223333:role/${long(400)}${k}`),
    ...overrides,
  };
}

const findings = Array.from({ length: 400 }, (_, i) => finding(i));
const scan: ScanRecord = {
  account: { id: '111122223333', label: long(400), source: long(2000) },
  scannedAt: '2026-11-20T12:00:00.000Z',
  durationMs: 1234,
  result: {
    accountId: '111122223333',
    collectedAt: '2026-11-20T09:00:00Z',
    findings,
    notices: Array.from({ length: 60 }, (_, i) => ({ ruleId: `rule-${i}`, message: long(900) })),
    gaps: Array.from({ length: 60 }, (_, i) => ({
      source: `${long(200)}${i}`,
      reason: 'error' as const,
      message: long(900),
    })),
    problems: [],
    stats: { principals: 1, policies: 1, rules: 40 },
  },
  changes: {
    previousScanAt: '2026-11-19T12:00:00Z',
    newFindingIds: findings.slice(0, 50).map((f) => f.id),
    resolved: findings.slice(50, 120),
  },
};
const ruleTitles = new Map(Array.from({ length: 40 }, (_, i) => [`rule-${i}`, long(700)]));

describe('views with oversized input stay within Block Kit limits', () => {
  it.each(['risk', 'resource', 'none'] as const)(
    'digest grouped by %s, in the channel and in its thread',
    (groupBy) => {
      for (const threadFindings of [0, 10_000]) {
        const plan = renderDigest({ scan, groupBy, ruleTitles, filter: { rules: [long(3000)] } }, { threadFindings });
        for (const message of [plan.message, ...plan.thread])
          expect(blockKitProblems('message', { ...message })).toEqual([]);
      }
      const unfiltered = renderDigest({ scan, groupBy, ruleTitles }, { threadFindings: 10_000 });
      expect(unfiltered.thread.length).toBeGreaterThan(1);
      for (const message of [unfiltered.message, ...unfiltered.thread])
        expect(blockKitProblems('message', { ...message })).toEqual([]);
    },
  );

  it('finding details as a message and as a modal', () => {
    const f = findings[0]!;
    expect(
      blockKitProblems('message', {
        ...findingDetailsMessage({
          finding: f,
          scan,
          owner: { team: long(900), tag: long(300), slack: 'S0TEAM' },
          mute: { by: 'U0SECLEAD', reason: long(900), at: '2026-11-20T00:00:00Z', until: '2026-12-20T00:00:00Z' },
          rule: { title: long(900), rationale: long(9000) },
        }),
      }),
    ).toEqual([]);
    expect(blockKitProblems('modal', { ...findingDetailsModal({ finding: f, scan }) })).toEqual([]);
  });

  it('risk list, status and Home tab', () => {
    expect(
      blockKitProblems('message', { ...riskListMessage({ scans: [scan], groupBy: 'risk', filter: {}, ruleTitles }) }),
    ).toEqual([]);
    expect(
      blockKitProblems('message', {
        ...statusMessage(
          Array.from({ length: 30 }, () => ({
            account: scan.account,
            latest: scan,
            nextRunAt: '2026-11-21T00:00:00Z',
          })),
        ),
      }),
    ).toEqual([]);
    expect(
      blockKitProblems('home', {
        ...homeView({
          userId: 'U0ALICE',
          accounts: Array.from({ length: 30 }, () => ({
            account: scan.account,
            latest: scan,
            recent: Array.from({ length: 10 }, () => ({
              finishedAt: '2026-11-20T00:00:00Z',
              baseline: false,
              counts: { total: 9999, new: 999, reopened: 9, resolved: 999, muted: 9 },
            })),
          })),
          mine: { teams: Array.from({ length: 50 }, () => long(200)), findings },
        }),
      }),
    ).toEqual([]);
  });
});
