import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, encodeFindingRef } from '../../views/finding-ref.js';
import {
  ACCOUNT,
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN,
  authorizationDetails,
  snapshotDir,
  user,
} from '../support/builders.js';
import { startSlackAppHarness, TEST_CONFIG, type SlackAppHarness } from '../support/slack-app.js';

type Json = Record<string, unknown>;
const texts = (value: unknown): string => JSON.stringify(value);
const blocksOf = (args: Json) => (args.blocks ?? (args.view as Json | undefined)?.blocks) as Json[];

const EXAMPLES = join(import.meta.dirname, '../../examples');
const DEMO = '111122223333';
const SHARED = '444455556666';
const ORG = 'o-acme12345';

let h: SlackAppHarness;

beforeAll(async () => {
  // The demo organisation's two accounts (examples/organization.json next to them), and one outside any organisation.
  const outside = await snapshotDir({
    'authorization-details.json': authorizationDetails({
      users: [user('admin', { managed: [ADMINISTRATOR_ACCESS_ARN] })],
      policies: [ADMINISTRATOR_ACCESS],
    }),
  });
  h = await startSlackAppHarness({
    snapshotDirs: [join(EXAMPLES, 'demo-account'), join(EXAMPLES, 'demo-shared-services'), outside],
    // The schedules scan what is served: these three accounts.
    config: `${TEST_CONFIG}
schedules:
  - { name: by-org, cron: '0 1 * * *', channel: C0ORGS, digest: organization }
  - { name: by-account, cron: '0 2 * * *', channel: C0ACCOUNTS }
`,
  });
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.api.problems).toEqual([]);
});

const headerOf = (args: Json) => (blocksOf(args)[0]!.text as Json).text as string;
/** Runs a schedule and returns what it posted. */
async function runSchedule(name: string) {
  const before = h.api.callsOf('chat.postMessage').length;
  await h.scheduler.runSchedule(h.scheduler.schedules.find((s) => s.name === name)!);
  return h.api.callsOf('chat.postMessage').slice(before);
}

const statusBlocks = async (): Promise<string[]> => {
  const cmd = h.requests.slashCommand('status');
  await cmd.send();
  const reply = await h.api.waitFor(
    () => h.api.responses.filter((r) => r.method === `respond/${cmd.responseId}`).at(-1)?.args as Json | undefined,
  );
  return (reply.blocks as Json[]).map((b) => texts(b));
};

