import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSnapshotDir } from '../../src/snapshot/demo.js';
import {
  ACCOUNT,
  allow,
  authorizationDetails,
  doc,
  role,
  snapshotDir,
  user,
  ADMINISTRATOR_ACCESS as adminPolicy,
  ADMINISTRATOR_ACCESS_ARN as ADMIN,
} from '../support/builders.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';
import { pageThrough, showAllButtons } from '../support/slack-pages.js';

/**
 * Scheduled scans through `rightsize serve`'s composition: the scheduler records each scan in the state store and
 * the app posts each channel's digest, a delta since that channel's previous one, through the real Web API client.
 */
const openTrust = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });
const DEMO = '111122223333';

let h: SlackAppHarness;
let dir: string;

beforeAll(async () => {
  dir = await snapshotDir({
    'authorization-details.json': authorizationDetails({
      users: [user('break-glass', { managed: [ADMIN] })],
      roles: [role('partner-access', { trust: openTrust })],
      policies: [adminPolicy],
    }),
  });
  h = await startSlackAppHarness({
    config: `
accounts:
  - { id: '${DEMO}', name: demo, snapshot: '${demoSnapshotDir()}' }
  - { id: '${ACCOUNT}', name: prod, snapshot: '${dir}' }
  - { id: '210987654321', name: broken, snapshot: '${join(dir, 'missing')}' }
ownership:
  teams:
    platform: { slack: U0ALICE }
schedules:
  - { name: demo-high, cron: '0 1 * * *', accounts: [demo], channel: C0DEMO, minSeverity: high }
  - { name: nightly, cron: '0 2 * * *', accounts: [prod], channel: C0DIGEST, groupBy: resource, minSeverity: high }
  - { name: quiet, cron: '0 4 * * *', accounts: [prod], channel: C0QUIET, onNoChange: quiet }
  - { name: skip, cron: '0 5 * * *', accounts: [prod], channel: C0SKIP, onNoChange: skip }
  - { name: weekly, cron: '0 3 * * 1', accounts: [broken], channel: C0DIGEST }
`,
  });
});
afterAll(async () => {
  await h?.close();
});

type Json = Record<string, unknown>;
const texts = (value: unknown): string => JSON.stringify(value);
const schedule = (name: string) => h.scheduler.schedules.find((s) => s.name === name)!;
const postsTo = (channel: string) => h.api.callsOf('chat.postMessage').filter((c) => c.args.channel === channel);
/** Runs a schedule and returns what it posted. */
async function run(name: string) {
  const before = h.api.callsOf('chat.postMessage').length;
  await h.scheduler.runSchedule(schedule(name));
  return h.api.callsOf('chat.postMessage').slice(before);
}

