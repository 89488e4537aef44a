import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, decodeFindingRef } from '../../views/finding-ref.js';
import {
  ACCOUNT,
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN,
  allow,
  authorizationDetails,
  doc,
  role,
  user,
} from '../support/builders.js';
import { tempDir } from '../support/findings.js';
import { CLOUD_ENV, jiraConfigText } from '../support/jira-setup.js';
import { LocalJira } from '../support/jira-server.js';
import { startSlackAppHarness, type SlackAppHarness } from '../support/slack-app.js';
import { pageThrough } from '../support/slack-pages.js';
import { encodePageQuery } from '../../views/page-query.js';

/**
 * A schedule's `digest: organization` through `rightsize serve`'s composition, posted through the real Web API client
 * to the local Slack API server (which checks Block Kit's limits), for a path that reaches an administrator: the
 * demo's one path reaches a role that is not (test/slack/organization.test.ts has the demo organisation's digest), so
 * a small organisation of two built accounts.
 */
type Json = Record<string, unknown>;
const texts = (value: unknown): string => JSON.stringify(value);
const blocksOf = (args: Json) => (args.blocks ?? (args.view as Json | undefined)?.blocks) as Json[];

async function runSchedule(h: SlackAppHarness, name: string) {
  const before = h.api.callsOf('chat.postMessage').length;
  await h.scheduler.runSchedule(h.scheduler.schedules.find((s) => s.name === name)!);
  return h.api.callsOf('chat.postMessage').slice(before);
}