describe('accounts of an organisation in Slack', () => {
  it('/rightsize status groups the accounts by organisation, each with its OU path; the others as before', async () => {
    const before = await statusBlocks();
    const heading = before.findIndex((b) => b.includes(`*Organisation ${ORG}* · 2 accounts served · none scanned yet`));
    expect(heading, before.join('\n')).toBeGreaterThan(0);
    expect(before[heading + 2]).toContain(`*acme-demo (${DEMO})* · Root/Workloads · snapshot `);
    expect(before[heading + 4]).toContain(`*shared-services (${SHARED})* · Root/Shared · snapshot `);
    const outside = before.findIndex((b) => b.includes('*Outside any organisation*'));
    expect(outside).toBeGreaterThan(heading + 4);
    // The account outside any organisation shows as it always did: its id, then where its data comes from.
    expect(before[outside + 2]).toMatch(new RegExp(`"\\*${ACCOUNT}\\* · snapshot [^·]+\\\\nNot scanned yet`));

    const demo = await h.scans.scan(DEMO);
    expect((await statusBlocks()).join('\n')).toContain(
      `*Organisation ${ORG}* · 2 accounts served · ${demo.result.findings.length} open findings in the 1 scanned (1 not yet)`,
    );
    await h.scans.scan(SHARED);
    await h.scans.scan(ACCOUNT);
    const open = [DEMO, SHARED].reduce((n, id) => n + h.scans.latest(id)!.result.findings.length, 0);
    const after = (await statusBlocks()).join('\n');
    expect(after).toContain(`*Organisation ${ORG}* · 2 accounts served · ${open} open findings"`);
    // Each account's counts stay with it, under its OU path.
    expect(after).toMatch(/\*acme-demo \(111122223333\)\* · Root\/Workloads · snapshot [^"]*Last scan/);
    expect(after).toMatch(/\*shared-services \(444455556666\)\* · Root\/Shared · snapshot [^"]*Last scan/);
    expect(after).toMatch(new RegExp(`\\*${ACCOUNT}\\* · snapshot [^·"]+\\\\nLast scan`));
  });

  it('findings of an account in the organisation carry its OU path; those of the other account none', async () => {
    const demo = h.scans.latest(DEMO) ?? (await h.scans.scan(DEMO));
    expect(demo.result.findings.length).toBeGreaterThan(0);
    expect(new Set(demo.result.findings.map((f) => f.ouPath))).toEqual(new Set(['Root/Workloads']));
    const outside = h.scans.latest(ACCOUNT) ?? (await h.scans.scan(ACCOUNT));
    expect(outside.result.findings.some((f) => 'ouPath' in f)).toBe(false);
  });

  it('the digest names the organisation and the OU path; the other account’s digest is as before', async () => {
    const digestOf = async (account: string, channel: string) => {
      const cmd = h.requests.slashCommand(`scan ${account}`, { channel });
      await cmd.send();
      const post = await h.api.waitFor(() => h.api.callsOf('chat.postMessage').find((c) => c.args.channel === channel));
      return post.args;
    };
    const demo = await digestOf(DEMO, 'C0ORGDEMO');
    expect((blocksOf(demo)[0]!.text as Json).text).toBe(
      `Rightsize digest · acme-demo (${DEMO}) · ${ORG} · Root/Workloads`,
    );
    expect(demo.text).toMatch(new RegExp(`^Rightsize digest · acme-demo \\(${DEMO}\\) · ${ORG} · Root/Workloads: `));
    const outside = await digestOf(ACCOUNT, 'C0OUTSIDE');
    expect((blocksOf(outside)[0]!.text as Json).text).toBe(`Rightsize digest · ${ACCOUNT}`);
    expect(texts(outside)).not.toContain(ORG);
  });

  it('the finding details name the organisation and the OU path under the account', async () => {
    const open = async (accountId: string) => {
      const scan = h.scans.latest(accountId) ?? (await h.scans.scan(accountId));
      const finding = scan.result.findings[0]!;
      const before = h.api.callsOf('views.open').length;
      const value = encodeFindingRef({ findingId: finding.id, accountId, scannedAt: scan.scannedAt });
      await h.requests.buttonClick(ACTION_IDS.viewFinding, value).send();
      const opened = await h.api.waitFor(() => h.api.callsOf('views.open')[before]);
      return texts(blocksOf(opened.args));
    };
    expect(await open(SHARED)).toContain(`*Account*\\nshared-services (${SHARED})\\n${ORG} · Root/Shared`);
    const outside = await open(ACCOUNT);
    expect(outside).toContain(`*Account*\\n${ACCOUNT}"`);
  });
});

describe('a digest per organisation (schedules with `digest: organization`)', () => {
  it('posts one message for the organisation (accounts with OU paths and counts, then the cross-account paths); the account outside keeps its own digest', async () => {
    const posts = await runSchedule('by-org');
    expect(posts.map((p) => [p.args.channel, headerOf(p.args)])).toEqual([
      ['C0ORGS', `Rightsize digest · ${ACCOUNT}`],
      ['C0ORGS', `Rightsize digest · organisation ${ORG}`],
    ]);
    const message = posts[1]!.args;
    const blocks = blocksOf(message).map(texts);
    const all = blocks.join('\n');
    // The organisation's third account (its management account) is not served: named, not silently left out.
    expect(all).toContain('2 of 3 accounts scanned; not scanned: acme-management (100000000001)');
    expect(all).toContain('acme-management: not served by this app');
    // Each account with its OU path and its open findings by severity, as its own scan counts them.
    for (const [id, name, ou] of [
      [DEMO, 'acme-demo', 'Root/Workloads'],
      [SHARED, 'shared-services', 'Root/Shared'],
    ] as const) {
      const findings = h.scans.latest(id)!.result.findings;
      const of = (s: string) => findings.filter((f) => f.severity === s).length;
      const row = blocks.find((b) => b.includes(`*${name} (${id})* · ${ou}`));
      expect(row, all).toBeDefined();
      expect(row).toContain(
        `:red_circle: ${of('critical')} critical  :large_orange_circle: ${of('high')} high  :large_yellow_circle: ${of('medium')} medium  :white_circle: ${of('low')} low`,
      );
      expect(row).toContain('_first digest here_');
      expect(row).toContain(`Show all ${findings.length}`);
    }
    // The demo's path reaches a role of acme-demo that is not an administrator: a path, not a finding.
    expect(all).toContain('*Cross-account paths* (3) · *0 paths to an administrator* · first organisation digest');
    expect(all).toContain(
      'user dana.okafor in shared-services can become role shared-services-deploy in acme-demo via role shared-services/image-builder',
    );
    expect(message.text).toBe(
      `Rightsize digest · organisation ${ORG}: 2 accounts: ${[DEMO, SHARED].reduce((n, id) => n + h.scans.latest(id)!.result.findings.filter((f) => f.severity === 'critical').length, 0)} critical, ${[DEMO, SHARED].reduce((n, id) => n + h.scans.latest(id)!.result.findings.filter((f) => f.severity === 'high').length, 0)} high open · 3 cross-account paths (0 to an administrator)`,
    );
  });

  it('says "no change" the next time when nothing changed in any account nor in the paths', async () => {
    const [note] = await runSchedule('by-org').then((posts) => posts.filter((p) => texts(p.args).includes(ORG)));
    expect(texts(note!.args.blocks)).toContain(`*Rightsize · organisation ${ORG}*: no change since the last digest`);
    expect(note!.args.text).toMatch(/no change · 2 accounts: \d+ critical, \d+ high open · 3 cross-account paths/);
  });

  it('a schedule without the option posts one digest per account, as before', async () => {
    const posts = await runSchedule('by-account');
    expect(posts.map((p) => headerOf(p.args))).toEqual([
      `Rightsize digest · acme-demo (${DEMO}) · ${ORG} · Root/Workloads`,
      `Rightsize digest · shared-services (${SHARED}) · ${ORG} · Root/Shared`,
      `Rightsize digest · ${ACCOUNT}`,
    ]);
    expect(texts(posts)).not.toContain('Cross-account paths');
  });

  it('/rightsize status names the organisation’s cross-account paths once its pass has run', async () => {
    const cmd = h.requests.slashCommand('status');
    await cmd.send();
    const reply = await h.api.waitFor(
      () => h.api.responses.filter((r) => r.method === `respond/${cmd.responseId}`).at(-1)?.args as Json | undefined,
    );
    expect(texts(reply.blocks)).toMatch(
      new RegExp(
        `\\*Organisation ${ORG}\\* · 2 accounts served · \\d+ open findings · 3 cross-account paths \\(0 to an administrator\\)`,
      ),
    );
  });
});
