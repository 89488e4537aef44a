import { afterEach, describe, expect, it } from 'vitest';
import { adfProblems } from './support/adf-validator.js';
import { ACCOUNT, allow, authorizationDetails, doc, role, snapshotDir } from './support/builders.js';
import { ACTOR, jiraWorld, muteForADay, scanNow, type JiraWorld } from './support/jira-setup.js';

let world: JiraWorld | undefined;
afterEach(async () => {
  await world?.jira.stop();
  world = undefined;
});

async function demoWorld(flavour: 'cloud' | 'server' = 'cloud') {
  world = await jiraWorld(flavour);
  const { diff, result } = await scanNow(world);
  const jenkins = result.findings.find((f) => f.ruleId === 'admin-access' && f.resourceName === 'jenkins-legacy')!;
  return { world, diff, jenkins };
}

const creates = (w: JiraWorld) => w.jira.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issue'));

describe('Jira issues for findings (Cloud, REST v3)', () => {
  it('files a routed, prioritised, labelled issue with an ADF description, and returns it on a second request', async () => {
    const { world, jenkins } = await demoWorld();
    const first = await world.service.createIssueForFinding(jenkins.id, {
      requestedBy: ACTOR,
      slackPermalink: 'https://acme.slack.com/archives/C01/p1700000000000100',
    });
    expect(first).toMatchObject({ outcome: 'created', key: 'PLAT-1', url: `${world.jira.url}/browse/PLAT-1` });

    const issue = world.jira.issue('PLAT-1')!;
    // owner=alice… names no configured team; the next tag key, team=platform, does.
    expect(issue.fields).toMatchObject({
      project: { key: 'PLAT' },
      issuetype: { name: 'Task' },
      priority: { name: 'Highest' },
      assignee: { accountId: '5b10ac8d82e05b22cc7d4ef5' },
      components: [{ name: 'iam' }],
      summary: `[Rightsize] ${jenkins.title}`,
    });
    expect(issue.fields.labels).toEqual([
      'rightsize',
      'admin-access',
      '111122223333',
      'security',
      `rightsize-${jenkins.id}`,
    ]);
    expect(adfProblems(issue.fields.description)).toEqual([]);
    const description = JSON.stringify(issue.fields.description);
    for (const heading of ['What', 'Why it matters', 'Evidence', 'Remediation', 'Suggested policy', 'Links'])
      expect(description).toContain(`"text":"${heading}"`);
    expect(description).toContain(jenkins.remediation.consoleUrl);
    expect(description).toContain('https://acme.slack.com/archives/C01/p1700000000000100');
    const code = (
      issue.fields.description as {
        content: { type: string; attrs?: { language?: string }; content?: { text: string }[] }[];
      }
    ).content.find((n) => n.type === 'codeBlock')!;
    expect(code.attrs).toEqual({ language: 'diff' });
    expect(code.content![0]!.text).toMatch(/^--- role\/jenkins-legacy today\n\+\+\+ role\/jenkins-legacy suggested/m);

    const again = await world.service.createIssueForFinding(jenkins.id.slice(0, 20), { requestedBy: ACTOR });
    expect(again).toEqual({
      outcome: 'existing',
      findingId: jenkins.id,
      key: 'PLAT-1',
      url: first.outcome === 'created' ? first.url : '',
    });
    expect(creates(world)).toHaveLength(1);
    expect(world.store.data.jiraLinks[jenkins.id]).toMatchObject({
      issueKey: 'PLAT-1',
      status: 'open',
      origin: 'created',
      requestedBy: ACTOR,
    });
    expect(world.store.data.audit.at(-1)).toMatchObject({
      action: 'jira',
      subject: jenkins.id,
      detail: 'created PLAT-1 in PLAT',
    });
  });

  it('two requests at once create one issue', async () => {
    const { world, jenkins } = await demoWorld();
    const [a, b] = await Promise.all([
      world.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR }),
      world.service.createIssueForFinding(jenkins.id, { requestedBy: { id: 'bob', via: 'slack' } }),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(['created', 'existing']);
    expect(creates(world)).toHaveLength(1);
  });

  it('after the local state is lost, a JQL search on the finding label finds the issue instead of filing another', async () => {
    const { world, jenkins } = await demoWorld();
    await world.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR });
    const lost = await world.freshService();
    await scanNow(world, lost.scans);
    const outcome = await lost.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR });
    expect(outcome).toMatchObject({ outcome: 'existing', key: 'PLAT-1' });
    expect(creates(world)).toHaveLength(1);
    const search = world.jira.requests.filter((r) => r.path === '/rest/api/3/search/jql');
    expect(search.length).toBeGreaterThanOrEqual(2);
    expect(lost.store.data.jiraLinks[jenkins.id]).toMatchObject({ issueKey: 'PLAT-1', origin: 'found' });
  });

  it('routes a resource no configured team owns to the default project', async () => {
    const { world, diff } = await demoWorld();
    const untagged = diff.open.find((f) => f.resourceType === 'user' && f.severity !== 'low')!;
    const outcome = await world.service.createIssueForFinding(untagged.id, { requestedBy: ACTOR });
    expect(outcome).toMatchObject({ outcome: 'created', key: expect.stringMatching(/^(SEC|PLAT|PAY)-1$/) });
  });
});

