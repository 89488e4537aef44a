import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/risks/types.js';
import type { LatestScan } from '../src/scans/types.js';
import { blockKitProblems } from '../test/support/block-kit.js';
import { buildDigest } from '../src/scans/digest.js';
import { digestMessage, noChangeMessage } from './digest-messages.js';
import { changesPage, evidencePage, FINDINGS_PER_PAGE, findingsPage, servicesPage } from './pages.js';
import { findingDetailsMessage, findingDetailsModal } from './finding-details.js';
import { homeView } from './home.js';
import { riskListMessage } from './risk-list.js';
import { statusMessage } from './status.js';
import type { Suggestion } from '../src/downsize/types.js';
import type { PrincipalInsights } from '../src/usage/insights.js';
import { insightsMessage, insightsModal } from './insights.js';
import { muteModal } from './mute-modal.js';
import { diffFitsInline, suggestionMessage, suggestionModal } from './suggestion.js';

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
    remediation: { summary: long(5000), consoleUrl: `https://console.aws.amazon.com/${'x'.repeat(4000)}` },
    relatedArns: Array.from({ length: 40 }, (_, k) => `arn:aws:iam::111122223333:role/${long(400)}${k}`),
    ...overrides,
  };
}

const findings = Array.from({ length: 400 }, (_, i) => finding(i));
const scan: LatestScan = {
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
  const digestOf = (groupBy: 'risk' | 'resource' | 'none', minSeverity: 'low' | 'high') =>
    buildDigest(
      { latest: scan },
      {
        groupBy,
        minSeverity,
        ruleTitles,
        accountName: long(400),
        changes: {
          since: { kind: 'digest', at: '2026-11-19T12:00:00Z' },
          newIds: findings.slice(0, 50).map((f) => f.id),
          reopenedIds: findings.slice(50, 70).map((f) => f.id),
          resolved: findings.slice(100, 170),
          unverified: findings.slice(170, 180),
        },
      },
    );

  it.each(['risk', 'resource', 'none'] as const)('digest grouped by %s, with changes and without', (groupBy) => {
    for (const minSeverity of ['low', 'high'] as const) {
      const digest = digestOf(groupBy, minSeverity);
      const owners = new Map(findings.map((f) => [f.id, { team: long(300), tag: long(100), slack: 'U0OWNER' }]));
      for (const message of [digestMessage({ digest, owners, jira: true }), noChangeMessage(digest)])
        expect(blockKitProblems('message', { ...message })).toEqual([]);
      const baseline = { ...digest, since: { kind: 'baseline', of: 'channel' } as const, baseline: true };
      expect(blockKitProblems('message', { ...digestMessage({ digest: baseline, jira: true }) })).toEqual([]);
    }
  });

  it('pages of findings, changes, services and evidence, every page', () => {
    const refs = findings.map((f) => ({ finding: f, ref: { accountId: f.accountId, scannedAt: scan.scannedAt } }));
    const query = { kind: 'findings', filter: {}, groupBy: 'resource', page: 0 } as const;
    const pages = Math.ceil(findings.length / FINDINGS_PER_PAGE);
    for (let page = 0; page < pages; page++)
      expect(
        blockKitProblems('modal', { ...findingsPage({ ...query, page }, refs, 'x'.repeat(4000), ruleTitles) }),
      ).toEqual([]);
    const changes = [
      ...refs.slice(0, 30).map((r) => ({ kind: 'new' as const, ...r })),
      ...findings.slice(30, 60).map((finding) => ({ kind: 'resolved' as const, finding })),
    ];
    for (const page of [0, 1, 2])
      expect(
        blockKitProblems('modal', {
          ...changesPage(
            { kind: 'changes', account: '111122223333', since: scan.scannedAt, page },
            changes,
            'x'.repeat(4000),
          ),
        }),
      ).toEqual([]);
    const lines = Array.from({ length: 300 }, () => '&lt;x&gt;'.repeat(150));
    expect(
      blockKitProblems('modal', {
        ...servicesPage(
          { kind: 'services', account: '111122223333', principal: long(2000), page: 3 },
          lines,
          'x'.repeat(4000),
        ),
      }),
    ).toEqual([]);
    const ref = { findingId: findings[0]!.id, accountId: '111122223333', scannedAt: scan.scannedAt };
    expect(
      blockKitProblems('modal', {
        ...evidencePage({ kind: 'evidence', finding: ref, page: 5 }, lines, 'x'.repeat(4000)),
      }),
    ).toEqual([]);
  });

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

describe('insights, suggestion and mute views with oversized input', () => {
  const window = { days: 90, start: '2026-08-22T00:00:00Z', end: '2026-11-20T00:00:00Z' };
  const source = {
    source: 'cloudtrail' as const,
    level: 'action' as const,
    from: window.start,
    to: window.end,
    coversWindow: false,
    detail: long(2000),
  };
  const principal = { kind: 'role', name: long(300), arn: `arn:aws:iam::111122223333:role/${long(900)}` };
  const insights: PrincipalInsights = {
    principal,
    window,
    sources: Array.from({ length: 10 }, () => source),
    lastActivity: { date: window.end, source: 'cloudtrail' },
    provisioned: { actions: 17_000, services: 400 },
    used: { actions: 3, services: 2 },
    shareUsed: { actions: 0.0002, services: 0.005 },
    services: Array.from({ length: 400 }, (_, i) => ({
      service: `${long(120)}${i}`,
      serviceName: long(200),
      provisionedActions: 300,
      usedActions: i % 3,
      detail: (['actions', 'service-only', 'unused'] as const)[i % 3]!,
      lastUsed: window.end,
      unusedHighRisk: 40,
    })),
    usedActions: [],
    unusedHighRisk: Array.from({ length: 500 }, () => ({ action: `iam:${long(200)}`, kinds: ['escalation' as const] })),
    unmappedEvents: [],
    deniedEvents: 0,
    confidence: 'low',
    notes: Array.from({ length: 30 }, () => ({ kind: 'short-window' as const, message: long(900) })),
  };

  it('keeps insights within a message and a modal', () => {
    const input = { insights, account: scan.account };
    expect(blockKitProblems('message', { ...insightsMessage(input) })).toEqual([]);
    expect(blockKitProblems('modal', { ...insightsModal(input) })).toEqual([]);
  });

  it('shows a diff inline only while it fits, in sections Slack accepts', () => {
    const suggestion = {
      principal,
      verdict: 'downsize',
      explanation: long(3000),
      window,
      sources: [],
      current: [],
      policies: [],
      unchanged: { groupPolicies: [] },
      kept: {
        actions: 1,
        services: [],
        serviceWildcards: [long(5000)],
        scopedActions: [],
        denyStatements: 0,
        conditionalStatements: 0,
      },
      removed: { actions: 1, services: [long(5000)], byService: [], highRisk: [] },
      usedNotAllowedToday: [],
      confidence: 'low',
      notes: [],
    } as Suggestion;
    const diff = Array.from({ length: 400 }, () => `+    "${long(40)}",`).join('\n');
    expect(diffFitsInline(diff)).toBe(false);
    // Escaping (&lt; &amp; &gt;) counts: this text is about 4,900 characters once escaped.
    const fits = diff.slice(0, 1400);
    expect(diffFitsInline(fits)).toBe(true);
    const input = { suggestion, diff: fits, account: scan.account };
    expect(blockKitProblems('message', { ...suggestionMessage(input) })).toEqual([]);
    expect(blockKitProblems('modal', { ...suggestionModal(input) })).toEqual([]);
    const filed = { ...input, diff, fileNote: long(2000) };
    expect(blockKitProblems('message', { ...suggestionMessage(filed) })).toEqual([]);
  });

  it('keeps the mute form within a modal', () => {
    const f = findings[0]!;
    const modal = muteModal(f, { findingId: f.id, accountId: f.accountId, scannedAt: scan.scannedAt });
    expect(blockKitProblems('modal', { ...modal })).toEqual([]);
  });
});
