import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT } from '../../test/support/builders.js';
import { finding, scanInput } from '../../test/support/findings.js';
import {
  TestFixes,
  TestJira,
  WebhookReceiver,
  workflowHarness,
  type WorkflowHarness,
} from '../../test/support/workflows.js';
import { ConfigError } from '../errors.js';
import type { Finding } from '../risks/types.js';
import { WORKFLOW_ACTION_IDS } from '../../views/workflow-messages.js';
import { DAY_MS } from '../risks/settings.js';
import { signWebhook } from './webhook.js';

const OWNERSHIP = `
ownership:
  tagKeys: [owner]
  teams:
    alice: { slack: U0ALICE, jiraProject: ALI }
    payments: { slack: S0PAYMENTS }
`;

const admin = finding('admin-access', 'deploy', { severity: 'critical' });
const unusedKey = finding('unused-access-key', 'ci-bot', { severity: 'medium' });
const gap = finding('permissions-gap', 'reports', { severity: 'low' });
const TAGS: Record<string, Record<string, string>> = {
  deploy: { owner: 'alice', env: 'prod' },
  'ci-bot': { owner: 'alice' },
  reports: { owner: 'payments' },
};

let harness: WorkflowHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(yaml: string, options: Parameters<typeof workflowHarness>[1] = {}) {
  harness = await workflowHarness(`${OWNERSHIP}\n${yaml}`, options);
  return harness;
}

/** Records a scan of `findings` at day `day` after the harness's start. */
async function scanAt(h: WorkflowHarness, day: number, findings: Finding[]) {
  const at = new Date(Date.parse('2026-03-01T09:00:00Z') + day * DAY_MS);
  h.clock.now = at;
  await h.scan(scanInput(findings, at.toISOString(), { tagsOf: (f) => TAGS[f.resourceName] }));
}

const runs = (h: WorkflowHarness) => h.store.data.workflowRuns;
const posts = (h: WorkflowHarness) => h.api.callsOf('chat.postMessage').map((c) => c.args);

