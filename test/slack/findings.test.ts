import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/risks/types.js';
import type { LatestScan } from '../../src/scans/types.js';
import { ACTION_IDS, CALLBACK_IDS, encodeFindingRef } from '../../views/finding-ref.js';
import { MUTE_FIELDS } from '../../views/mute-modal.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';
import { pageThrough, showAllButtons } from '../support/slack-pages.js';

/**
 * Insights, suggested policies, mutes, owners and the Home tab, through signed requests to the real app
 * over the demo account, with the state store on a temp file and user groups read from the local Slack API.
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
const texts = (value: unknown): string => JSON.stringify(value);
const responseTo = (id: string) =>
  h.api.waitFor(() => h.api.responses.filter((r) => r.method === `respond/${id}`).at(-1)?.args);
const findingOf = (ruleId: string, resourceName: string): Finding => {
  const found = scan.result.findings.find((f) => f.ruleId === ruleId && f.resourceName === resourceName);
  if (!found) throw new Error(`no ${ruleId} on ${resourceName}`);
  return found;
};
const refOf = (f: Finding) => encodeFindingRef({ findingId: f.id, accountId: DEMO, scannedAt: scan.scannedAt });
/** The last view the app showed (opened, pushed or updated), once it is no longer the "working on it" notice. */
const finalView = (method: 'views.update' | 'views.open' | 'views.push', before: number) =>
  h.api.waitFor(() => {
    const view = h.api.callsOf(method)[before]?.args.view as Json | undefined;
    return view && !texts(view).includes('Working on it') ? view : undefined;
  });