describe('a digest per organisation: a path to an administrator', () => {
  const DEV = '210000000001';
  const PROD = '210000000002';
  const ORG_ID = 'o-devprod0001';
  let h: SlackAppHarness;
  let jira: LocalJira;
  let devDir: string;
  /** dev: alice may become ci, which may assume prod's deploy; prod/deploy trusts dev/ci and is an administrator. */
  const devIam = (aliceMayAssume: boolean) =>
    JSON.parse(
      JSON.stringify(
        authorizationDetails({
          users: [
            user('alice', {
              tags: { team: 'platform' },
              inline: aliceMayAssume ? { assume: doc(allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/ci`)) } : {},
            }),
          ],
          roles: [
            role('ci', {
              trust: doc({
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: 'sts:AssumeRole',
              }),
              inline: { deploy: doc(allow('sts:AssumeRole', `arn:aws:iam::${PROD}:role/deploy`)) },
            }),
          ],
        }),
      ).replaceAll(ACCOUNT, DEV),
    );

  beforeAll(async () => {
    const parent = await tempDir();
    devDir = join(parent, 'dev');
    const prodDir = join(parent, 'prod');
    await mkdir(devDir);
    await mkdir(prodDir);
    const prodIam = JSON.parse(
      JSON.stringify(
        authorizationDetails({
          roles: [
            role('deploy', {
              trust: doc({
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${DEV}:role/ci` },
                Action: 'sts:AssumeRole',
              }),
              managed: [ADMINISTRATOR_ACCESS_ARN],
            }),
          ],
          policies: [ADMINISTRATOR_ACCESS],
        }),
      ).replaceAll(ACCOUNT, PROD),
    );
    const collectedAt = '2026-12-01T00:00:00.000Z';
    await writeFile(join(devDir, 'authorization-details.json'), JSON.stringify(devIam(true)));
    await writeFile(join(devDir, 'snapshot.json'), JSON.stringify({ accountId: DEV, collectedAt, gaps: [] }));
    await writeFile(join(prodDir, 'authorization-details.json'), JSON.stringify(prodIam));
    await writeFile(join(prodDir, 'snapshot.json'), JSON.stringify({ accountId: PROD, collectedAt, gaps: [] }));
    await writeFile(
      join(parent, 'organization.json'),
      JSON.stringify({
        version: 1,
        collectedAt,
        organization: { Id: ORG_ID, MasterAccountId: '210000000000' },
        roots: [{ Id: 'r-root', Name: 'Root', PolicyTypes: [] }],
        organizationalUnits: [
          { Id: 'ou-dev', Name: 'Dev', ParentId: 'r-root' },
          { Id: 'ou-prod', Name: 'Prod', ParentId: 'r-root' },
        ],
        accounts: [
          { Id: DEV, Name: 'dev', ParentId: 'ou-dev' },
          { Id: PROD, Name: 'prod', ParentId: 'ou-prod' },
        ],
        policies: [],
        gaps: [],
      }),
    );
    jira = await LocalJira.start({
      flavour: 'cloud',
      projects: { SEC: {}, PLAT: { components: ['iam'] }, PAY: {} },
      users: ['5b10ac8d82e05b22cc7d4ef5'],
      credentials: { email: CLOUD_ENV.JIRA_EMAIL, apiToken: CLOUD_ENV.JIRA_API_TOKEN },
    });
    h = await startSlackAppHarness({
      config: `
accounts:
  - { id: '${DEV}', snapshot: '${devDir}' }
  - { id: '${PROD}', snapshot: '${prodDir}' }
access:
  muters: [U0SECLEAD]
schedules:
  - { name: by-org, cron: '0 1 * * *', channel: C0ORGS, digest: organization }
ownership:
  teams:
    platform: { slack: U0ALICE, jiraProject: PLAT }
${jiraConfigText(jira.url, 'cloud').replace(/^ownership:\n( {2}.*\n)+/, '')}
`,
      env: CLOUD_ENV,
    });
  });
  afterAll(async () => {
    await h?.close();
    await jira?.stop();
  });
  afterEach(() => {
    expect(h.api.problems).toEqual([]);
  });

  const ALICE = 'user alice in dev can become administrator of prod via role dev/ci → prod/deploy';

  it('lists the path as a finding whose details open, with Mute for a muter and no Fix in AWS', async () => {
    const [digest] = await runSchedule(h, 'by-org');
    const blocks = blocksOf(digest!.args);
    const all = texts(blocks);
    expect(all).toContain(`*dev (${DEV})* · Root/Dev`);
    expect(all).toContain(`*prod (${PROD})* · Root/Prod`);
    // alice through ci, and ci itself.
    expect(all).toContain('*Cross-account paths* (2) · *2 paths to an administrator* · first organisation digest');
    const line = blocks.find((b) => texts(b).includes('alice'))!;
    expect(texts(line)).toContain(
      '*Critical* · user `alice` in dev can become administrator of prod via role dev/ci → prod/deploy',
    );
    const button = (line.accessory as Json).value as string;
    expect(decodeFindingRef(button)).toMatchObject({ accountId: ORG_ID });

    await h.requests.buttonClick(ACTION_IDS.viewFinding, button, { user: 'U0SECLEAD' }).send();
    const opened = await h.api.waitFor(() => h.api.callsOf('views.open').at(-1));
    const details = texts(blocksOf(opened.args));
    expect(details).toContain(ALICE);
    expect(details).toContain('Can become administrator of another account (`cross-account-escalation`)');
    expect(details).toContain('step 1 in dev (210000000001): user alice → role ci');
    expect(details).toContain('role deploy is a full administrator of prod (210000000002)');
    const buttons = blocksOf(opened.args)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements as Json[]).map((e) => (e.text as Json).text));
    expect(details).toContain(`*Account*\\n${DEV} · Root/Dev\\nfrom the organisation pass (${ORG_ID})`);
    expect(buttons).toEqual(expect.arrayContaining(['Mute', 'Create Jira issue']));
    expect(buttons).not.toContain('Fix in AWS');

    // Every path of the organisation, paged (the digest's Show all, when it lists more than 10).
    const paged = await pageThrough(
      h,
      encodePageQuery({ kind: 'findings', accounts: [ORG_ID], filter: {}, groupBy: 'none', page: 0 }),
    );
    expect(paged.listed.sort()).toEqual(
      h.scans
        .latest(ORG_ID)!
        .result.findings.map((f) => f.id)
        .sort(),
    );

    // Create Jira issue on the digest's line: the issue carries the path's evidence, hop by hop.
    await h.requests.buttonClick(ACTION_IDS.jira, button, { user: 'U0SECLEAD' }).send();
    await h.api.waitFor(() =>
      h.api.callsOf('chat.postMessage').find((c) => texts(c.args).includes('Created Jira issue')),
    );
    const issue = jira.issues.at(-1)!;
    expect(texts(issue.fields.summary)).toContain('alice');
    expect(texts(issue.fields.description)).toContain('role deploy is a full administrator of prod');

    // Insights are about alice in her own account, not about the organisation the button names.
    const before = h.api.callsOf('views.update').length;
    await h.requests.buttonClick(ACTION_IDS.insights, button, { user: 'U0SECLEAD' }).send();
    const insights = await h.api.waitFor(() => {
      const view = h.api.callsOf('views.update')[before]?.args.view as Json | undefined;
      return view && !texts(view).includes('Working on it') ? view : undefined;
    });
    expect(texts(insights)).toContain('user/alice');
    expect(texts(insights)).not.toContain('not served');
  });

  it('the next digest says what changed in the paths since the last one here: a muted path is left out, a removed grant is resolved', async () => {
    const alice = h.scans.latest(ORG_ID)!.result.findings.find((f) => f.resourceName === 'alice')!;
    const ci = h.scans.latest(ORG_ID)!.result.findings.find((f) => f.resourceName === 'ci')!;
    const mute = h.requests.slashCommand(`mute ${ci.id} 30 "ci is the deploy pipeline"`, { user: 'U0SECLEAD' });
    await mute.send();
    await h.api.waitFor(() => h.store.data.mutes[ci.id]);
    // alice loses her way into ci.
    await writeFile(join(devDir, 'authorization-details.json'), JSON.stringify(devIam(false)));
    const [digest] = await runSchedule(h, 'by-org');
    const all = texts(blocksOf(digest!.args));
    expect(all).toContain('*0 new* · *0 reopened* · *1 resolved*');
    expect(all).toContain('1 muted path left out');
    expect(all).toContain(`:white_check_mark: ~${ALICE}~`);
    expect(h.store.data.findings[alice.id]).toMatchObject({ status: 'resolved' });
    // Its Jira issue follows: resolved by the organisation pass, as an account's scan resolves its findings' issues.
    const issue = jira.issues.find((i) => texts(i.fields.labels).includes(alice.id))!;
    await h.api.waitFor(() => (jira.issue(issue.key)!.status === 'Done' ? true : undefined));
    expect(digest!.args.text).toMatch(
      /: 2 accounts: 1 critical, 1 high open · 1 cross-account path \(1 to an administrator\) \(0 new, 1 resolved\)$/,
    );
  });

  it('a path that comes back is reopened, with its owner mentioned, and its Jira issue reopened', async () => {
    await writeFile(join(devDir, 'authorization-details.json'), JSON.stringify(devIam(true)));
    const [digest] = await runSchedule(h, 'by-org');
    const line = blocksOf(digest!.args).find((b) => texts(b).includes('alice'))!;
    expect(texts(line)).toContain(
      '*Critical* · *reopened* · user `alice` in dev can become administrator of prod via role dev/ci → prod/deploy · owner <@U0ALICE>',
    );
    const alice = h.scans.latest(ORG_ID)!.result.findings.find((f) => f.resourceName === 'alice')!;
    const issue = jira.issues.find((i) => texts(i.fields.labels).includes(alice.id))!;
    // Routed by the principal's team tag, as an account's finding is.
    expect(issue.fields.project).toMatchObject({ key: 'PLAT' });
    await h.api.waitFor(() => (jira.issue(issue.key)!.status !== 'Done' ? true : undefined));
  });

  it('/rightsize scan <organisation id> scans its accounts now and posts the organisation digest in the channel', async () => {
    const before = h.scans.latest(DEV)!.scannedAt;
    const cmd = h.requests.slashCommand(`scan ${ORG_ID}`, { channel: 'C0ORGSCAN', user: 'U0SECLEAD' });
    const ack = (await (await cmd.send()).json()) as Json;
    expect(texts(ack)).toContain(`Scanning organisation ${ORG_ID} (${DEV}, ${PROD})`);
    const done = await h.api.waitFor(
      () => h.api.responses.filter((r) => r.method === `respond/${cmd.responseId}`).at(-1)?.args,
    );
    expect(texts(done)).toContain(
      `Scanned organisation ${ORG_ID}: 2 accounts joined, 2 cross-account paths; the digest is in the channel.`,
    );
    const posts = h.api.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0ORGSCAN');
    expect(posts).toHaveLength(1);
    const all = texts(blocksOf(posts[0]!.args));
    expect(all).toContain(`Rightsize digest · organisation ${ORG_ID}`);
    expect(all).toContain('user `alice` in dev can become administrator of prod via role dev/ci → prod/deploy');
    // Scanned now, by the person who asked.
    expect(h.scans.latest(DEV)!.scannedAt > before).toBe(true);
    expect(h.store.data.audit.at(-1)).toMatchObject({ actor: { id: 'U0SECLEAD' } });
  });
});
