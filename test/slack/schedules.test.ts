import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * Scheduled scans through `rightsize serve`'s composition: the scheduler records each scan in the state store
 * and the app posts the digest to the schedule's channel through the real Web API client.
 */
const openTrust = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });

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
accounts: [{ id: '${ACCOUNT}', name: prod, snapshot: '${dir}' }, { id: '210987654321', name: broken, snapshot: '${join(dir, 'missing')}' }]
schedules:
  - { name: nightly, cron: '0 2 * * *', accounts: [prod], channel: C0DIGEST, groupBy: resource, minSeverity: high }
  - { name: weekly, cron: '0 3 * * 1', accounts: [broken], channel: C0DIGEST }
`,
  });
});
afterAll(async () => {
  await h?.close();
});

type Json = Record<string, unknown>;
const texts = (value: unknown): string => JSON.stringify(value);

describe('scheduled digests', () => {
  const nightly = () => h.scheduler.schedules.find((s) => s.name === 'nightly')!;

  it('posts the first scan as the baseline, filtered by the schedule and grouped by resource', async () => {
    await h.scheduler.runSchedule(nightly());
    const [digest] = h.api.callsOf('chat.postMessage');
    expect(digest?.args.channel).toBe('C0DIGEST');
    const text = texts(digest!.args.blocks);
    expect(text).toContain('Rightsize digest · prod (123456789012)');
    expect(text).toContain('*Baseline*: the first recorded scan of this account');
    expect(text).toContain('Showing severity high or worse');
    expect(text).toContain('user `break-glass`');
    // The low finding (a policy attached to a user directly) is below the schedule's minSeverity.
    const scan = h.scans.latest(ACCOUNT)!;
    const low = scan.result.findings.filter((f) => f.severity === 'low');
    expect(low.length).toBeGreaterThan(0);
    for (const f of low) expect(text).not.toContain(f.id);
    expect(h.store.scans(ACCOUNT)).toHaveLength(1);
    expect(h.store.data.audit.at(-1)).toMatchObject({
      action: 'scan',
      actor: { id: 'schedule:nightly', via: 'schedule' },
    });
  });

  it('posts what is new and what was resolved after the next scan', async () => {
    const before = h.scans.latest(ACCOUNT)!;
    const resolvedIds = before.result.findings.filter((f) => f.resourceName === 'break-glass').map((f) => f.id);
    await writeFile(
      join(dir, 'authorization-details.json'),
      JSON.stringify(
        authorizationDetails({
          users: [user('break-glass')],
          roles: [role('partner-access', { trust: openTrust }), role('ci-admin', { inline: { all: doc(allow('*')) } })],
          policies: [adminPolicy],
        }),
      ),
    );
    const posts = h.api.callsOf('chat.postMessage').length;
    await h.scheduler.runSchedule(nightly());
    const digest = h.api.callsOf('chat.postMessage')[posts]!;
    const text = texts(digest.args.blocks);
    const after = h.scans.latest(ACCOUNT)!;
    const fresh = after.result.findings.filter((f) => f.resourceName === 'ci-admin' && f.severity !== 'low');
    expect(fresh.length).toBeGreaterThan(0);
    expect(text).toContain('*Since the last scan*');
    expect(text).toContain(`*${fresh.length} new finding`);
    expect(text).toContain('~user break-glass~');
    expect(text).toContain('· *new* ·');
    expect(text).not.toContain('Baseline');
    expect(after.changes?.resolved.map((f) => f.id).sort()).toEqual([...resolvedIds].sort());
    for (const id of resolvedIds) expect(h.store.data.findings[id]?.status).toBe('resolved');
  });

  it('says in the channel when a scheduled scan failed, instead of staying silent', async () => {
    const posts = h.api.callsOf('chat.postMessage').length;
    await h.scheduler.runSchedule(h.scheduler.schedules.find((s) => s.name === 'weekly')!);
    const notice = h.api.callsOf('chat.postMessage')[posts]!;
    expect(notice.args.channel).toBe('C0DIGEST');
    expect(texts(notice.args.blocks)).toContain('The scheduled scan \\"weekly\\" of broken (210987654321) failed');
  });

  it('records /rightsize scan through the same store, and shows the next scheduled run in status', async () => {
    const scans = h.store.scans(ACCOUNT).length;
    const cmd = h.requests.slashCommand('scan prod', { user: 'U0ALICE', channel: 'C0SECURITY' });
    await cmd.send();
    await h.api.waitFor(() => h.api.responses.find((r) => r.method === `respond/${cmd.responseId}`));
    expect(h.store.scans(ACCOUNT)).toHaveLength(scans + 1);
    expect(h.store.data.audit.filter((a) => a.action === 'scan').at(-1)?.actor).toEqual({
      id: 'U0ALICE',
      via: 'slack',
    });

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
