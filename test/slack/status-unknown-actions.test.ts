import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, allow, authorizationDetails, doc, snapshotDir, user } from '../support/builders.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';

type Json = Record<string, unknown>;

let h: SlackAppHarness;

beforeAll(async () => {
  // Seven unknown actions: foo:Bar, a retired service (sumerian) and five of a made-up one.
  const unknown = ['foo:Bar', 'sumerian:Login', ...Array.from({ length: 5 }, (_, i) => `gone:Do${i}`)];
  const dir = await snapshotDir({
    'authorization-details.json': authorizationDetails({
      users: [
        user('legacy', { inline: { old: doc(allow(unknown)) } }),
        user('fine', { inline: { ok: doc(allow('s3:ListAllMyBuckets')) } }),
      ],
    }),
  });
  h = await startSlackAppHarness({ snapshotDirs: [dir] });
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.api.problems).toEqual([]);
});

describe('/rightsize status with actions the catalog does not know', () => {
  it('lists the first few with where they appear, and points to the CLI for the rest', async () => {
    await h.scans.scan(ACCOUNT);
    const cmd = h.requests.slashCommand('status');
    await cmd.send();
    const reply = await h.api.waitFor(
      () => h.api.responses.find((r) => r.method === `respond/${cmd.responseId}`)?.args as Json | undefined,
    );
    const section = (reply.blocks as Json[]).find((b) =>
      JSON.stringify(b).includes('*Actions the AWS catalog does not know*'),
    );
    expect((section?.text as Json | undefined)?.text).toBe(
      [
        '*Actions the AWS catalog does not know* (retired, renamed or misspelt: they grant nothing)',
        `• foo:Bar (unknown service foo) in inline policy old of arn:aws:iam::${ACCOUNT}:user/legacy statement #0`,
        `• gone:Do0 (unknown service gone) in inline policy old of arn:aws:iam::${ACCOUNT}:user/legacy statement #0`,
        `• gone:Do1 (unknown service gone) in inline policy old of arn:aws:iam::${ACCOUNT}:user/legacy statement #0`,
        `• gone:Do2 (unknown service gone) in inline policy old of arn:aws:iam::${ACCOUNT}:user/legacy statement #0`,
        `• gone:Do3 (unknown service gone) in inline policy old of arn:aws:iam::${ACCOUNT}:user/legacy statement #0`,
        '…and 2 more: `rightsize scan` lists them',
      ].join('\n'),
    );
  });
});