describe('scheduled digests', () => {
  it('counts every severity under a filter and says what it leaves out; the first digest of a channel is its baseline', async () => {
    // `serve` records a scan at start: the channel's first digest is still its baseline, not "since that scan".
    await h.scans.scan(DEMO);
    const [digest] = await run('demo-high');
    expect(digest?.args.channel).toBe('C0DEMO');
    const text = texts(digest!.args.blocks);
    expect(text).toContain('*First digest in this channel*');
    expect(text).not.toContain('Since the last');
    const findings = h.scans.latest(DEMO)!.result.findings;
    const of = (severity: string) => findings.filter((f) => f.severity === severity).length;
    const listed = of('critical') + of('high');
    expect(of('medium')).toBeGreaterThan(0);
    expect(text).toContain(`*Critical*\\n${of('critical')}"`);
    expect(text).toContain(`*Medium*\\n${of('medium')} · _not listed_`);
    expect(text).toContain(`*Low*\\n${of('low')} · _not listed_`);
    expect(text).toContain(`*Listed*\\n${listed} of ${findings.length}`);
    expect(text).toContain(
      `Listing severity high or worse: ${listed} of ${findings.length} open findings; ${findings.length - listed} below high are left out of the lists`,
    );
    // What the filter leaves out is a click away, not a pointer to another command: its Show all pages everything.
    const everything = showAllButtons(digest!.args.blocks as Json[]).find(
      (b) => (b.text as Json).text === `Show all ${findings.length}`,
    );
    expect(everything, text).toBeDefined();
    const { listed: paged } = await pageThrough(h, everything!.value as string);
    expect([...new Set(paged)].sort()).toEqual(findings.map((f) => f.id).sort());
    expect(digest!.args.text).toBe(
      `Rightsize digest · demo (${DEMO}) · o-acme12345 · Root/Workloads: ${of('critical')} critical, ${of('high')} high open · first digest here`,
    );
    expect(h.store.data.channelDigests.find((d) => d.channel === 'C0DEMO')).toMatchObject({
      accountId: DEMO,
      findingIds: expect.arrayContaining(findings.map((f) => f.id)),
    });
  });

  it('posts what is new and resolved since the channel’s last digest, mentioning owners of serious new findings', async () => {
    const [baseline] = await run('nightly');
    expect(texts(baseline!.args.blocks)).toContain('*First digest in this channel*');
    const before = h.scans.latest(ACCOUNT)!;
    const resolvedIds = before.result.findings.filter((f) => f.resourceName === 'break-glass').map((f) => f.id);
    await writeFile(
      join(dir, 'authorization-details.json'),
      JSON.stringify(
        authorizationDetails({
          users: [user('break-glass')],
          roles: [
            role('partner-access', { trust: openTrust }),
            role('ci-admin', { inline: { all: doc(allow('*')) }, tags: { team: 'platform' } }),
          ],
          policies: [adminPolicy],
        }),
      ),
    );
    // A scan in between (someone's `/rightsize scan` elsewhere) does not hide the change from this channel.
    await h.scans.scan(ACCOUNT);
    const [digest] = await run('nightly');
    const text = texts(digest!.args.blocks);
    const fresh = h.scans
      .latest(ACCOUNT)!
      .result.findings.filter((f) => f.resourceName === 'ci-admin' && f.severity !== 'low');
    expect(fresh.length).toBeGreaterThan(0);
    expect(text).toContain('*Since the last digest here*');
    expect(text).toContain(`*${fresh.length} new*`);
    expect(text).toContain('~user break-glass is a full administrator');
    expect(text).toMatch(/\*new\* · role `ci-admin` [^"]*· owner <@U0ALICE>/);
    expect(text).not.toContain('First digest');
    expect(digest!.args.text).toMatch(/· \d+ new, 0 reopened, \d+ resolved$/);
    for (const id of resolvedIds) expect(h.store.data.findings[id]?.status).toBe('resolved');
  });

  it('posts one line when nothing changed, never the whole list again', async () => {
    const [note] = await run('nightly');
    expect(note?.args.channel).toBe('C0DIGEST');
    const blocks = note!.args.blocks as Json[];
    expect(blocks.length).toBeLessThanOrEqual(2);
    expect(texts(blocks)).toContain('no change since the last digest');
    expect(texts(blocks)).toContain('"action_id":"page.show"');
    expect(texts(blocks)).not.toContain('View details');
    expect(note!.args.text).toMatch(/^Rightsize · prod \(123456789012\): no change · \d+ critical, \d+ high open$/);
  });

  it('puts the no-change line in the last digest’s thread when quiet, and posts nothing when skip', async () => {
    const [first] = await run('quiet');
    expect(texts(first!.args.blocks)).toContain('*First digest in this channel*');
    const ts = h.store.data.channelDigests.find((d) => d.channel === 'C0QUIET')?.ts;
    expect(ts).toMatch(/^1700000000\.\d+$/);
    const [quiet, ...more] = await run('quiet');
    expect(more).toEqual([]);
    expect(quiet!.args).toMatchObject({ channel: 'C0QUIET', thread_ts: ts });
    expect(texts(quiet!.args.blocks)).toContain('no change since the last digest');

    expect(await run('skip')).toHaveLength(1);
    expect(await run('skip')).toEqual([]);
    expect(postsTo('C0SKIP')).toHaveLength(1);
  });

  it('says in the channel when a scheduled scan failed, instead of staying silent', async () => {
    const [notice] = await run('weekly');
    expect(notice!.args.channel).toBe('C0DIGEST');
    expect(texts(notice!.args.blocks)).toContain('The scheduled scan \\"weekly\\" of broken (210987654321) failed');
  });

  it('records /rightsize scan through the same store; its digest is a delta for that channel too', async () => {
    const scans = h.store.scans(ACCOUNT).length;
    const cmd = h.requests.slashCommand('scan prod', { user: 'U0ALICE', channel: 'C0DIGEST' });
    await cmd.send();
    await h.api.waitFor(() => h.api.responses.find((r) => r.method === `respond/${cmd.responseId}`));
    expect(h.store.scans(ACCOUNT)).toHaveLength(scans + 1);
    expect(h.store.data.audit.filter((a) => a.action === 'scan').at(-1)?.actor).toEqual({
      id: 'U0ALICE',
      via: 'slack',
    });
    // Asked for, the digest is posted in full even without a change, and says there is none.
    const asked = texts(postsTo('C0DIGEST').at(-1)!.args.blocks);
    expect(asked).toContain('*Since the last digest here*');
    expect(asked).toContain('*0 new* · *0 reopened* · *0 resolved*');
    const elsewhere = h.requests.slashCommand('scan prod', { channel: 'C0OTHER' });
    await elsewhere.send();
    const other = await h.api.waitFor(() => postsTo('C0OTHER')[0]);
    expect(texts(other.args.blocks)).toContain('*First digest in this channel*');
  });

  it('shows the next scheduled run in status', async () => {
    h.scheduler.start();
    const status = h.requests.slashCommand('status');
    await status.send();
    const reply = await h.api.waitFor(
      () => h.api.responses.find((r) => r.method === `respond/${status.responseId}`)?.args,
    );
    const text = texts(reply.blocks as Json[]);
    expect(text).toMatch(/prod \(123456789012\).*next scheduled scan <!date\^\d+/);
    expect(h.api.problems).toEqual([]);
  });
});
