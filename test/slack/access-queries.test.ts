import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LatestScan } from '../../src/scans/types.js';
import { ACCESS_MORE_ACTION, decodeAccessPage } from '../../views/access-queries.js';
import { ACTION_IDS, decodeFindingRef } from '../../views/finding-ref.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';

/**
 * `/rightsize who-can`, `can` and `path` through signed requests to the real app over the demo account,
 * answers checked by the local Slack API server (Block Kit limits) and read back from its response URLs.
 */
let h: SlackAppHarness;
let scan: LatestScan;
const DEMO = '111122223333';

beforeAll(async () => {
  h = await startSlackAppHarness();
  scan = await h.scans.scan(DEMO);
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.api.calls.length = 0;
  h.api.responses.length = 0;
});
afterEach(() => {
  expect(h.api.problems).toEqual([]);
});

type Json = Record<string, unknown>;
type Block = { type: string; text?: { text: string }; accessory?: Json; elements?: Json[] };
const texts = (value: unknown): string => JSON.stringify(value);
const responseTo = (id: string) =>
  h.api.waitFor(() => h.api.responses.filter((r) => r.method === `respond/${id}`).at(-1)?.args);
const blocksOf = (reply: Json) => reply.blocks as Block[];
const sectionTexts = (reply: Json) =>
  blocksOf(reply)
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '');

async function ask(text: string): Promise<Json> {
  const cmd = h.requests.slashCommand(text);
  await cmd.send();
  return responseTo(cmd.responseId);
}

describe('/rightsize who-can', () => {
  it('lists principals by how they can, with View details on those with findings, and the index time once', async () => {
    const reply = await ask('who-can iam:PassRole');
    expect(reply.response_type).toBe('ephemeral');
    const sections = sectionTexts(reply);
    // With the demo organisation, SCP deny-iam-for-departing-admin takes IAM from alice.nguyen: her group's answer
    // depends on who asks (aws:PrincipalArn), and she reaches iam:PassRole through escalation.
    expect(sections[0]).toMatch(
      /`iam:PassRole` on `\*`\n7 directly · 2 conditionally · 8 through escalation of 56 principals/,
    );
    expect(sections).toContain('*Directly* (7)');
    // A principal with findings carries the existing View details button, pointing at its most severe finding.
    const erin = blocksOf(reply).find((b) => b.text?.text.startsWith('user `erin.walsh`'))!;
    expect(erin.accessory?.action_id).toBe(ACTION_IDS.viewFinding);
    const ref = decodeFindingRef(erin.accessory?.value as string)!;
    expect(scan.result.findings.find((f) => f.id === ref.findingId)?.resourceName).toBe('erin.walsh');
    expect(texts(reply.blocks)).toMatch(/index built in \d+ ms \(first query on this scan/);

    // The index is kept: the next query does not build it again.
    const again = await ask('who-can iam:PassRole --via direct');
    expect(texts(again.blocks)).not.toContain('index built');
  });

  it('pages with Show more, which brings the next principals', async () => {
    const first = await ask('who-can s3:GetObject');
    const more = blocksOf(first).find((b) => b.type === 'actions')!;
    const button = more.elements![0]!;
    expect(button.action_id).toBe(ACCESS_MORE_ACTION);
    expect(texts(button.text)).toMatch(/Show more \(\d+\)/);
    expect(decodeAccessPage(button.value as string)).toMatchObject({ kind: 'who-can', offset: 10 });
    const shownFirst = blocksOf(first).filter((b) => b.text?.text.match(/^(user|role|group) `/)).length;
    expect(shownFirst).toBe(10);

    const click = h.requests.buttonClick(ACCESS_MORE_ACTION, button.value as string);
    await click.send();
    const next = await h.api.waitFor(() => h.api.responses.find((r) => r.method === `respond/${click.trigger}`)?.args);
    expect(texts(next.blocks)).toContain('Who can · from 11');
    const firstNames = new Set(sectionTexts(first).map((t) => t.split('\n')[0]));
    const nextNames = sectionTexts(next)
      .filter((t) => /^(user|role|group) `/.test(t))
      .map((t) => t.split('\n')[0]);
    expect(nextNames.length).toBeGreaterThan(0);
    expect(nextNames.filter((n) => firstNames.has(n))).toEqual([]);
  });

  it('decides conditions with --context, and says where resource policies could change the answer', async () => {
    const reply = await ask(
      'who-can ec2:TerminateInstances --via direct --context aws:MultiFactorAuthPresent=true --context aws:RequestedRegion=eu-west-1',
    );
    const text = texts(reply.blocks);
    expect(text).toContain('with aws:MultiFactorAuthPresent=true, aws:RequestedRegion=eu-west-1');
    expect(text).toMatch(/role `ops-mfa-admin` · conditions hold in the given context/);
    expect(text).toContain('0 conditionally');
    const s3 = await ask('who-can s3:GetObject arn:aws:s3:::payroll/* --via direct');
    expect(texts(s3.blocks)).toContain('S3 bucket policies are not in the snapshot');
  });

  it('answers a bad action or context with the ack', async () => {
    const bad = (await (await h.requests.slashCommand('who-can s3:GetObject --context mfa').send()).json()) as Json;
    expect(texts(bad.blocks)).toContain('context \\"mfa\\" is not key=value');
    const unknown = await ask('who-can s3:GetObjekt');
    expect(texts(unknown.blocks)).toContain('no action in the AWS catalog matches \\"s3:GetObjekt\\"');
  });
});

describe('/rightsize can and path', () => {
  it('says allowed, denied or conditional with the deciding statements', async () => {
    const denied = await ask('can heidi iam:CreateUser');
    expect(texts(denied.blocks)).toContain(':red_circle: *Denied*');
    expect(texts(denied.blocks)).toContain(
      'removed by an explicit Deny: managed policy deny-iam-changes (via group contractors), statement #0: Deny Action iam:* on *',
    );
    const capped = await ask('can analytics-sandbox ec2:RunInstances');
    expect(texts(capped.blocks)).toContain(
      'permissions boundary arn:aws:iam::111122223333:policy/s3-read-only-boundary caps it',
    );
    const mfa = await ask('can ops-mfa-admin iam:CreateUser --context aws:MultiFactorAuthPresent=true');
    expect(texts(mfa.blocks)).toContain(':large_green_circle: *Allowed*');
  });

  it('pages the actions of a wide pattern', async () => {
    const reply = await ask('can carol.diaz s3:Get*');
    expect(texts(reply.blocks)).toMatch(/\d+ actions: \d+ allowed/);
    expect(blocksOf(reply).some((b) => b.type === 'actions')).toBe(true);
  });

  it('shows a two-step path, and "no path" with what is missing', async () => {
    const reply = await ask('path erin break-glass-admin');
    const sections = sectionTexts(reply);
    expect(sections[0]).toMatch(/^user `erin.walsh` → role `break-glass-admin`: \*2 steps\*/);
    expect(sections[1]).toMatch(/^\*Step 1\*: user erin.walsh → role account-bootstrap/);
    expect(sections[1]).toContain('`iam:PassRole` on `arn:aws:iam::111122223333:role/account-bootstrap`');
    expect(sections[2]).toMatch(/^\*Step 2\*: role account-bootstrap → role break-glass-admin/);
    const none = await ask('path carol.diaz break-glass-admin');
    expect(texts(none.blocks)).toContain('*no path*');
    expect(texts(none.blocks)).toContain('has no escalation step at all');
  });
});
