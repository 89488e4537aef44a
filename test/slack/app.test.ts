import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { visibleFindings } from '../../src/scans/visible-findings.js';
import { HEALTH_PATH } from '../../src/slack/bolt-app.js';
import { ACTION_IDS, encodeFindingRef } from '../../views/finding-ref.js';
import { blockKitProblems } from '../support/block-kit.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';
import { findingIdsIn, pageThrough, showAllButtons } from '../support/slack-pages.js';

let h: SlackAppHarness;

beforeAll(async () => {
  h = await startSlackAppHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.api.calls.length = 0;
  h.api.responses.length = 0;
  h.api.channelsWithoutBot.clear();
});
afterEach(() => {
  // Every message, modal and Home view the app sent must have been acceptable to Slack.
  expect(h.api.problems).toEqual([]);
});

type Json = Record<string, unknown>;
const texts = (value: unknown): string => JSON.stringify(value);
const blocksOf = (args: Json) => (args.blocks ?? (args.view as Json | undefined)?.blocks) as Json[];
const responseTo = (id: string) =>
  h.api.waitFor(() => h.api.responses.filter((r) => r.method === `respond/${id}`).at(-1)?.args);

describe('request verification', () => {
  it('rejects a request signed with another secret', async () => {
    const res = await h.requests.slashCommand('help').send({ secret: 'not-the-secret' });
    expect(res.status).toBe(401);
  });

  it('rejects a correctly signed request older than five minutes (replay)', async () => {
    const res = await h.requests.slashCommand('help').send({ timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });

  it('rejects a correctly signed request timestamped more than five minutes ahead, as it does a stale one', async () => {
    const ahead = await h.requests.slashCommand('help').send({ timestamp: Math.floor(Date.now() / 1000) + 10 * 60 });
    expect(ahead.status).toBe(401);
    expect(h.logs.some((l) => l.includes('timestamped more than 5 minutes in the future'))).toBe(true);
    // Within the window either way (clocks drift a little) the request is served.
    const skewed = await h.requests.slashCommand('help').send({ timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(skewed.status).toBe(200);
  });

  it('answers a payload without a user with 400, not a server error', async () => {
    const res = await h.requests
      .interactionPayload({
        type: 'block_actions',
        team: { id: 'T0TEST' },
        api_app_id: 'A0RIGHTSIZE',
        trigger_id: 'trigger-nouser',
        container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C0SECURITY' },
        actions: [{ type: 'button', action_id: ACTION_IDS.viewFinding, value: 'x', action_ts: '1' }],
      })
      .send();
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('malformed Slack payload');
    expect(h.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('answers a health check without a signature', async () => {
    const url = new URL(HEALTH_PATH, `http://127.0.0.1:${h.running.address?.port}`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
  });
});

describe('/rightsize help and usage', () => {
  /** The ack's message, checked as Slack would take it (limits, and no `<placeholder>` Slack would hide). */
  const ackOf = async (text: string) => {
    const res = await h.requests.slashCommand(text).send();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(blockKitProblems('message', body)).toEqual([]);
    return body;
  };

  it('lists exactly the subcommands that work, in the ack itself, placeholders escaped', async () => {
    const body = await ackOf('help');
    expect(body.response_type).toBe('ephemeral');
    const help = texts(body.blocks);
    for (const name of ['help', 'scan', 'risks', 'show', 'insights', 'suggest', 'mute', 'unmute', 'status'])
      expect(help).toContain(`/rightsize ${name}`);
    for (const absent of ['jira', 'fix', 'workflows']) expect(help).not.toContain(`/rightsize ${absent}`);
    expect(help).toContain('/rightsize show &lt;finding|arn|name&gt;');
    expect(help).toContain('/rightsize insights &lt;principal&gt;');
    expect(help).not.toMatch(/<(finding|principal|days|reason)/);
  });

  it('leaves mute and unmute out of help when nobody may mute, and says why when they are typed anyway', async () => {
    const bare = await startSlackAppHarness({ config: 'ownership: { teams: { platform: { slack: U0ALICE } } }\n' });
    try {
      const help = texts(((await (await bare.requests.slashCommand('help').send()).json()) as Json).blocks);
      expect(help).toContain('/rightsize risks');
      expect(help).not.toContain('/rightsize mute');
      expect(help).not.toContain('/rightsize unmute');
      const cmd = bare.requests.slashCommand('mute abcd 7 accepted');
      await cmd.send();
      const reply = await bare.api.waitFor(
        () => bare.api.responses.find((r) => r.method === `respond/${cmd.responseId}`)?.args,
      );
      expect(texts(reply.blocks)).toContain('Nobody may yet');
      expect(texts(reply.blocks)).toContain('`access.muters` or `access.approvers`');
    } finally {
      await bare.close();
    }
  });

  it('answers help for one subcommand with its usage alone', async () => {
    const body = await ackOf('help mute');
    const text = texts(body.blocks);
    expect(text).toContain('/rightsize mute &lt;finding&gt; &lt;days&gt; &lt;reason&gt;');
    expect(text).not.toContain('/rightsize risks');
  });

  it('shows help for an empty command', async () => {
    const body = await ackOf('');
    expect(texts(body.blocks)).toContain('/rightsize risks');
  });

  it('answers a typo with the closest subcommand and its usage, not the whole help', async () => {
    const body = await ackOf('riks --severity high');
    expect(body.response_type).toBe('ephemeral');
    const text = texts(body.blocks);
    expect(text).toContain('There is no `/rightsize riks`. Did you mean `/rightsize risks`?');
    expect(text).toContain('/rightsize risks [--group-by risk|resource|none]');
    expect(text).not.toContain('/rightsize show');
    expect(text.length).toBeLessThan(900);
  });

  it('answers a word nothing is close to with the list of subcommands', async () => {
    const body = await ackOf('frobnicate now');
    const text = texts(body.blocks);
    expect(text).toContain('There is no `/rightsize frobnicate`.');
    expect(text).toContain('`risks`, `show`');
    expect(text).not.toContain('Did you mean');
  });

  it('answers an unknown option with the closest option and that subcommand’s usage only', async () => {
    const body = await ackOf('risks --sevrity high');
    const text = texts(body.blocks);
    expect(text).toContain("Unknown option '--sevrity'; did you mean --severity?");
    expect(text).toContain('Usage: `/rightsize risks [--group-by');
    expect(text).not.toContain('/rightsize show');
  });

  it.each([
    ['risks --severity extreme', '--severity must be one of critical, high, medium, low'],
    ['risks --colour red', "Unknown option '--colour'"],
    ['risks --rule no-such-rule', 'unknown rule no-such-rule'],
    ['risks --account 999999999999', 'account \\"999999999999\\" is not served here'],
    ['show', 'missing finding id'],
    ['status now', 'unexpected \\"now\\"'],
  ])('answers malformed input "%s" with the problem and usage', async (text, problem) => {
    const body = await ackOf(text);
    expect(texts(body.blocks)).toContain(problem);
    expect(texts(body.blocks)).toContain(`Usage: \`/rightsize ${text.split(' ')[0]}`);
    expect(h.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });
});

describe('/rightsize risks', () => {
  it('acks at once, then lists the filtered findings grouped by resource through response_url', async () => {
    const cmd = h.requests.slashCommand('risks --group-by resource --severity high');
    const res = await cmd.send();
    expect(res.status).toBe(200);
    const reply = await responseTo(cmd.responseId);
    expect(reply.response_type).toBe('ephemeral');
    const text = texts(reply.blocks);
    expect(text).toContain('grouped by resource');
    expect(text).toContain('severity high or worse');
    expect(text).not.toMatch(/\*(Medium|Low)\* ·/);
    expect(text).toContain('View details');
  });

  it('reads a typographic em dash as the "--" a Mac turned it into', async () => {
    const cmd = h.requests.slashCommand('risks \u2014severity critical \u2014type user');
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    expect(texts(reply.blocks)).toContain('severity critical or worse');
    expect(texts(reply.blocks)).toContain('types user');
  });
  it.each([
    ['me', 'U0ALICE', 'platform', 'owned by you (team platform)'],
    ['<@U0BOB|bob>', 'U0ALICE', 'payments', 'owned by <@U0BOB> (team payments)'],
    ['payments', 'U0ALICE', 'payments', 'owned by team payments'],
  ])('--owner %s lists exactly that owner’s findings, every one reachable', async (owner, user, team, label) => {
    const cmd = h.requests.slashCommand(`risks --group-by none --owner ${owner}`, { user });
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    const blocks = reply.blocks as Json[];
    expect(texts(blocks)).toContain(label);
    const scanned = h.scans.latest('111122223333')!;
    const expected = visibleFindings(scanned)
      .filter((f) => h.services.ownership.ownerOf(f, scanned)?.team === team)
      .map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);
    const show = showAllButtons(blocks)[0];
    const listed = new Set(findingIdsIn(blocks));
    if (show) for (const id of (await pageThrough(h, show.value as string, { user })).listed) listed.add(id);
    expect([...listed].sort()).toEqual([...expected].sort());
  });

  it('pages a long list to its last finding instead of sending people to the command line', async () => {
    const cmd = h.requests.slashCommand('risks');
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    const blocks = reply.blocks as Json[];
    expect(texts(blocks)).not.toContain('rightsize scan');
    const all = visibleFindings(h.scans.latest('111122223333')!).map((f) => f.id);
    // Each group's Show all pages to that group's last finding; together with the list they reach every finding.
    const buttons = showAllButtons(blocks);
    expect(buttons.length).toBeGreaterThan(0);
    const listed = new Set(findingIdsIn(blocks));
    for (const button of buttons) {
      const { listed: paged, last } = await pageThrough(h, button.value as string);
      expect(texts(last.blocks)).toMatch(/Page (\d+) of \1/);
      for (const id of paged) listed.add(id);
    }
    expect([...listed].sort()).toEqual([...all].sort());
  });

  it('asks for a Slack pick when --owner names a person as plain text', async () => {
    const body = (await (await h.requests.slashCommand('risks --owner @bob').send()).json()) as Json;
    expect(texts(body.blocks)).toContain('pick the person or group from Slack');
  });
});

describe('/rightsize scan', () => {
  it('acks with a note, posts the digest as one message, and pages through every finding from its Show all', async () => {
    const cmd = h.requests.slashCommand('scan', { channel: 'C0SECURITY' });
    const ack = (await (await cmd.send()).json()) as Json;
    expect(texts(ack)).toContain('Scanning acme-demo (111122223333)');
    const done = await responseTo(cmd.responseId);
    expect(done.replace_original).toBe(true);
    const posts = h.api.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    const main = posts[0]!;
    expect(main.args.channel).toBe('C0SECURITY');
    expect(texts(blocksOf(main.args))).toContain('Rightsize digest · acme-demo (111122223333)');
    // Every finding of the scan is a click away: Show all, then Next until there is no Next.
    const ids = h.scans.latest('111122223333')!.result.findings.map((f) => f.id);
    const showAll = blocksOf(main.args)
      .map((b) => b.accessory as Json | undefined)
      .find((a) => a?.action_id === 'page.show' && texts(a.text).includes(`Show all ${ids.length}`));
    expect(showAll, texts(blocksOf(main.args))).toBeDefined();
    const { listed, last } = await pageThrough(h, showAll!.value as string);
    expect(texts(last.blocks)).toMatch(/Page (\d+) of \1/);
    expect(listed.sort()).toEqual([...ids].sort());
  });

  it('answers privately with the findings when it may not post in the channel', async () => {
    h.api.channelsWithoutBot.add('C0PRIVATE');
    const cmd = h.requests.slashCommand('scan', { channel: 'C0PRIVATE' });
    await cmd.send();
    const reply = await h.api.waitFor(() =>
      h.api.responses.find((r) => r.method === `respond/${cmd.responseId}` && texts(r.args).includes("can't post")),
    );
    expect(reply.args.response_type).toBe('ephemeral');
    expect(texts(reply.args.blocks)).toContain('/invite @Rightsize');
    expect(texts(reply.args.blocks)).toContain('View details');
  });

  it('rejects an account it does not serve before doing any work', async () => {
    const body = (await (await h.requests.slashCommand('scan 123').send()).json()) as Json;
    expect(texts(body.blocks)).toContain('account \\"123\\" is not served here; accounts: 111122223333 (acme-demo)');
  });
});

describe('/rightsize show', () => {
  it('shows a finding by id: overview, evidence and the console link', async () => {
    const finding = (await h.scans.scan('111122223333')).result.findings.find((f) => f.ruleId === 'admin-access')!;
    const cmd = h.requests.slashCommand(`show ${finding.id}`);
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    const blocks = reply.blocks as Json[];
    const text = texts(blocks);
    expect(text).toContain(finding.title);
    expect(text).toContain('Why it matters');
    expect(text).toContain('Evidence');
    expect(text).toContain(finding.resourceArn);
    const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);
    // No Fix in AWS (the demo account), no Jira (not configured), no Mute (alice may not mute): no dead buttons.
    expect(buttons.map((b) => (b.text as Json).text)).toEqual([
      'Insights',
      'View suggested policy',
      'Open in AWS console',
    ]);
    expect(buttons.at(-1)).toMatchObject({ action_id: ACTION_IDS.openConsole, url: finding.remediation.consoleUrl });
    // Someone in access.muters gets Mute as well.
    const lead = h.requests.slashCommand(`show ${finding.id}`, { user: 'U0SECLEAD' });
    await lead.send();
    const theirs = ((await responseTo(lead.responseId)).blocks as Json[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Json[]);
    expect(theirs.map((b) => (b.text as Json).text)).toEqual([
      'Insights',
      'View suggested policy',
      'Mute',
      'Open in AWS console',
    ]);
  });

  it('accepts an unambiguous prefix of a finding id, as mute and jira do', async () => {
    const finding = (h.scans.latest('111122223333') ?? (await h.scans.scan('111122223333'))).result.findings.find(
      (f) => f.ruleId === 'console-without-mfa',
    )!;
    const cmd = h.requests.slashCommand(`show ${finding.id.slice(0, -4)}`);
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    expect(texts(reply.blocks)).toContain(finding.resourceArn);
    // A prefix several ids share lists them to pick from.
    const vague = h.requests.slashCommand('show privilege-escalation');
    await vague.send();
    const several = await responseTo(vague.responseId);
    const count = h.scans
      .latest('111122223333')!
      .result.findings.filter((f) => f.ruleId === 'privilege-escalation').length;
    expect(count).toBeGreaterThan(1);
    expect(texts(several.blocks)).toContain(`${count} findings`);
  });

  it('lists the findings of a resource named as kind/name, to pick one', async () => {
    const cmd = h.requests.slashCommand('show role/developer-power');
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    expect(texts(reply.blocks)).toContain('5 findings');
    expect(
      (reply.blocks as Json[]).filter((b) => (b.accessory as Json | undefined)?.action_id === ACTION_IDS.viewFinding),
    ).toHaveLength(5);
  });

  it('says clearly when nothing matches', async () => {
    const cmd = h.requests.slashCommand('show role/nobody');
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    expect(texts(reply.blocks)).toContain('No finding matches \\"role/nobody\\"');
  });
});

describe('/rightsize status', () => {
  it('reports the last scan, gaps and that no schedule is configured', async () => {
    await h.scans.scan('111122223333');
    const cmd = h.requests.slashCommand('status');
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    const text = texts(reply.blocks);
    expect(text).toContain('acme-demo (111122223333)');
    expect(text).toContain('Data gaps');
    expect(text).toContain('no scheduled scans');
  });
});

describe('View details and other buttons', () => {
  const click = async (value: string | undefined, options: { fromHome?: boolean } = {}) => {
    const before = h.api.callsOf('views.open').length;
    const res = await h.requests.buttonClick(ACTION_IDS.viewFinding, value, options).send();
    expect(res.status).toBe(200);
    const open = await h.api.waitFor(() => h.api.callsOf('views.open')[before]);
    return open.args.view as Json;
  };

  it('opens the finding in a modal', async () => {
    const scan = await h.scans.scan('111122223333');
    const finding = scan.result.findings[0]!;
    const view = await click(
      encodeFindingRef({ findingId: finding.id, accountId: scan.account.id, scannedAt: scan.scannedAt }),
    );
    expect(view.type).toBe('modal');
    expect(texts(view.blocks)).toContain(finding.title);
    expect(texts(view.blocks)).toContain('Open in AWS console');
  });

  it('works from the Home tab too (no response_url there)', async () => {
    const scan = h.scans.latest('111122223333') ?? (await h.scans.scan('111122223333'));
    const finding = scan.result.findings[1]!;
    const view = await click(
      encodeFindingRef({ findingId: finding.id, accountId: scan.account.id, scannedAt: scan.scannedAt }),
      {
        fromHome: true,
      },
    );
    expect(texts(view.blocks)).toContain(finding.resourceArn);
  });

  it('says a finding was resolved when a newer scan no longer has it', async () => {
    const view = await click(
      encodeFindingRef({
        findingId: 'admin-access-0000000000',
        accountId: '111122223333',
        scannedAt: '2020-01-01T00:00:00.000Z',
      }),
    );
    expect(texts(view.title)).toContain('Finding resolved');
    expect(texts(view.blocks)).toContain('no longer reports finding admin-access-0000000000');
  });

  it('says a finding is unknown when the scan the button came from is the latest', async () => {
    const scan = h.scans.latest('111122223333') ?? (await h.scans.scan('111122223333'));
    const view = await click(
      encodeFindingRef({ findingId: 'made-up-1', accountId: scan.account.id, scannedAt: scan.scannedAt }),
    );
    expect(texts(view.title)).toContain('Unknown finding');
  });

  it('answers buttons of an account no longer served, and values it cannot read', async () => {
    const unknownAccount = await click(
      encodeFindingRef({ findingId: 'x', accountId: '999988887777', scannedAt: '2026-01-01T00:00:00Z' }),
    );
    expect(texts(unknownAccount.title)).toContain('Unknown account');
    const garbage = await click('not json at all');
    expect(texts(garbage.blocks)).toContain('cannot read');
  });

  it('acknowledges the console link button without posting anything', async () => {
    const res = await h.requests.buttonClick(ACTION_IDS.openConsole, undefined).send();
    expect(res.status).toBe(200);
    expect(h.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });
});

describe('interactions no listener handles', () => {
  const base = (type: string, trigger: string) => ({
    type,
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: 'U0ALICE', team_id: 'T0TEST' },
    api_app_id: 'A0RIGHTSIZE',
    trigger_id: trigger,
  });

  it('acknowledges an unknown button at once and says so privately, instead of a 404 after 3 s', async () => {
    const started = Date.now();
    const click = h.requests.buttonClick('finding.frobnicate', 'x');
    const res = await click.send();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
    const answer = await responseTo(click.trigger);
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(texts(answer.blocks)).toContain('belongs to a Rightsize feature this app does not run now');
    expect(
      h.logs.some((l) => l.includes('answered an interaction no listener handles: block action finding.frobnicate')),
    ).toBe(true);
  });

  it('answers an unknown button on the Home tab with a modal', async () => {
    const res = await h.requests.buttonClick('home.frobnicate', 'x', { fromHome: true }).send();
    expect(res.status).toBe(200);
    const open = await h.api.waitFor(() => h.api.callsOf('views.open')[0]);
    expect(texts(open.args.view)).toContain('does not run now');
  });

  it('acknowledges an unknown payload type (a shortcut) at once, with a modal', async () => {
    const started = Date.now();
    const res = await h.requests
      .interactionPayload({ ...base('shortcut', 'trigger-shortcut'), callback_id: 'export' })
      .send();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
    const open = await h.api.waitFor(() => h.api.callsOf('views.open')[0]);
    expect(open.args.trigger_id).toBe('trigger-shortcut');
  });

  it('answers the submission of an unknown form with a modal saying nothing was recorded', async () => {
    const res = await h.requests.viewSubmission('old.form', '', {}).send();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.response_action).toBe('update');
    expect(texts(body.view)).toContain('nothing was recorded');
  });
});

describe('App Home and retries', () => {
  it('publishes the Home tab with the latest scan, once even when Slack retries the event', async () => {
    const event = h.requests.event(
      { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'home' },
      'Ev0HOME1',
    );
    expect((await event.send()).status).toBe(200);
    const publish = await h.api.waitFor(() => h.api.callsOf('views.publish')[0]);
    expect(publish.args.user_id).toBe('U0ALICE');
    expect(texts(publish.args.view)).toContain('acme-demo (111122223333)');
    expect(texts(publish.args.view)).toContain('View details');
    const retry = await event.send({ headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.api.callsOf('views.publish')).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('already handled: event:Ev0HOME1 (retry 1)'))).toBe(true);
  });

  it('ignores the Messages tab', async () => {
    await h.requests
      .event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'messages' }, 'Ev0MSG')
      .send();
    await new Promise((r) => setTimeout(r, 200));
    expect(h.api.callsOf('views.publish')).toEqual([]);
  });

  it('does not run a repeated slash command delivery twice', async () => {
    const cmd = h.requests.slashCommand('status');
    await cmd.send();
    await responseTo(cmd.responseId);
    await cmd.send({ headers: { 'x-slack-retry-num': '1' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.api.responses.filter((r) => r.method === `respond/${cmd.responseId}`)).toHaveLength(1);
  });
});
