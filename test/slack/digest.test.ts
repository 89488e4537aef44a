import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrgSnapshot } from '../../bench/generate-org.js';
import { GROUP_BY } from '../../src/report/group.js';
import { RULES } from '../../src/risks/rules/index.js';
import { runRules } from '../../src/risks/run.js';
import type { LatestScan } from '../../src/scans/types.js';
import { publishDigest } from '../../commands/outbound/publish-digest.js';
import { renderDigest } from '../../views/digest-messages.js';
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

describe('digest of the demo account, posted through the real Web API client', () => {
  let demo: LatestScan;
  beforeAll(async () => {
    demo = await scanOf(demoSnapshotDir(), 'bundled demo account');
  });

  it('continues in thread replies when the rest is short, every finding listed once', async () => {
    const calls = api.calls.length;
    const posted = await publishDigest(client, 'C0DIGEST', renderDigest({ scan: demo, groupBy: 'risk', ruleTitles }));
    const posts = api.calls.slice(calls).filter((c) => c.method === 'chat.postMessage');
    expect(posted.threadReplies).toBe(posts.length - 1);
    expect(posted.threadReplies).toBeGreaterThan(0);
    const listed = posts.flatMap((p) => JSON.stringify(p.args.blocks).match(/"f\\":\\"[a-z-]+-[0-9a-f]{10}/g) ?? []);
    expect(new Set(listed).size).toBe(demo.result.findings.length);
    expect(JSON.stringify(posts[0]!.args.blocks)).toContain('listed in the thread');
    expect(api.problems).toEqual([]);
  });

  it('uploads the full list as a file in the thread when the rest is long', async () => {
    const posted = await publishDigest(
      client,
      'C0DIGEST',
      renderDigest({ scan: demo, groupBy: 'resource', ruleTitles }, { threadFindings: 10 }),
    );
    expect(posted.threadReplies).toBe(0);
    expect(posted.fileId).toBeDefined();
    const upload = api.uploads.find((u) => u.fileId === posted.fileId)!;
    for (const f of demo.result.findings) expect(upload.content).toContain(f.id);
    const complete = api.callsOf('files.completeUploadExternal').at(-1)!;
    expect(complete.args).toMatchObject({ channel_id: 'C0DIGEST', thread_ts: posted.ts });
    expect(api.problems).toEqual([]);
  });

  it('shows new and resolved findings since the last scan when the state store provides them', () => {
    const [first, second] = demo.result.findings;
    const plan = renderDigest({
      scan: {
        ...demo,
        changes: {
          previousScanAt: '2026-11-19T12:00:00Z',
          newFindingIds: [first!.id, second!.id],
          resolved: [
            {
              id: 'open-trust-aaaaaaaaaa',
              ruleId: 'open-trust',
              severity: 'high',
              resourceType: 'role',
              resourceName: 'old-partner',
              title: 'Trust policy open to anyone',
            },
          ],
        },
      },
      groupBy: 'risk',
      ruleTitles,
    });
    const text = JSON.stringify(plan.message.blocks);
    expect(text).toContain('*2 new findings*');
    expect(text).toContain('*1 resolved*');
    expect(text).toContain('~role old-partner~');
    expect(text).toContain('· *new* ·');
    expect(blockKitProblems('message', { ...plan.message })).toEqual([]);
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
    const text = JSON.stringify(renderDigest({ scan: partial, groupBy: 'risk', ruleTitles }).message.blocks);
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

  it.each(GROUP_BY)('posts a digest grouped by %s that Slack accepts', async (groupBy) => {
    expect(org.result.findings.length).toBeGreaterThan(10_000);
    const plan = renderDigest({ scan: org, groupBy, ruleTitles });
    expect(plan.file).toBeDefined();
    const posted = await publishDigest(client, 'C0ORG', plan);
    expect(api.problems).toEqual([]);
    const upload = api.uploads.find((u) => u.fileId === posted.fileId)!;
    expect(upload.content.split('\n').filter((l) => l.startsWith('  [')).length).toBe(org.result.findings.length);
  });

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