describe('when Jira is down, refuses the credentials, rate-limits or does not know the project', () => {
  it('keeps the request, says why, retries with backoff, and files exactly one issue once Jira is back', async () => {
    const { world, jenkins } = await demoWorld();
    await world.jira.stop();
    const queued = await world.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR });
    expect(queued).toMatchObject({
      outcome: 'queued',
      attempts: 1,
      nextAttemptAt: '2026-11-20T12:01:00.000Z',
      error: {
        code: 'JIRA_UNREACHABLE',
        message: expect.stringMatching(/could not search Jira .*could not be reached \(ECONNREFUSED\)/),
      },
    });
    // A second click while Jira is down queues nothing new and tries again.
    const second = await world.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR });
    expect(second).toMatchObject({ outcome: 'queued', attempts: 2, nextAttemptAt: '2026-11-20T12:02:00.000Z' });
    expect(world.store.data.jiraOutbox).toHaveLength(1);

    await world.jira.listen();
    expect((await world.service.retryPending({ dueOnly: true })).delivered).toEqual([]);
    world.clock.now += 2 * 60_000;
    const report = await world.service.retryPending({ dueOnly: true });
    expect(report.delivered.map((d) => d.key)).toEqual(['PLAT-1']);
    expect(report.pending).toBe(0);
    expect(world.jira.issues).toHaveLength(1);
  });

  it('an answer lost after Jira created the issue does not make a second one', async () => {
    const { world, jenkins } = await demoWorld();
    world.jira.dropNextAnswer('POST', /\/issue$/);
    expect(await world.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR })).toMatchObject({
      outcome: 'queued',
    });
    expect(world.jira.issues).toHaveLength(1);
    const report = await world.service.retryPending({ dueOnly: false });
    expect(report.delivered.map((d) => d.detail)).toEqual(['linked existing issue PLAT-1']);
    expect(world.jira.issues).toHaveLength(1);
  });

  it('401 names the credentials to check; 429 waits as long as Retry-After says; 500 backs off', async () => {
    const { world, jenkins } = await demoWorld();
    world.jira.failNext(1, {
      status: 401,
      body: { errorMessages: ['Client must be authenticated to access this resource.'] },
    });
    const denied = await world.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR });
    expect(denied).toMatchObject({
      outcome: 'queued',
      error: {
        code: 'JIRA_UNAUTHORIZED',
        message: expect.stringMatching(/refused the credentials \(401\): Client must be authenticated/),
        hint: expect.stringMatching(/JIRA_EMAIL and JIRA_API_TOKEN/),
      },
    });

    world.jira.failNext(1, {
      status: 429,
      headers: { 'Retry-After': '600' },
      body: { errorMessages: ['Rate limit exceeded'] },
    });
    const limited = await world.service.retryPending({ dueOnly: false });
    expect(limited.failed[0]!.error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 600_000 });
    expect(world.store.data.jiraOutbox[0]).toMatchObject({ attempts: 2, nextAttemptAt: '2026-11-20T12:10:00.000Z' });

    world.jira.failNext(1, { status: 500, body: { errorMessages: ['Internal server error'] } });
    const broken = await world.service.retryPending({ dueOnly: false });
    expect(broken.failed[0]!.error).toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/answered 500: Internal server error/),
    });
    expect(world.store.data.jiraOutbox[0]).toMatchObject({ attempts: 3, nextAttemptAt: '2026-11-20T12:04:00.000Z' });

    expect((await world.service.retryPending({ dueOnly: false })).delivered).toHaveLength(1);
    expect(world.jira.issues).toHaveLength(1);
  });

  it('an unknown project is Jira rejecting the issue, with the config key to fix', async () => {
    const { world, jenkins } = await demoWorld();
    delete world.jira.options.projects.PLAT;
    const outcome = await world.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR });
    expect(outcome).toMatchObject({
      outcome: 'queued',
      error: {
        code: 'JIRA_REJECTED',
        message: expect.stringMatching(
          /could not create the issue in PLAT: Jira rejected the request \(400\): project: valid project is required/,
        ),
        hint: expect.stringMatching(/ownership\.teams\.<team>\.jiraProject/),
      },
    });
    world.jira.options.projects.PLAT = { components: ['iam'] };
    expect((await world.service.retryPending({ dueOnly: false })).delivered.map((d) => d.key)).toEqual(['PLAT-1']);
  });
});