describe('workflow triggers', () => {
  it('posts new findings that match its filters to a channel, and records the run in the audit log', async () => {
    const h = await start(`
workflows:
  - name: critical-to-channel
    when: finding.new
    if: { minSeverity: high, tags: { env: '*' } }
    then: [{ action: post-to-channel, channel: '#security' }]
`);
    await scanAt(h, 0, [gap]);
    expect(runs(h)).toEqual([]); // the baseline scan's findings are not new
    await scanAt(h, 1, [gap, admin, unusedKey]);
    expect(posts(h)).toEqual([expect.objectContaining({ channel: '#security', text: `New finding: ${admin.title}` })]);
    expect(h.api.problems).toEqual([]);
    expect(runs(h)).toMatchObject([
      {
        workflow: 'critical-to-channel',
        trigger: 'finding.new',
        eventKey: `finding.new:${admin.id}`,
        subject: admin.id,
        status: 'ok',
        steps: [{ action: 'post-to-channel', status: 'ok', detail: expect.stringMatching(/^posted to #security/) }],
      },
    ]);
    expect(h.store.data.audit.at(-1)).toMatchObject({
      action: 'workflow',
      actor: { id: 'workflow:critical-to-channel', via: 'workflow' },
      subject: admin.id,
      detail: 'critical-to-channel (finding.new): ok; post-to-channel ok',
    });
  });

  it('fires on resolved and reopened findings, once per resolution and per reopening', async () => {
    const h = await start(`
workflows:
  - { name: resolved, when: finding.resolved, then: [{ action: post-to-channel, channel: '#security' }] }
  - { name: reopened, when: finding.reopened, then: [{ action: post-to-channel, channel: '#security' }] }
`);
    await scanAt(h, 0, [admin, gap]);
    await scanAt(h, 1, [gap]);
    await scanAt(h, 2, [gap, admin]);
    await scanAt(h, 3, [gap]);
    expect(runs(h).map((r) => r.eventKey)).toEqual([
      `finding.resolved:${admin.id}:2026-03-02T09:00:00.000Z`,
      `finding.reopened:${admin.id}:1`,
      `finding.resolved:${admin.id}:2026-03-04T09:00:00.000Z`,
    ]);
    expect(posts(h).map((p) => p.text)).toEqual([
      `Finding resolved: ${admin.title}`,
      `Finding reopened: ${admin.title}`,
      `Finding resolved: ${admin.title}`,
    ]);
  });

  it('fires finding.age once a finding is open longer than N days, on the age check, once per open period', async () => {
    const h = await start(`
workflows:
  - name: old-keys
    when: finding.age > 14 days
    if: { rules: [unused-access-key] }
    then: [{ action: dm-owner }]
  - name: old-and-new-only
    when: finding.age > 14 days
    if: { newOnly: true }
    then: [{ action: post-to-channel, channel: '#security' }]
`);
    await scanAt(h, 0, [unusedKey, admin]);
    h.clock.now = new Date(Date.parse('2026-03-01T09:00:00Z') + 10 * DAY_MS);
    await h.engine.checkAges();
    expect(runs(h)).toEqual([]);
    h.clock.now = new Date(Date.parse('2026-03-01T09:00:00Z') + 15 * DAY_MS);
    await h.engine.checkAges();
    await h.engine.checkAges();
    expect(runs(h)).toMatchObject([
      { workflow: 'old-keys', trigger: 'finding.age > 14 days', subject: unusedKey.id, status: 'ok' },
    ]);
    expect(posts(h)).toEqual([
      expect.objectContaining({ channel: 'U0ALICE', text: `Finding still open for 15 days: ${unusedKey.title}` }),
    ]);
    expect(runs(h)[0]!.steps[0]!.detail).toBe('DM to U0ALICE (team alice, tag owner)');
  });

  it('posts a team digest after a scan when the team has findings, and says when a scan failed', async () => {
    const h = await start(`
workflows:
  - name: payments-digest
    when: scan.finished
    if: { owners: [payments] }
    then: [{ action: post-to-channel, channel: '#payments' }]
  - name: scan-failures
    when: scan.failed
    then: [{ action: post-to-channel, channel: '#security' }]
`);
    await scanAt(h, 0, [admin]);
    expect(runs(h)).toEqual([]); // no payments finding: nothing to tell the team
    await scanAt(h, 1, [admin, gap]);
    expect(posts(h)).toEqual([
      expect.objectContaining({ channel: '#payments', text: `Rightsize: ${ACCOUNT}: 1 open finding` }),
    ]);
    await h.engine.scanFailed({
      accountId: ACCOUNT,
      source: 'snapshot directory /data/prod',
      actor: { id: 'schedule:nightly', via: 'schedule' },
      at: h.clock.now,
      error: new Error('ENOENT: no such file authorization-details.json'),
    });
    await h.engine.idle();
    expect(posts(h).at(-1)).toMatchObject({ channel: '#security', text: `Scan of ${ACCOUNT} failed` });
    expect(runs(h).map((r) => [r.workflow, r.status])).toEqual([
      ['payments-digest', 'ok'],
      ['scan-failures', 'ok'],
    ]);
    expect(h.api.problems).toEqual([]);
  });

  it('fires only for scans of the schedules it names: a weekly team digest beside daily scans', async () => {
    const h = await start(`
schedules:
  - { name: daily, cron: '0 6 * * *' }
  - { name: weekly, cron: '0 8 * * 1' }
workflows:
  - name: alice-weekly
    when: scan.finished
    if: { schedules: [weekly], owners: [alice] }
    then: [{ action: post-to-channel, channel: '#team-alice' }]
`);
    await h.scan(scanInput([admin, gap], '2026-03-01T06:00:00.000Z', { tagsOf: (f) => TAGS[f.resourceName] }), 'daily');
    expect(runs(h)).toEqual([]);
    await h.scan(
      scanInput([admin, gap], '2026-03-02T08:00:00.000Z', { tagsOf: (f) => TAGS[f.resourceName] }),
      'weekly',
    );
    expect(posts(h)).toEqual([
      expect.objectContaining({ channel: '#team-alice', text: `Rightsize: ${ACCOUNT}: 1 open finding` }),
    ]);
  });
});

describe('workflow actions', () => {
  it('DMs the owning user; posts to the fallback channel for a user group; fails clearly without an owner', async () => {
    const h = await start(`
workflows:
  - { name: dm, when: finding.new, then: [{ action: dm-owner, fallbackChannel: '#security' }] }
  - { name: dm-strict, when: finding.new, if: { rules: [data-exfiltration] }, then: [{ action: dm-owner }] }
`);
    const orphan = finding('data-exfiltration', 'orphan');
    await scanAt(h, 0, []);
    await scanAt(h, 1, [admin, gap, orphan]);
    expect(
      posts(h).map((p) => [p.channel, String(p.blocks && JSON.stringify(p.blocks)).includes('<!subteam^S0PAYMENTS>')]),
    ).toEqual([
      ['U0ALICE', false],
      ['#security', true],
      ['#security', false],
    ]);
    const byWorkflow = (name: string, subject: string) =>
      runs(h).find((r) => r.workflow === name && r.subject === subject)!.steps[0];
    expect(byWorkflow('dm', gap.id)!.detail).toBe(
      'posted to #security because team "payments" is the user group S0PAYMENTS, which cannot get a DM',
    );
    expect(byWorkflow('dm-strict', orphan.id)).toEqual({
      action: 'dm-owner',
      status: 'failed',
      detail: 'no Slack user to DM: role orphan has none of the tags owner; set fallbackChannel to post there instead',
    });
  });

  it('mutes the finding with the reason, as the workflow, in the audit log', async () => {
    const h = await start(`
workflows:
  - name: accept-gaps
    when: finding.new
    if: { rules: [permissions-gap] }
    then: [{ action: mute, days: 30, reason: 'reviewed quarterly' }]
`);
    await scanAt(h, 0, []);
    await scanAt(h, 1, [gap]);
    expect(h.store.data.mutes[gap.id]).toMatchObject({
      by: { id: 'workflow:accept-gaps', via: 'workflow' },
      reason: 'reviewed quarterly (workflow accept-gaps)',
      until: '2026-04-01T09:00:00.000Z',
    });
    expect(h.store.data.findings[gap.id]!.status).toBe('muted');
  });

  it('calls a webhook with signed JSON, retries 503 with backoff, and gives up on 400 at once', async () => {
    const receiver = await WebhookReceiver.start('s3cret-s3cret-s3cret');
    try {
      const h = await start(
        `
workflows:
  - name: hook
    when: finding.new
    then: [{ action: webhook, url: '${receiver.url}', secret: '\${HOOK_SECRET}', retries: 2, timeoutSeconds: 1 }]
`,
        { env: { HOOK_SECRET: 's3cret-s3cret-s3cret' } },
      );
      await scanAt(h, 0, []);
      receiver.answers = [503, 503, 204];
      await scanAt(h, 1, [admin]);
      expect(receiver.received).toHaveLength(3);
      expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
      expect(new Set(receiver.received.map((r) => r.headers['x-rightsize-delivery'])).size).toBe(1);
      expect(receiver.received[0]!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
        workflow: 'hook',
        event: 'finding.new',
        eventKey: `finding.new:${admin.id}`,
        finding: { id: admin.id, severity: 'critical', tags: { owner: 'alice', env: 'prod' } },
      });
      expect(runs(h)[0]!.steps[0]).toEqual({
        action: 'webhook',
        status: 'ok',
        detail: `${receiver.url} answered HTTP 204 on attempt 3`,
      });

      receiver.answers = [400];
      await scanAt(h, 2, [admin, gap]);
      expect(receiver.received).toHaveLength(4);
      expect(runs(h)[1]!.steps[0]).toMatchObject({
        status: 'failed',
        detail: `${receiver.url} answered HTTP 400 (after 1 attempt)`,
      });

      receiver.answers = ['hang', 'hang', 'hang'];
      await scanAt(h, 3, [admin, gap, unusedKey]);
      expect(runs(h)[2]!.steps[0]).toMatchObject({
        status: 'failed',
        detail: `${receiver.url} no answer within 1000 ms (after 3 attempts)`,
      });
      const first = receiver.received[0]!;
      const timestamp = Number(first.headers['x-rightsize-timestamp']);
      expect(timestamp).toBe(Math.floor(Date.parse('2026-03-02T09:00:00Z') / 1000));
      expect(first.headers['x-rightsize-signature']).not.toBe(
        signWebhook('another-secret-value', timestamp, first.body),
      );
    } finally {
      await receiver.close();
    }
  });

  it('fails Jira and fix actions with "not available" when they are not configured, and still runs the rest', async () => {
    const h = await start(`
workflowSettings: { automaticFixes: [deactivate-access-key] }
workflows:
  - name: everything
    when: finding.new
    then:
      - { action: create-jira-issue }
      - { action: request-fix-approval }
      - { action: apply-fix, notify: '#security' }
      - { action: post-to-channel, channel: '#security' }
`);
    await scanAt(h, 0, []);
    await scanAt(h, 1, [unusedKey]);
    expect(runs(h)[0]).toMatchObject({
      status: 'partial',
      steps: [
        { action: 'create-jira-issue', status: 'failed', detail: 'not available: Jira is not configured' },
        { action: 'request-fix-approval', status: 'failed', detail: 'not available: fixes in AWS are not configured' },
        { action: 'apply-fix', status: 'failed', detail: 'not available: fixes in AWS are not configured' },
        { action: 'post-to-channel', status: 'ok' },
      ],
    });
    expect(h.engine.warnings()).toEqual([
      'workflow everything: create-jira-issue will fail: not available: Jira is not configured',
      'workflow everything: request-fix-approval will fail: not available: fixes in AWS are not configured',
      'workflow everything: apply-fix will fail: not available: fixes in AWS are not configured',
    ]);
    expect(h.logs).toContain(
      'warn workflow everything: create-jira-issue will fail: not available: Jira is not configured',
    );
  });

  it('creates Jira issues (in the owning team’s project) and asks for fix approval through their executors', async () => {
    const jira = new TestJira();
    const fixes = new TestFixes();
    const h = await start(
      `
workflows:
  - name: critical-to-jira
    when: finding.new
    if: { minSeverity: critical }
    then: [{ action: create-jira-issue }, { action: request-fix-approval }]
`,
      { jira, fixes },
    );
    await scanAt(h, 0, []);
    await scanAt(h, 1, [admin, gap]);
    expect(jira.calls).toEqual([
      { findingId: admin.id, project: 'ALI', requestedBy: { id: 'workflow:critical-to-jira', via: 'workflow' } },
    ]);
    expect(fixes.approvals).toEqual([admin.id]);
    expect(runs(h)[0]!.steps.map((s) => s.detail)).toEqual([
      'created SEC-1 https://jira.example.com/browse/SEC-1',
      'asked U0OWNER to approve (approval ap-1)',
    ]);
  });

  it('goes on after a failed action (Jira down), unless the action says onFailure: stop', async () => {
    const jira = new TestJira();
    jira.down = true;
    const h = await start(
      `
workflows:
  - name: go-on
    when: finding.new
    then: [{ action: create-jira-issue }, { action: dm-owner }]
  - name: stop-here
    when: finding.new
    then: [{ action: create-jira-issue, onFailure: stop }, { action: post-to-channel, channel: '#security' }]
`,
      { jira },
    );
    await scanAt(h, 0, []);
    await scanAt(h, 1, [admin]);
    expect(
      runs(h).map((r) => [r.workflow, r.status, r.steps.map((s) => `${s.action} ${s.status}: ${s.detail}`)]),
    ).toEqual([
      [
        'go-on',
        'partial',
        [
          'create-jira-issue failed: Jira answered 503 Service Unavailable',
          'dm-owner ok: DM to U0ALICE (team alice, tag owner)',
        ],
      ],
      [
        'stop-here',
        'failed',
        [
          'create-jira-issue failed: Jira answered 503 Service Unavailable',
          'post-to-channel skipped: not run: create-jira-issue failed (onFailure: stop)',
        ],
      ],
    ]);
    expect(posts(h).map((p) => p.channel)).toEqual(['U0ALICE']);
    expect(h.logs.some((l) => l.startsWith('warn workflow go-on') && l.includes('Jira answered 503'))).toBe(true);
  });

  it('applies only allow-listed fix kinds, and tells the owner what changed with a Rollback button', async () => {
    const fixes = new TestFixes({
      'unused-access-key': { kind: 'deactivate-access-key', summary: 'deactivate key 1 of ci-bot', reversible: true },
      'admin-access': { kind: 'detach-policy', summary: 'detach AdministratorAccess from deploy', reversible: true },
    });
    const h = await start(
      `
workflowSettings: { automaticFixes: [deactivate-access-key] }
workflows:
  - name: auto-fix
    when: finding.new
    then: [{ action: apply-fix }]
`,
      { fixes },
    );
    await scanAt(h, 0, []);
    const mfa = finding('console-without-mfa', 'ci-bot');
    await scanAt(h, 1, [unusedKey, admin, gap, mfa]);
    expect(fixes.applied).toEqual([
      {
        findingId: unusedKey.id,
        kind: 'deactivate-access-key',
        requestedBy: { id: 'workflow:auto-fix', via: 'workflow' },
      },
    ]);
    const dm = posts(h).find((p) => p.channel === 'U0ALICE')!;
    expect(dm.text).toBe(`Rightsize applied a fix: deactivate-access-key on ${unusedKey.id}`);
    expect(JSON.stringify(dm.blocks)).toContain(`"action_id":"${WORKFLOW_ACTION_IDS.rollbackFix}","value":"fix-1"`);
    expect(h.api.problems).toEqual([]);
    const step = (subject: string) => runs(h).find((r) => r.subject === subject)!.steps[0]!;
    expect(step(unusedKey.id)).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('told U0ALICE with a Rollback button'),
    });
    expect(step(admin.id)).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/^fix kind detach-policy is not allow-listed in workflowSettings.automaticFixes/),
    });
    expect(step(mfa.id)).toMatchObject({
      status: 'failed',
      detail: 'rule console-without-mfa has no fix plan; nothing was changed',
    });
    // Nobody to tell (the owner is a user group): the fix is not applied at all.
    expect(step(gap.id)).toMatchObject({
      status: 'failed',
      detail:
        'no Slack user to DM: team "payments" is the user group S0PAYMENTS, which cannot get a DM; nothing was changed (set notify: \'#channel\')',
    });
  });

  it('refuses to start with an allow-listed fix kind the fix executor does not know', async () => {
    await expect(
      start('workflowSettings: { automaticFixes: [deactivate-acess-key] }', { fixes: new TestFixes() }),
    ).rejects.toThrow(ConfigError);
    await expect(
      start('workflowSettings: { automaticFixes: [deactivate-acess-key] }', { fixes: new TestFixes() }),
    ).rejects.toThrow(
      'workflowSettings.automaticFixes[0]: unknown fix kind "deactivate-acess-key"; kinds: deactivate-access-key, detach-policy',
    );
  });
});

