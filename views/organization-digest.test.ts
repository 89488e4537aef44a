import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/risks/types.js';
import { buildDigest, type DigestChanges } from '../src/scans/digest.js';
import type { OrganizationDigest } from '../src/scans/organization-digest.js';
import type { LatestScan } from '../src/scans/types.js';
import { blockKitProblems } from '../test/support/block-kit.js';
import { organizationDigestMessage, organizationNoChangeMessage } from './organization-digest.js';

const long = (n: number) => 'x<&>'.repeat(Math.ceil(n / 4)).slice(0, n);
const ORG = 'o-big0000001';

function finding(i: number): Finding {
  return {
    id: `cross-account-escalation-${String(i).padStart(10, '0')}`,
    ruleId: 'cross-account-escalation',
    severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4]!,
    accountId: '111122223333',
    resourceArn: `arn:aws:iam::111122223333:user/${long(300)}${i}`,
    resourceType: 'user',
    resourceName: `${long(200)}${i}`,
    title: long(900),
    evidence: [{ summary: long(2000) }],
    remediation: { summary: long(2000), consoleUrl: 'https://console.aws.amazon.com/iam' },
  };
}

function scanOf(id: string, findings: Finding[], label?: string): LatestScan {
  return {
    account: { id, ...(label && { label }), source: long(500), organization: { id: ORG, ouPath: long(400) } },
    scannedAt: '2026-11-20T12:00:00.000Z',
    durationMs: 1,
    result: {
      accountId: id,
      collectedAt: '2026-11-20T09:00:00Z',
      findings,
      notices: [],
      gaps: [],
      problems: [],
      stats: { principals: 1, policies: 1, rules: 1 },
    },
  };
}

const paths = Array.from({ length: 400 }, (_, i) => finding(i));
const since: DigestChanges = {
  since: { kind: 'digest', at: '2026-11-19T12:00:00Z' },
  newIds: paths.slice(0, 50).map((f) => f.id),
  reopenedIds: [],
  resolved: paths.slice(0, 80),
  unverified: [],
};
const digestOf = (latest: LatestScan) =>
  buildDigest({ latest }, { groupBy: 'risk', minSeverity: 'low', ruleTitles: new Map(), changes: since });

describe('an organisation digest with oversized input', () => {
  const digest: OrganizationDigest = {
    organizationId: ORG,
    scannedAt: '2026-11-20T12:00:00.000Z',
    paths: digestOf(scanOf(ORG, paths, 'organisation pass')),
    accounts: Array.from({ length: 300 }, (_, i) =>
      digestOf(scanOf(String(100000000000 + i), paths.slice(0, 20), long(300))),
    ),
    unjoined: Array.from({ length: 200 }, (_, i) => ({
      accountId: String(200000000000 + i),
      name: long(200),
      served: i % 2 === 0,
    })),
    pathCount: 900,
    otherPaths: Array.from({ length: 500 }, () => long(800)),
    changed: true,
  };

  it('stays within Block Kit limits, says how many accounts it leaves out, and lists at most 10 paths', () => {
    const message = organizationDigestMessage(digest);
    expect(blockKitProblems('message', { ...message })).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toMatch(/and \d+ more accounts: `\/rightsize status` lists every account/);
    expect(text).toContain('and 390 more paths to an administrator');
    expect(blockKitProblems('message', { ...organizationNoChangeMessage({ ...digest, changed: false }) })).toEqual([]);
  });
});
