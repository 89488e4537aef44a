/**
 * Create Jira issue from Slack: the real jira.js client (through src/jira) against the local Jira REST server,
 * the Slack app as `serve` composes it, driven by signed requests, its Web API calls going to the local Slack API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/risks/types.js';
import type { LatestScan } from '../../src/scans/types.js';
import { ACTION_IDS, encodeFindingRef } from '../../views/finding-ref.js';
import { FIX_IDS } from '../../views/fix.js';
import { CLOUD_ENV, jiraConfigText } from '../support/jira-setup.js';
import { LocalJira } from '../support/jira-server.js';
import { startSlackAppHarness, TEST_CONFIG, type SlackAppHarness } from '../support/slack-app.js';

type Json = Record<string, unknown>;
const DEMO = '111122223333';
const KEY_FINDING = 'unused-access-key-3cc49979c5';

let jira: LocalJira;
let h: SlackAppHarness;
let scan: LatestScan;

beforeAll(async () => {
  jira = await LocalJira.start({
    flavour: 'cloud',
    projects: { SEC: {}, PLAT: { components: ['iam'] }, PAY: {} },
    users: ['5b10ac8d82e05b22cc7d4ef5'],
    credentials: { email: CLOUD_ENV.JIRA_EMAIL, apiToken: CLOUD_ENV.JIRA_API_TOKEN },
  });
  // The bundled demo account (no accounts configured), ownership and access as the other Slack tests have them.
  const config = `${TEST_CONFIG}\n${jiraConfigText(jira.url, 'cloud').replace(/^ownership:\n( {2}.*\n)+/, '')}`;
  h = await startSlackAppHarness({ config, env: CLOUD_ENV });
  scan = await h.scans.scan(DEMO);
});
afterAll(async () => {
  await h?.close();
  await jira?.stop();
});

const refOf = (id: string) => encodeFindingRef({ findingId: id, accountId: DEMO, scannedAt: scan.scannedAt });
const text = (value: unknown) => JSON.stringify(value);
const responseTo = (id: string) =>
  h.api.waitFor(() => h.api.responses.filter((r) => r.method === `respond/${id}`).at(-1)?.args as Json | undefined);
const findingOf = (ruleId: string): Finding => scan.result.findings.find((f) => f.ruleId === ruleId)!;

describe('Create Jira issue in Slack', () => {
  it('is a button of the finding details when Jira is configured (and no Fix in AWS for the demo account)', async () => {
    await h.requests.buttonClick(ACTION_IDS.viewFinding, refOf(KEY_FINDING)).send();
    const modal = await h.api.waitFor(() => h.api.callsOf('views.open').at(-1)?.args.view);
    expect(text(modal)).toContain(`"action_id":"${ACTION_IDS.jira}"`);
    expect(text(modal)).toContain('Create Jira issue');
    expect(text(modal)).not.toContain(FIX_IDS.request);
  });

  it('creates the issue with the message permalink, posts key and link in the thread; a second click shows it', async () => {
    const click = h.requests.buttonClick(ACTION_IDS.jira, refOf(KEY_FINDING), { user: 'U0DANA' });
    await click.send();
    const posted = await h.api.waitFor(() =>
      h.api.callsOf('chat.postMessage').find((c) => text(c.args).includes('Created Jira issue')),
    );
    const issue = jira.issues.at(-1)!;
    expect(posted.args).toMatchObject({ channel: 'C0SECURITY', thread_ts: '1700000000.000001' });
    expect(text(posted.args.blocks)).toContain(`|${issue.key}>`);
    expect(text(posted.args.blocks)).toContain(`${jira.url}/browse/${issue.key}`);
    expect(h.api.callsOf('chat.getPermalink')).toHaveLength(1);
    expect(text(issue.fields.description)).toContain('https://test.slack.com/archives/C0SECURITY/p1700000000000001');
    expect(text(issue.fields.labels)).toContain(KEY_FINDING.replace(/-[0-9a-f]+$/, ''));
    expect((await h.store.reload()).jiraLinks[KEY_FINDING]).toMatchObject({
      issueKey: issue.key,
      requestedBy: { id: 'U0DANA', via: 'slack' },
    });

    const again = h.requests.buttonClick(ACTION_IDS.jira, refOf(KEY_FINDING), { user: 'U0ERIC' });
    await again.send();
    expect(text(await responseTo(again.trigger))).toContain(`already has Jira issue <${jira.url}/browse/${issue.key}|`);
    expect(jira.issues.filter((i) => text(i.fields.labels).includes(KEY_FINDING))).toHaveLength(1);
    expect(h.api.problems).toEqual([]);
  });

  it('answers in the modal when clicked in the finding details modal', async () => {
    const finding = findingOf('console-without-mfa');
    await h.requests.buttonClick(ACTION_IDS.jira, refOf(finding.id), { fromModal: true }).send();
    const modal = await h.api.waitFor(
      () =>
        h.api
          .callsOf('views.update')
          .map((c) => c.args.view)
          .find((v) => text(v).includes('Created Jira issue')) as Json | undefined,
    );
    expect(text(modal)).toContain(finding.id);
    expect(h.api.callsOf('views.push').length).toBeGreaterThan(0);
    // The details underneath now show the issue instead of the button.
    const issue = jira.issues.at(-1)!;
    const details = await h.api.waitFor(
      () =>
        h.api
          .callsOf('views.update')
          .find((c) => c.args.view_id === 'V0MODAL' && text(c.args.view).includes('Jira issue created'))?.args.view as
          Json | undefined,
    );
    expect(text(details)).toContain(`Open ${issue.key} in Jira`);
    expect(text(details)).toContain(`${jira.url}/browse/${issue.key}`);
    expect(text(details)).not.toContain(`"action_id":"${ACTION_IDS.jira}"`);
  });

  it('/rightsize jira <finding> creates it, or shows the one there is; help lists it', async () => {
    const help = (await (await h.requests.slashCommand('help').send()).json()) as Json;
    expect(text(help.blocks)).toContain('/rightsize jira &lt;finding&gt;');
    const finding = findingOf('unused-role');
    const first = h.requests.slashCommand(`jira ${finding.id}`);
    await first.send();
    expect(text(await responseTo(first.responseId))).toContain('Created Jira issue');
    const both = h.requests.slashCommand(`jira ${finding.id} ${KEY_FINDING}`);
    await both.send();
    const reply = text(await responseTo(both.responseId));
    expect(reply).toContain('0 created, 2 already there, 0 queued for retry');
  });

  it('files a digest group’s issues after a confirmation, says who asked and for which resources, and shows the keys', async () => {
    const command = h.requests.slashCommand('scan');
    await command.send();
    const digest = await h.api.waitFor(() =>
      h.api.callsOf('chat.postMessage').find((c) => text(c.args.blocks).includes('Rightsize digest')),
    );
    const button = (digest.args.blocks as Json[])
      .map((b) => b.accessory as Json | undefined)
      .find((a) => a?.action_id === ACTION_IDS.jiraGroup && String(a.value).includes('"k":"open-trust"'));
    expect(button, text(digest.args.blocks)).toBeDefined();
    // Slack asks before filing up to 50 tickets.
    expect(button!.confirm).toMatchObject({
      title: { type: 'plain_text' },
      confirm: { text: 'Create issues' },
      deny: { type: 'plain_text' },
    });
    const group = scan.result.findings.filter((f) => f.ruleId === 'open-trust');
    expect(text(button!.confirm)).toContain(`One Jira issue for each of ${group.length} finding`);
    const had = group.filter((f) => h.store.data.jiraLinks[f.id]).length;
    const message = { text: digest.args.text as string, blocks: digest.args.blocks as unknown[] };
    await h.requests.buttonClick(ACTION_IDS.jiraGroup, button!.value as string, { user: 'U0DANA', message }).send();
    const summary = await h.api.waitFor(() =>
      h.api.callsOf('chat.postMessage').find((c) => text(c.args).includes('Jira issues for')),
    );
    expect(summary.args.thread_ts).toBe('1700000000.000001');
    const reply = text(summary.args.blocks);
    expect(reply).toContain(`${group.length - had} created, ${had} already there, 0 queued`);
    expect(reply).toContain('asked by <@U0DANA>');
    for (const finding of group) expect(reply).toContain(finding.resourceName);
    const links = (await h.store.reload()).jiraLinks;
    for (const finding of group) expect(links[finding.id]).toBeDefined();
    // The digest itself now shows the group's keys, and its button is gone (every finding has an issue).
    const updated = await h.api.waitFor(() =>
      h.api.callsOf('chat.update').find((c) => c.args.ts === '1700000000.000001'),
    );
    for (const finding of group) expect(text(updated.args.blocks)).toContain(`|${links[finding.id]!.issueKey}>`);
    expect(text(updated.args.blocks)).not.toContain('"k":"open-trust"');

    // A second click (an older copy of the digest) files nothing and tells only the person who clicked.
    const posts = h.api.callsOf('chat.postMessage').length;
    const again = h.requests.buttonClick(ACTION_IDS.jiraGroup, button!.value as string, { user: 'U0ERIC', message });
    await again.send();
    const privately = await responseTo(again.trigger);
    expect(privately).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(text(privately)).toContain('already has a Jira issue; none was filed again');
    expect(h.api.callsOf('chat.postMessage')).toHaveLength(posts);
    expect(h.api.problems).toEqual([]);
  });

  it('comments on the issue when the finding is muted from Slack', async () => {
    const issue = jira.issues.find((i) => text(i.fields.labels).includes(KEY_FINDING))!;
    const comments = issue.comments.length;
    const mute = h.requests.slashCommand(`mute ${KEY_FINDING} 30 rotated by the owner next week`, {
      user: 'U0SECLEAD',
    });
    await mute.send();
    await h.api.waitFor(() => issue.comments.length > comments);
    expect(issue.comments.length).toBe(comments + 1);
    expect(text(issue.comments.at(-1)!.body)).toContain('rotated by the owner next week');
  });

  it('says plainly when Jira is down, keeps the request, and creates nothing twice', async () => {
    const finding = scan.result.findings.find((f) => !h.store.data.jiraLinks[f.id])!;
    const before = jira.issues.length;
    jira.failNext(3, { status: 503, body: { errorMessages: ['Service Unavailable'] } });
    const click = h.requests.buttonClick(ACTION_IDS.jira, refOf(finding.id));
    await click.send();
    const answer = text(await responseTo(click.trigger));
    expect(answer).toContain('Jira did not take the issue for finding');
    expect(answer).toContain('kept and retried with backoff');
    expect(jira.issues).toHaveLength(before);
    const outbox = (await h.store.reload()).jiraOutbox.filter((r) => r.findingId === finding.id);
    expect(outbox).toHaveLength(1);
    const again = h.requests.buttonClick(ACTION_IDS.jira, refOf(finding.id));
    await again.send();
    await responseTo(again.trigger);
    expect((await h.store.reload()).jiraOutbox.filter((r) => r.findingId === finding.id).length).toBeLessThanOrEqual(1);
  });
});