describe('the workflow engine', () => {
  it('never fires a workflow twice for one event, across a restart over the same state file', async () => {
    const jira = new TestJira();
    const yaml = 'workflows:\n  - { name: to-jira, when: finding.new, then: [{ action: create-jira-issue }] }';
    const first = await start(yaml, { jira });
    await scanAt(first, 0, []);
    const input = scanInput([admin], '2026-03-02T09:00:00.000Z');
    const diff = await first.store.recordScan(input);
    await first.engine.scanFinished({ diff });
    await first.engine.idle();
    expect(jira.calls).toHaveLength(1);
    const second = await first.restart();
    harness = second;
    await second.engine.scanFinished({ diff }); // the same event delivered again
    await second.engine.checkAges();
    await second.engine.idle();
    expect(jira.calls).toHaveLength(1);
    expect(second.store.data.workflowRuns).toHaveLength(1);
    expect(second.store.data.workflowFired).toEqual([
      { workflow: 'to-jira', eventKey: `finding.new:${admin.id}`, at: expect.any(String), runId: expect.any(String) },
    ]);
  });

  it('marks runs a stopped process left half-done as interrupted, and does not run them again', async () => {
    const jira = new TestJira();
    const h = await start(
      'workflows:\n  - { name: to-jira, when: finding.new, then: [{ action: create-jira-issue }] }',
      {
        jira,
      },
    );
    await h.store.update((data) => {
      data.workflowFired.push({
        workflow: 'to-jira',
        eventKey: `finding.new:${admin.id}`,
        at: '2026-03-01T09:00:00.000Z',
        runId: 'r1',
      });
      data.workflowRuns.push({
        id: 'r1',
        workflow: 'to-jira',
        trigger: 'finding.new',
        eventKey: `finding.new:${admin.id}`,
        subject: admin.id,
        subjectLabel: admin.title,
        accountId: ACCOUNT,
        startedAt: '2026-03-01T09:00:00.000Z',
        status: 'running',
        steps: [],
      });
    });
    const again = await h.restart();
    harness = again;
    expect(again.store.data.workflowRuns[0]).toMatchObject({ id: 'r1', status: 'interrupted' });
    expect(again.logs).toContain('warn workflows: 1 run(s) were interrupted by a stop; not repeated');
    await scanAt(again, 0, []);
    await scanAt(again, 1, [admin]);
    expect(jira.calls).toEqual([]);
  });

  it('holds runs beyond the rate limit back and records that it did', async () => {
    const h = await start(`
workflowSettings: { rateLimit: { maxRuns: 2, perMinutes: 60 } }
workflows:
  - { name: chatty, when: finding.new, then: [{ action: post-to-channel, channel: '#security' }] }
`);
    await scanAt(h, 0, []);
    await scanAt(h, 1, [admin, unusedKey, gap]);
    expect(posts(h)).toHaveLength(2);
    expect(runs(h).map((r) => r.status)).toEqual(['ok', 'ok', 'rate-limited']);
    expect(runs(h)[2]!.subjectLabel).toBe('1 event(s) not run: at most 2 runs per 60 min');
    expect(h.store.data.audit.at(-1)).toMatchObject({
      action: 'workflow',
      detail: 'chatty (finding.new): rate-limited; 1 event(s) not run',
    });
    expect(h.logs).toContain('warn workflow chatty: rate limit reached, 1 event(s) not run');
  });
});