describe('/rightsize insights and suggest', () => {
  it('shows provisioned vs used per service for a role', async () => {
    const cmd = h.requests.slashCommand('insights role/developer-power');
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    const text = texts(reply.blocks);
    expect(reply.response_type).toBe('ephemeral');
    expect(text).toContain('Insights · role/developer-power');
    expect(text).toMatch(/\*Provisioned\*\\n[\d,]+ actions in \d+ services/);
    expect(text).toContain('*Per service*');
    expect(text).toContain('*Last used*');
    expect(text).toContain('Unused high-risk actions');
    // Real plurals and one number format, in what the views write and in what the engine says.
    expect(text).not.toMatch(/\(s\)/);
    expect(text).toMatch(/IAM access advisor for \d+ principals:/);
    expect(text).toMatch(/CloudTrail[^"]*: [\d,]+ events from /);
    expect(text).toMatch(/\*Provisioned\*\\n\d{1,3}(,\d{3})+ actions/);
  });

  it('shows a short suggestion diff inline', async () => {
    const cmd = h.requests.slashCommand('suggest role/vendor-observability');
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    const text = texts(reply.blocks);
    expect(text).toContain('Suggested policy · role/vendor-observability');
    expect(text).toContain('```');
    expect(text).toContain('+++ role/vendor-observability suggested');
    expect(h.api.callsOf('files.completeUploadExternal')).toEqual([]);
  });

  it('says what the suggestion keeps, removes, and which of the principal’s findings it resolves', async () => {
    const cmd = h.requests.slashCommand('suggest user/svc-terraform');
    await cmd.send();
    const blocks = (await responseTo(cmd.responseId)).blocks as Json[];
    const section = (start: string) =>
      blocks.map((b) => (b.text as Json | undefined)?.text as string | undefined).find((t) => t?.startsWith(start))!;
    // 22,012: the demo organisation's guardrail SCP denies four of the actions its policies grant.
    expect(section('*Downsize*')).toMatch(
      /^\*Downsize\*: keeps 5 of 22,012 allowed actions in 3 services and removes 22,007;/,
    );
    expect(section('*Downsize*')).toContain('Replaces `managed platform-iam-admin`, `managed PowerUserAccess`');
    expect(section('*Removed*')).toContain('*Removed*: 22,007 actions');
    expect(section('*Removed*')).toMatch(/high-risk, unused: `[a-z0-9-]+:[A-Za-z]+`/);
    const effect = section('*What it resolves*');
    const own = scan.result.findings.filter((f) => f.resourceName === 'svc-terraform' && f.resourceType === 'user');
    expect(effect).toContain(`*What it resolves*: 2 of ${own.length} open findings on this user`);
    const [resolved, remaining] = effect.split('Still open:');
    // Admin access comes from the managed policies the suggestion replaces; the old key is about the key.
    expect(resolved).toContain('(`admin-access`)');
    expect(remaining).toContain('(`stale-access-key`)');
    expect(remaining).not.toContain('(`admin-access`)');
    // Each finding that stays says what keeps it open, under its line.
    expect(remaining).toMatch(
      /\(`stale-access-key`\)\n {6}↳ about an access key, which the suggestion does not change/,
    );
    expect(remaining).toMatch(
      /\(`inline-or-direct-user-policy`\)\n {6}↳ the suggested policy rightsize-user-svc-terraform is itself attached to the user directly/,
    );
    expect(texts(blocks)).not.toMatch(/\(s\)/);
  });

  it('says which used action keeps an escalation open, with the day it was last used', async () => {
    const cmd = h.requests.slashCommand('suggest user/dave.okafor');
    await cmd.send();
    const blocks = (await responseTo(cmd.responseId)).blocks as Json[];
    const effect = blocks
      .map((b) => (b.text as Json | undefined)?.text as string | undefined)
      .find((t) => t?.startsWith('*What it resolves*'))!;
    expect(effect).toContain('*What it resolves*: 0 of 3 open findings on this user');
    expect(effect).toMatch(
      /\(`privilege-escalation`\)\n {6}↳ keeps iam:CreatePolicyVersion on arn:aws:iam::111122223333:policy\/developer-baseline: used 2026-10-21/,
    );
  });

  it("sends a diff too long for a message as a file in the person's direct messages", async () => {
    const cmd = h.requests.slashCommand('suggest group/auditors', { user: 'U0ALICE' });
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    expect(texts(reply.blocks)).toContain('too long to show here: I sent it to you as a file');
    expect(texts(reply.blocks)).not.toContain('```');
    expect(h.api.callsOf('conversations.open')[0]?.args.users).toBe('U0ALICE');
    const complete = h.api.callsOf('files.completeUploadExternal').at(-1)!;
    expect(complete.args.channel_id).toBe('D0ALICE');
    const upload = h.api.uploads.at(-1)!;
    expect(upload.filename).toBe('rightsize-suggest-group-auditors.diff');
    expect(upload.content).toContain('--- group/auditors today');
    expect(upload.content.length).toBeGreaterThan(5000);
  });

  it('answers an unknown principal and a bad account clearly', async () => {
    const cmd = h.requests.slashCommand('insights role/nobody');
    await cmd.send();
    expect(texts((await responseTo(cmd.responseId)).blocks)).toContain('no user, role or group \\"role/nobody\\"');
    const bad = (await (await h.requests.slashCommand('suggest role/x --account 999999999999').send()).json()) as Json;
    expect(texts(bad.blocks)).toContain('account \\"999999999999\\" is not served here');
  });
});

describe('finding details buttons', () => {
  it('shows the owner from the resource tags and the ownership map', async () => {
    const owned = scan.result.findings.find((f) => h.services.ownership.ownerOf(f, scan)?.team === 'platform')!;
    const before = h.api.callsOf('views.open').length;
    await h.requests.buttonClick(ACTION_IDS.viewFinding, refOf(owned)).send();
    const view = await finalView('views.open', before);
    // The owner tag holds an e-mail address, not a team: the team tag names the mapped team.
    expect(texts(view.blocks)).toContain('*Owner*\\n<@U0ALICE> · team `platform` (tag `team`)');

    const unmapped = findingOf('privilege-escalation', 'developer-power');
    await h.requests.buttonClick(ACTION_IDS.viewFinding, refOf(unmapped)).send();
    const other = await finalView('views.open', before + 1);
    expect(texts(other.blocks)).toContain(
      '*Owner*\\n`kate.obrien@acme.io` (tag `owner`), not mapped to a Slack user or group',
    );
  });

  it('pushes Insights on top of the details modal', async () => {
    const f = findingOf('permissions-gap', 'developer-power');
    const before = h.api.callsOf('views.update').length;
    const res = await h.requests.buttonClick(ACTION_IDS.insights, refOf(f), { fromModal: true }).send();
    expect(res.status).toBe(200);
    const view = await finalView('views.update', before);
    expect(h.api.callsOf('views.push')).toHaveLength(1);
    expect(h.api.callsOf('views.open')).toEqual([]);
    expect(texts(view.title)).toContain('Insights');
    expect(texts(view.blocks)).toContain('role/developer-power');
    expect(texts(view.blocks)).toContain('*Per service*');
  });

  it('shows the suggested policy of the role of a finding, and a long one as a file', async () => {
    const short = findingOf('cross-account-access', 'vendor-observability');
    let before = h.api.callsOf('views.update').length;
    await h.requests.buttonClick(ACTION_IDS.suggestion, refOf(short), { fromModal: true }).send();
    const inline = await finalView('views.update', before);
    expect(texts(inline.blocks)).toContain('+++ role/vendor-observability suggested');

    const long = findingOf('data-exfiltration', 'auditors');
    before = h.api.callsOf('views.update').length;
    await h.requests.buttonClick(ACTION_IDS.suggestion, refOf(long), { user: 'U0BOB' }).send();
    const filed = await finalView('views.update', before);
    expect(texts(filed.blocks)).toContain('I sent it to you as a file');
    expect(h.api.callsOf('views.open')).toHaveLength(1);
    expect(h.api.callsOf('files.completeUploadExternal').at(-1)?.args.channel_id).toBe('D0BOB');
  });

  it('answers Insights on a finding that is not about a principal', async () => {
    const policyFinding = scan.result.findings.find(
      (f) => f.resourceType === 'policy' || f.resourceType === 'account',
    )!;
    const before = h.api.callsOf('views.update').length;
    await h.requests.buttonClick(ACTION_IDS.insights, refOf(policyFinding)).send();
    const view = await finalView('views.update', before);
    expect(texts(view.blocks)).toContain('not about a user, role or group');
  });

  it('says a button is stale when a newer scan resolved its finding', async () => {
    const stale = encodeFindingRef({
      findingId: 'admin-access-0000000000',
      accountId: DEMO,
      scannedAt: '2020-01-01T00:00:00.000Z',
    });
    for (const action of [ACTION_IDS.insights, ACTION_IDS.suggestion]) {
      const before = h.api.callsOf('views.update').length;
      await h.requests.buttonClick(action, stale).send();
      const view = await finalView('views.update', before);
      expect(texts(view.title)).toContain('Finding resolved');
    }
    const before = h.api.callsOf('views.open').length;
    await h.requests.buttonClick(ACTION_IDS.mute, stale, { user: 'U0SECLEAD' }).send();
    const view = await finalView('views.open', before);
    expect(texts(view.title)).toContain('Finding resolved');
  });
});

describe('mute', () => {
  it('tells someone not in access.muters or access.approvers who may, privately', async () => {
    const f = findingOf('privilege-escalation', 'developer-power');
    const cmd = h.requests.slashCommand(`mute ${f.id} 30 accepted for now`, { user: 'U0ALICE' });
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    expect(reply.response_type).toBe('ephemeral');
    expect(texts(reply.blocks)).toContain('You may not mute findings');
    expect(texts(reply.blocks)).toContain('<@U0SECLEAD>, <!subteam^S0SECURITY>');
    expect(texts(reply.blocks)).toContain('only the people in `access.muters` or `access.approvers`');

    const click = h.requests.buttonClick(ACTION_IDS.mute, refOf(f), { user: 'U0ALICE' });
    await click.send();
    const answer = await responseTo(click.trigger);
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(texts(answer.blocks)).toContain('You may not mute findings');
    expect(h.api.callsOf('views.open')).toEqual([]);
    expect(h.store.data.mutes[f.id]).toBeUndefined();
  });

  it('mutes by slash command for a muter: audited, and left out of lists', async () => {
    const f = findingOf('resource-exposure', 'developer-power');
    const cmd = h.requests.slashCommand(`mute ${f.id.slice(0, 22)} 14 "accepted until the Q3 migration"`, {
      user: 'U0SECLEAD',
    });
    await cmd.send();
    const reply = await responseTo(cmd.responseId);
    expect(texts(reply.blocks)).toContain(`:mute: Muted`);
    expect(texts(reply.blocks)).toContain('accepted until the Q3 migration');
    expect(h.store.data.mutes[f.id]).toMatchObject({ by: { id: 'U0SECLEAD', via: 'slack' } });
    expect(h.store.data.audit.at(-1)).toMatchObject({ action: 'mute', subject: f.id, actor: { id: 'U0SECLEAD' } });

    const risks = h.requests.slashCommand('risks --group-by none --rule resource-exposure');
    await risks.send();
    const list = texts((await responseTo(risks.responseId)).blocks);
    expect(list).not.toContain(f.id);
    expect(list).toContain('muted finding left out');

    const refused = h.requests.slashCommand(`unmute ${f.id}`, { user: 'U0NOBODY' });
    await refused.send();
    expect(texts((await responseTo(refused.responseId)).blocks)).toContain('You may not unmute findings');
    expect(h.store.data.mutes[f.id]).toBeDefined();

    const unmute = h.requests.slashCommand(`unmute ${f.id.slice(0, 22)}`, { user: 'U0SECLEAD' });
    await unmute.send();
    expect(texts((await responseTo(unmute.responseId)).blocks)).toContain(':loud_sound: Unmuted');
    expect(h.store.data.mutes[f.id]).toBeUndefined();
    expect(h.store.data.audit.at(-1)).toMatchObject({ action: 'unmute', subject: f.id, actor: { id: 'U0SECLEAD' } });
    const again = h.requests.slashCommand('risks --group-by none --rule resource-exposure');
    await again.send();
    expect(texts((await responseTo(again.responseId)).blocks)).toContain(f.id);
  });

  it('opens the form for a member of an approvers user group, and records the submission', async () => {
    const f = findingOf('data-exfiltration', 'developer-power');
    await h.requests.buttonClick(ACTION_IDS.mute, refOf(f), { fromModal: true, user: 'U0CAROL' }).send();
    const form = await h.api.waitFor(() => h.api.callsOf('views.push')[0]?.args.view as Json | undefined);
    expect(form.callback_id).toBe(CALLBACK_IDS.mute);

    const invalid = await h.requests
      .viewSubmission(CALLBACK_IDS.mute, form.private_metadata as string, {
        [MUTE_FIELDS.days.block]: { [MUTE_FIELDS.days.action]: '400' },
        [MUTE_FIELDS.reason.block]: { [MUTE_FIELDS.reason.action]: '  ' },
      })
      .send();
    const errors = (await invalid.json()) as Json;
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors as Json).sort()).toEqual([MUTE_FIELDS.days.block, MUTE_FIELDS.reason.block]);

    const values = {
      [MUTE_FIELDS.days.block]: { [MUTE_FIELDS.days.action]: '30' },
      [MUTE_FIELDS.reason.block]: { [MUTE_FIELDS.reason.action]: 'break-glass role, reviewed monthly' },
    };
    const outsider = await h.requests
      .viewSubmission(CALLBACK_IDS.mute, form.private_metadata as string, values, { user: 'U0ALICE' })
      .send();
    expect(texts(await outsider.json())).toContain('You may not mute findings');
    expect(h.store.data.mutes[f.id]).toBeUndefined();

    const submission = h.requests.viewSubmission(CALLBACK_IDS.mute, form.private_metadata as string, values, {
      user: 'U0CAROL',
    });
    const done = (await (await submission.send()).json()) as Json;
    expect(done.response_action).toBe('update');
    expect(texts(done.view)).toContain('Finding muted');
    // Slack repeating the same submission does not record the mute twice.
    expect((await submission.send()).status).toBe(200);
    expect(h.store.data.audit.filter((a) => a.action === 'mute' && a.subject === f.id)).toHaveLength(1);
    expect(h.store.data.mutes[f.id]).toMatchObject({
      reason: 'break-glass role, reviewed monthly',
      by: { id: 'U0CAROL' },
    });

    // The details now say who muted it, until when and why.
    const before = h.api.callsOf('views.open').length;
    await h.requests.buttonClick(ACTION_IDS.viewFinding, refOf(f)).send();
    const details = await finalView('views.open', before);
    expect(texts(details.blocks)).toContain('*Muted* until');
    expect(texts(details.blocks)).toContain('<@U0CAROL>');
  });

  it('rejects bad days and unknown findings with an answer', async () => {
    const bad = (await (await h.requests.slashCommand('mute abc 0 nope', { user: 'U0SECLEAD' }).send()).json()) as Json;
    expect(texts(bad.blocks)).toContain('days must be a whole number from 1 to 365');
    const cmd = h.requests.slashCommand('mute no-such-finding-1 7 why', { user: 'U0SECLEAD' });
    await cmd.send();
    expect(texts((await responseTo(cmd.responseId)).blocks)).toContain('no finding no-such-finding-1 in the state');
  });
});

