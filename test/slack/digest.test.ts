import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrgSnapshot } from '../../bench/generate-org.js';
import { GROUP_BY, type GroupBy } from '../../src/report/group.js';
import { RULES } from '../../src/risks/rules/index.js';
import { runRules } from '../../src/risks/run.js';
import type { LatestScan } from '../../src/scans/types.js';
import { asMessage } from '../../commands/block-kit.js';
import { buildDigest, type DigestChanges } from '../../src/scans/digest.js';
import { digestMessage } from '../../views/digest-messages.js';
import { FINDINGS_PER_PAGE, findingsPage } from '../../views/pages.js';
import { findingDetailsModal } from '../../views/finding-details.js';
import { homeView } from '../../views/home.js';
import { riskListMessage } from '../../views/risk-list.js';
import { statusMessage } from '../../views/status.js';
import { demoSnapshotDir } from '../../src/snapshot/demo.js';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { blockKitProblems } from '../support/block-kit.js';
import { realEngine } from '../support/catalog.js';
import { NOW } from '../support/scan.js';
import { LocalSlackApi } from '../support/slack-api.js';

const ruleTitles = new Map(RULES.map((r) => [r.id, r.title]));
let api: LocalSlackApi;
let client: WebClient;

beforeAll(async () => {
  api = await LocalSlackApi.start();
  client = new WebClient('xoxb-test-token', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await api?.close();
});

/** A scan of a snapshot directory as the app records it (no earlier scan to compare with). */
async function scanOf(dir: string, description: string): Promise<LatestScan> {
  const snapshot = await loadSnapshot(dir);
  const result = runRules(snapshot, await realEngine(), { now: NOW });
  return {
    account: {
      id: snapshot.accountId,
      ...(snapshot.accountAlias && { label: snapshot.accountAlias }),
      source: description,
    },
    scannedAt: NOW.toISOString(),
    durationMs: 1,
    result,
  };
}

/** The digest of a scan for a channel that has had none (its baseline), or with the given changes. */
const digestOf = (scan: LatestScan, groupBy: GroupBy, changes?: DigestChanges) =>
  buildDigest(
    { latest: scan },
    {
      groupBy,
      minSeverity: 'low',
      ruleTitles,
      changes: changes ?? {
        since: { kind: 'baseline', of: 'channel' },
        newIds: [],
        reopenedIds: [],
        resolved: [],
        unverified: [],
      },
    },
  );

/** Every finding id a View details button on these pages points at. */
const listedIds = (value: unknown) =>
  [...JSON.stringify(value).matchAll(/\\"f\\":\\"([a-z-]+-[0-9a-f]{10})/g)].map((m) => m[1]!);

describe('digest of the demo account, posted through the real Web API client', () => {
  let demo: LatestScan;
  beforeAll(async () => {
    demo = await scanOf(demoSnapshotDir(), 'bundled demo account');
  });

  it('is one channel message: the top of each group, the rest behind Show all, every finding on the pages once', async () => {
    const calls = api.calls.length;
    await client.chat.postMessage({
      channel: 'C0DIGEST',
      ...asMessage(digestMessage({ digest: digestOf(demo, 'risk') })),
    });
    const posts = api.calls.slice(calls).filter((c) => c.method === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(api.problems).toEqual([]);
    const text = JSON.stringify(posts[0]!.args.blocks);
    expect(text).toContain(`of ${demo.result.findings.length} listed here`);
    expect(text).toContain('"action_id":"page.show"');
    const refs = demo.result.findings.map((f) => ({
      finding: f,
      ref: { accountId: demo.account.id, scannedAt: demo.scannedAt },
    }));
    const query = { kind: 'findings', filter: {}, groupBy: 'risk', page: 0 } as const;
    const listed: string[] = [];
    for (let page = 0; page * FINDINGS_PER_PAGE < refs.length; page++) {
      const modal = findingsPage({ ...query, page }, refs, 'the demo', ruleTitles);
      expect(blockKitProblems('modal', { ...modal })).toEqual([]);
      listed.push(...listedIds(modal.blocks));
    }
    expect(listed.sort()).toEqual(demo.result.findings.map((f) => f.id).sort());
  });

  it('shows new and resolved findings since the last digest', () => {
    const [first, second] = demo.result.findings;
    const message = digestMessage({
      digest: digestOf(demo, 'risk', {
        since: { kind: 'digest', at: '2026-11-19T12:00:00Z' },
        newIds: [first!.id, second!.id],
        reopenedIds: [],
        resolved: [
          {
            id: 'open-trust-aaaaaaaaaa',
            ruleId: 'open-trust',
            severity: 'high',
            accountId: demo.account.id,
            resourceArn: 'arn:aws:iam::111122223333:role/old-partner',
            resourceType: 'role',
            resourceName: 'old-partner',
            title: 'role old-partner trusts a whole external account',
          },
        ],
        unverified: [],
      }),
    });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*Since the last digest here*');
    expect(text).toContain('*2 new*');
    expect(text).toContain('*1 resolved*');
    expect(text).toContain('~role old-partner trusts a whole external account~');
    expect(text).toContain('· *new* ·');
    expect(blockKitProblems('message', { ...message })).toEqual([]);
  });

  it('says the scan was partial instead of "no findings" when data was missing', () => {
    const partial: LatestScan = {
      ...demo,
      result: {
        ...demo.result,
        findings: [],
        gaps: [{ source: 'credentialReport', reason: 'missing', message: 'credential-report.csv is missing' }],
      },
    };
    const text = JSON.stringify(digestMessage({ digest: digestOf(partial, 'risk') }).blocks);
    expect(text).toContain('Partial scan: 1 data gap (credentialReport)');
    expect(text).toContain('No findings in the data that could be read');
    expect(text).not.toContain(':tada:');
  });
});

describe('the 10,000-principal synthetic organisation', () => {
  let org: LatestScan;
  let dir: string | undefined;
  beforeAll(async () => {
    const cached = join('bench', 'out', 'org-10000');
    let source = cached;
    if (!existsSync(join(cached, 'authorization-details.json'))) {
      dir = await mkdtemp(join(tmpdir(), 'rightsize-org-'));
      await generateOrgSnapshot({ outDir: dir, principals: 10_000 });
      source = dir;
    }
    org = await scanOf(source, 'synthetic organisation');
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(GROUP_BY)(
    'posts a digest grouped by %s that Slack accepts, its pages reaching the last finding',
    async (groupBy) => {
      expect(org.result.findings.length).toBeGreaterThan(10_000);
      await client.chat.postMessage({
        channel: 'C0ORG',
        ...asMessage(digestMessage({ digest: digestOf(org, groupBy), jira: true })),
      });
      expect(api.problems).toEqual([]);
      const refs = org.result.findings.map((f) => ({
        finding: f,
        ref: { accountId: org.account.id, scannedAt: org.scannedAt },
      }));
      const pages = Math.ceil(refs.length / FINDINGS_PER_PAGE);
      const query = { kind: 'findings', filter: {}, groupBy, page: pages - 1 } as const;
      const last = findingsPage(query, refs, 'the organisation', ruleTitles);
      expect(blockKitProblems('modal', { ...last })).toEqual([]);
      expect(JSON.stringify(last.blocks)).toContain(
        `Page ${pages.toLocaleString('en-US')} of ${pages.toLocaleString('en-US')}`,
      );
      expect(listedIds(last.blocks)).toHaveLength(refs.length - (pages - 1) * FINDINGS_PER_PAGE);
      expect(JSON.stringify(last.blocks)).not.toContain('page.next');
    },
  );

  it('keeps the risk list, status, Home tab and the longest finding within the limits', () => {
    for (const groupBy of GROUP_BY)
      expect(
        blockKitProblems('message', { ...riskListMessage({ scans: [org], groupBy, filter: {}, ruleTitles }) }),
      ).toEqual([]);
    expect(blockKitProblems('message', { ...statusMessage([{ account: org.account, latest: org }]) })).toEqual([]);
    expect(
      blockKitProblems('home', {
        ...homeView({
          userId: 'U0ALICE',
          accounts: [{ account: org.account, latest: org }],
          mine: { teams: ['platform'], findings: org.result.findings },
        }),
      }),
    ).toEqual([]);
    const longest = org.result.findings.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
    expect(blockKitProblems('modal', { ...findingDetailsModal({ finding: longest, scan: org }) })).toEqual([]);
  });
});