describe('lifecycle sync', () => {
  const adminRole = (tags: Record<string, string> = { team: 'payments' }) =>
    role('billing-admin', { inline: { all: doc(allow('iam:*')) }, tags });
  const snapshot = (roles: unknown[]) =>
    snapshotDir({
      'authorization-details.json': authorizationDetails({ roles }),
      'snapshot.json': { accountId: ACCOUNT, collectedAt: '2026-11-20T09:00:00Z' },
    });

  it('comments and moves the issue to done when a scan resolves the finding, reopens it when it comes back, and comments on a mute', async () => {
    world = await jiraWorld('cloud', await snapshot([adminRole()]));
    const { diff } = await scanNow(world);
    const admin = diff.open.find((f) => f.ruleId === 'admin-access')!;
    expect(await world.service.createIssueForFinding(admin.id, { requestedBy: ACTOR })).toMatchObject({
      outcome: 'created',
      key: 'PAY-1',
    });

    world.snapshot.dir = await snapshot([]);
    world.clock.now += 3600_000;
    const resolved = await scanNow(world);
    expect(resolved.diff.resolved.map((f) => f.id)).toContain(admin.id);
    const issue = world.jira.issue('PAY-1')!;
    expect(issue.status).toBe('Done');
    expect(JSON.stringify(issue.comments.at(-1)!.body)).toMatch(/no longer finds this risk/);
    expect(world.store.data.jiraLinks[admin.id]).toMatchObject({ status: 'done' });

    world.snapshot.dir = await snapshot([adminRole()]);
    world.clock.now += 3600_000;
    await scanNow(world);
    expect(issue.status).toBe('To Do');
    expect(JSON.stringify(issue.comments.at(-1)!.body)).toMatch(/finds this risk again .*come back 1 time/);

    await muteForADay(world, admin.id, 'break-glass role');
    expect(JSON.stringify(issue.comments.at(-1)!.body)).toMatch(/alice muted this finding .*: break-glass role/);
    expect(issue.comments).toHaveLength(3);
    for (const c of issue.comments) expect(adfProblems(c.body)).toEqual([]);
    expect(world.store.data.jiraOutbox).toEqual([]);
  });

  it('says it left an issue where it was when a person had already reopened it, not that it moved it', async () => {
    world = await jiraWorld('cloud', await snapshot([adminRole()]));
    const admin = (await scanNow(world)).diff.open.find((f) => f.ruleId === 'admin-access')!;
    await world.service.createIssueForFinding(admin.id, { requestedBy: ACTOR });
    world.snapshot.dir = await snapshot([]);
    world.clock.now += 3600_000;
    await scanNow(world);
    const issue = world.jira.issue('PAY-1')!;
    expect(world.store.data.audit.at(-1)?.detail).toBe('resolved: commented on PAY-1 and moved it (Done)');
    // Someone reopens the issue by hand before the risk comes back.
    issue.status = 'To Do';
    world.snapshot.dir = await snapshot([adminRole()]);
    world.clock.now += 3600_000;
    await scanNow(world);
    expect(world.jira.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/transitions'))).toHaveLength(1);
    expect(world.store.data.audit.at(-1)?.detail).toBe(
      'reopened: commented on PAY-1; left it in To Do (already there)',
    );
  });

  it('a sync that failed half-way is retried without a second comment, and after Jira was down', async () => {
    world = await jiraWorld('cloud', await snapshot([adminRole()]));
    const { diff } = await scanNow(world);
    const admin = diff.open.find((f) => f.ruleId === 'admin-access')!;
    await world.service.createIssueForFinding(admin.id, { requestedBy: ACTOR });

    world.snapshot.dir = await snapshot([]);
    world.jira.failNext(1, { status: 503, method: 'GET', path: /\/transitions$/ });
    await scanNow(world);
    const issue = world.jira.issue('PAY-1')!;
    expect(issue.comments).toHaveLength(1);
    expect(issue.status).toBe('To Do');
    expect(world.store.data.jiraOutbox[0]).toMatchObject({
      kind: 'resolved',
      attempts: 1,
      lastError: { code: 'JIRA_UNAVAILABLE' },
    });

    await world.jira.stop();
    expect((await world.service.retryPending({ dueOnly: false })).failed[0]!.error.kind).toBe('unreachable');
    await world.jira.listen();
    world.clock.now += 10 * 60_000;
    const report = await world.service.retryPending({ dueOnly: true });
    expect(report.delivered).toHaveLength(1);
    expect(issue.comments).toHaveLength(1);
    expect(issue.status).toBe('Done');
  });

  it('a workflow without the configured transition is a clear error naming the ones it has', async () => {
    world = await jiraWorld('cloud', await snapshot([adminRole()]));
    world.config.jira.transitions.done = 'Close';
    const { diff } = await scanNow(world);
    const admin = diff.open.find((f) => f.ruleId === 'admin-access')!;
    await world.service.createIssueForFinding(admin.id, { requestedBy: ACTOR });
    world.snapshot.dir = await snapshot([]);
    await scanNow(world);
    expect(world.store.data.jiraOutbox[0]!.lastError).toMatchObject({
      code: 'JIRA_WORKFLOW',
      message: 'could not move PAY-1: no transition "Close" from status "To Do" (available: Start, Done)',
      hint: expect.stringMatching(/jira\.transitions\.done/),
    });
  });

  it('an issue a person already closed is not transitioned again', async () => {
    world = await jiraWorld('cloud', await snapshot([adminRole()]));
    const { diff } = await scanNow(world);
    const admin = diff.open.find((f) => f.ruleId === 'admin-access')!;
    await world.service.createIssueForFinding(admin.id, { requestedBy: ACTOR });
    world.jira.setStatus('PAY-1', 'Done');
    world.snapshot.dir = await snapshot([]);
    await scanNow(world);
    expect(world.jira.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/transitions'))).toEqual([]);
    expect(world.store.data.jiraLinks[admin.id]!.status).toBe('done');
  });
});

describe('Jira Data Center / Server (REST v2, personal access token)', () => {
  it('files the issue with a wiki-markup description and the assignee by user name, and syncs it', async () => {
    const { world, jenkins } = await demoWorld('server');
    expect(await world.service.createIssueForFinding(jenkins.id, { requestedBy: ACTOR })).toMatchObject({
      outcome: 'created',
      key: 'PLAT-1',
    });
    const issue = world.jira.issue('PLAT-1')!;
    expect(issue.fields.assignee).toEqual({ name: 'alice.nguyen' });
    const description = issue.fields.description as string;
    expect(description).toMatch(/^h3\. What\n\n\*role jenkins\\-legacy /);
    expect(description).toContain('h3. Suggested policy');
    expect(description).toMatch(/\{noformat\}\n=+\n--- role\/jenkins-legacy today/);
    expect(description).toContain(`[Open in the AWS console|${jenkins.remediation.consoleUrl}]`);
    expect(world.jira.requests.some((r) => r.path === '/rest/api/2/search')).toBe(true);
    // The comment lands but its answer is lost: the retry must find it by its marker, not post it again.
    world.jira.dropNextAnswer('POST', /\/comment$/);
    expect((await muteForADay(world, jenkins.id, 'legacy CI, retired in Q1')).failed).toHaveLength(1);
    expect((await world.service.retryPending({ dueOnly: false })).delivered).toHaveLength(1);
    expect(issue.comments.map((c) => c.body)).toEqual([
      expect.stringMatching(
        /^Rightsize: alice muted this finding .*: legacy CI, retired in Q1\n\n\{\{rightsize request \w+\}\}$/,
      ),
    ]);
    expect(world.jira.requests.some((r) => r.path.startsWith('/rest/api/3'))).toBe(false);
  });
});