describe('copy', () => {
  const details = async (f: Finding) => {
    const before = h.api.callsOf('views.open').length;
    await h.requests.buttonClick(ACTION_IDS.viewFinding, refOf(f)).send();
    return finalView('views.open', before);
  };
  const evidenceOf = (view: Json) =>
    (view.blocks as Json[])
      .map((b) => ((b.text as Json | undefined)?.text as string | undefined) ?? '')
      .filter((t) => t.startsWith('*Evidence*') || t.startsWith('• '))
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('• '));

  it('puts policy text in code spans, so Slack does not bold `*:*`', async () => {
    const lines = evidenceOf(await details(findingOf('admin-access', 'jenkins-legacy')));
    expect(lines).toContain('• inline policy full-access, statement #0: Allow Action `*:*` on `*`');
  });

  it('says each piece of evidence once, and names an action once per line', async () => {
    const lines = evidenceOf(await details(findingOf('privilege-escalation', 'erin.walsh')));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines).toContain('• inline policy lambda-experiments, statement #1: Allow Action `iam:PassRole` on `*`');
    for (const line of lines)
      for (const action of line.match(/`[a-z0-9-]+:[A-Za-z*]+`/g) ?? [])
        expect(line.split(action).length - 1, line).toBe(1);
  });

  it('writes a share too small to round as "under 0.1%", never "0%" beside a count', async () => {
    const cmd = h.requests.slashCommand('insights role/jenkins-legacy');
    await cmd.send();
    const text = texts((await responseTo(cmd.responseId)).blocks);
    expect(text).toMatch(/\*Used\*\\n4 actions \(under 0\.1%\) in 4 services \(0\.9%\)/);
    // The demo organisation's guardrail SCP denies four of them (examples/organization.json).
    expect(text).toContain('22,087 actions in 456 services');
  });
});

describe('the buttons of a finding’s details, by state and by person', () => {
  const buttonIds = (view: Json) =>
    (view.blocks as Json[])
      .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
      .map((e) => e.action_id as string | undefined);
  const detailsFor = async (f: Finding, user: string) => {
    const before = h.api.callsOf('views.open').length;
    await h.requests.buttonClick(ACTION_IDS.viewFinding, refOf(f), { user }).send();
    return finalView('views.open', before);
  };

  it('offers Mute only to people who may mute', async () => {
    const f = findingOf('privilege-escalation', 'developer-power');
    expect(buttonIds(await detailsFor(f, 'U0ALICE'))).not.toContain(ACTION_IDS.mute);
    expect(buttonIds(await detailsFor(f, 'U0ALICE'))).toContain(ACTION_IDS.openConsole);
    expect(buttonIds(await detailsFor(f, 'U0SECLEAD'))).toContain(ACTION_IDS.mute);
    // A member of the approvers' user group may too.
    expect(buttonIds(await detailsFor(f, 'U0CAROL'))).toContain(ACTION_IDS.mute);
  });

  it('offers Unmute once muted: the details behind the form refresh, and Unmute brings Mute back', async () => {
    const f = findingOf('cross-account-access', 'vendor-observability');
    await h.requests.buttonClick(ACTION_IDS.mute, refOf(f), { fromModal: true, user: 'U0SECLEAD' }).send();
    const form = await h.api.waitFor(() => h.api.callsOf('views.push')[0]?.args.view as Json | undefined);
    const values = {
      [MUTE_FIELDS.days.block]: { [MUTE_FIELDS.days.action]: '30' },
      [MUTE_FIELDS.reason.block]: { [MUTE_FIELDS.reason.action]: 'kept for the yearly audit' },
    };
    await h.requests
      .viewSubmission(CALLBACK_IDS.mute, form.private_metadata as string, values, {
        user: 'U0SECLEAD',
        previousViewId: 'V0MODAL',
      })
      .send();
    const refreshed = await h.api.waitFor(
      () => h.api.callsOf('views.update').find((c) => c.args.view_id === 'V0MODAL')?.args.view as Json | undefined,
    );
    expect(texts(refreshed.blocks)).toContain('You muted it');
    expect(buttonIds(refreshed)).toContain(ACTION_IDS.unmute);
    expect(buttonIds(refreshed)).not.toContain(ACTION_IDS.mute);
    expect(buttonIds(await detailsFor(f, 'U0SECLEAD'))).toContain(ACTION_IDS.unmute);
    // Someone who may not mute sees neither.
    const outsider = buttonIds(await detailsFor(f, 'U0ALICE'));
    expect(outsider).not.toContain(ACTION_IDS.unmute);
    expect(outsider).not.toContain(ACTION_IDS.mute);

    h.api.calls.length = 0;
    await h.requests.buttonClick(ACTION_IDS.unmute, refOf(f), { fromModal: true, user: 'U0SECLEAD' }).send();
    const unmuted = await h.api.waitFor(
      () => h.api.callsOf('views.update').find((c) => c.args.view_id === 'V0MODAL')?.args.view as Json | undefined,
    );
    expect(texts(unmuted.blocks)).toContain('You unmuted it');
    expect(buttonIds(unmuted)).toContain(ACTION_IDS.mute);
    expect(h.store.data.mutes[f.id]).toBeUndefined();
    expect(h.store.data.audit.at(-1)).toMatchObject({ action: 'unmute', subject: f.id });
  });
});

describe('App Home', () => {
  const home = async (user: string, eventId: string) => {
    await h.requests.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' }, eventId).send();
    return h.api.waitFor(() => h.api.callsOf('views.publish').find((c) => c.args.user_id === user)?.args.view as Json);
  };

  it("shows a user the risks of their team's resources, the last scans and counts", async () => {
    const view = await home('U0ALICE', 'EvHomeAlice');
    const text = texts(view.blocks);
    const platform = scan.result.findings.filter(
      (f) => h.services.ownership.ownerOf(f, scan)?.team === 'platform' && !h.store.data.mutes[f.id],
    );
    expect(platform.length).toBeGreaterThan(0);
    expect(text).toContain(`*Your resources* (team platform) — ${platform.length} finding`);
    expect(text).toContain('Recorded scans:');
    expect(text).toContain('baseline');
    expect(text).not.toContain('/rightsize risks` lists them');
  });

  it('pages from the Home tab to the last of a user’s findings, and of an account’s', async () => {
    const view = await home('U0ALICE', 'EvHomeAlicePages');
    const [mine, account] = showAllButtons(view.blocks as Json[]);
    const platform = scan.result.findings.filter(
      (f) => h.services.ownership.ownerOf(f, scan)?.team === 'platform' && !h.store.data.mutes[f.id],
    );
    expect(platform.length).toBeGreaterThan(5);
    const owned = await pageThrough(h, mine!.value as string, { fromHome: true, user: 'U0ALICE' });
    expect(texts(owned.last.blocks)).toContain('owned by team platform');
    expect([...new Set(owned.listed)].sort()).toEqual(platform.map((f) => f.id).sort());
    const all = await pageThrough(h, account!.value as string, { fromHome: true, user: 'U0ALICE' });
    expect(new Set(all.listed).size).toBe(scan.result.findings.filter((f) => !h.store.data.mutes[f.id]).length);
  });

  it('finds the resources of a user through a Slack user group', async () => {
    const text = texts((await home('U0BOB', 'EvHomeBob')).blocks);
    expect(text).toContain('*Your resources* (team payments)');
  });

  it('explains how to map a user who owns nothing yet', async () => {
    const text = texts((await home('U0NOBODY', 'EvHomeNobody')).blocks);
    expect(text).toContain("No team in Rightsize's ownership map is yours yet");
    expect(text).toContain('U0NOBODY');
  });
});
