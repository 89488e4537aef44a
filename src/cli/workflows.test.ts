import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, authorizationDetails, snapshotDir, user, ADMINISTRATOR_ACCESS } from '../../test/support/builders.js';
import { runCli } from '../../test/support/cli.js';
import { finding, scanInput, tempDir } from '../../test/support/findings.js';
import { WebhookReceiver } from '../../test/support/workflows.js';
import { StateStore } from '../store/index.js';

const critical = finding('admin-access', 'deploy', { severity: 'critical' });
const oldKey = finding('unused-access-key', 'ci-bot', { severity: 'medium' });

/** A config with workflows and a state with two recorded scans (the second finds `critical` new). */
async function setup(workflows: string) {
  const dir = await tempDir();
  const config = join(dir, 'rightsize.yaml');
  await writeFile(
    config,
    `stateFile: ./state.json
ownership:
  tagKeys: [owner]
  teams: { alice: { slack: U0ALICE } }
workflows:
${workflows}`,
  );
  const state = join(dir, 'state.json');
  const store = await StateStore.open(state);
  const tagsOf = () => ({ owner: 'alice' });
  await store.recordScan(scanInput([oldKey], '2026-11-01T06:00:00.000Z', { tagsOf }));
  await store.recordScan(scanInput([oldKey, critical], '2026-11-19T06:00:00.000Z', { tagsOf }));
  return { config, state };
}

const WORKFLOWS = `
  - name: critical-to-jira
    when: finding.new
    if: { minSeverity: critical }
    then: [{ action: create-jira-issue }, { action: post-to-channel, channel: '#security' }]
  - name: old-keys
    when: finding.age > 14 days
    if: { rules: [unused-access-key] }
    then: [{ action: dm-owner }]
  - name: disabled-one
    when: scan.finished
    enabled: false
    then: [{ action: post-to-channel, channel: '#security' }]
`;

describe('rightsize workflows', () => {
  it('test: says what would fire against the latest scan and what each action would do, changing nothing', async () => {
    const { config, state } = await setup(WORKFLOWS);
    const before = { text: await readFile(state, 'utf8'), mtime: (await stat(state)).mtimeMs };
    const result = await runCli('--config', config, 'workflows', 'test', 'critical-to-jira');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('workflow critical-to-jira: when finding.new — dry run, nothing is changed');
    expect(result.stdout).toContain(`against the latest scans: ${ACCOUNT}-20261119T055959Z (2026-11-19T06:00:00.000Z)`);
    expect(result.stdout).toContain(
      [
        'would fire 1 time:',
        `  finding.new · ${critical.title} (finding.new:${critical.id})`,
        `    1. create-jira-issue: create a Jira issue for ${critical.id} (default project) — not available: Jira is not configured`,
        '    2. post-to-channel: post to #security — not available: Slack is not configured (set SLACK_BOT_TOKEN)',
      ].join('\n'),
    );
    const ages = await runCli('--config', config, 'workflows', 'test', 'old-keys');
    expect(ages.stdout).toContain(
      `  finding.age · ${oldKey.title} (finding.age:${oldKey.id}:2026-11-01T06:00:00.000Z)`,
    );
    expect(ages.stdout).toContain(
      '    1. dm-owner: DM to U0ALICE (team alice, tag owner) — not available: Slack is not configured',
    );
    const disabled = await runCli('--config', config, 'workflows', 'test', 'disabled-one');
    expect(disabled.stdout).toContain('note: this workflow is disabled (enabled: false): it does not run');
    expect(disabled.stdout).toContain('would fire 1 time:');
    expect(await readFile(state, 'utf8')).toBe(before.text);
    expect((await stat(state)).mtimeMs).toBe(before.mtime);
  });

  it('test: with a jira section, says it would create the issue, not that Jira is not configured', async () => {
    const { config } = await setup(WORKFLOWS);
    await writeFile(
      config,
      `${await readFile(config, 'utf8')}jira: { flavour: cloud, baseUrl: 'https://acme.atlassian.net', project: SEC }\n`,
    );
    const result = await runCli('--config', config, 'workflows', 'test', 'critical-to-jira');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `    1. create-jira-issue: create a Jira issue for ${critical.id} (default project)\n`,
    );
    expect(result.stdout).not.toMatch(/Jira is not configured/);
  });

  it('test: lists what already fired instead of firing it again, and answers JSON', async () => {
    const { config, state } = await setup(WORKFLOWS);
    const store = await StateStore.open(state);
    await store.update((data) =>
      data.workflowFired.push({
        workflow: 'critical-to-jira',
        eventKey: `finding.new:${critical.id}`,
        at: '2026-11-19T06:00:01.000Z',
        runId: 'r1',
      }),
    );
    const text = await runCli('--config', config, 'workflows', 'test', 'critical-to-jira');
    expect(text.stdout).toContain('would not fire.');
    expect(text.stdout).toContain(
      `already fired, not again: 1\n  finding.new:${critical.id} (fired 2026-11-19T06:00:01.000Z)`,
    );
    const json = JSON.parse(
      (await runCli('--config', config, 'workflows', 'test', 'critical-to-jira', '-f', 'json')).stdout,
    );
    expect(json.firings).toEqual([
      expect.objectContaining({ eventKey: `finding.new:${critical.id}`, firedAt: '2026-11-19T06:00:01.000Z' }),
    ]);
  });

  it('test: names the workflows there are when given an unknown one', async () => {
    const { config } = await setup(WORKFLOWS);
    const result = await runCli('--config', config, 'workflows', 'test', 'critical-to-jria');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rightsize: no workflow "critical-to-jria" in the config');
    expect(result.stderr).toContain('hint: workflows: critical-to-jira, old-keys, disabled-one');
  });

  it('list and runs: the workflows with their last run, and the runs with what each action did', async () => {
    const { config, state } = await setup(WORKFLOWS);
    const store = await StateStore.open(state);
    await store.update((data) => {
      data.workflowRuns.push({
        id: 'r1',
        workflow: 'critical-to-jira',
        trigger: 'finding.new',
        eventKey: `finding.new:${critical.id}`,
        subject: critical.id,
        subjectLabel: critical.title,
        accountId: ACCOUNT,
        startedAt: '2026-11-19T06:00:01.000Z',
        finishedAt: '2026-11-19T06:00:02.000Z',
        status: 'partial',
        steps: [
          { action: 'create-jira-issue', status: 'failed', detail: 'not available: Jira is not configured' },
          { action: 'post-to-channel', status: 'ok', detail: 'posted to #security (ts 1.2)' },
        ],
      });
    });
    const list = await runCli('--config', config, 'workflows', 'list');
    expect(list.stdout).toContain(
      [
        'critical-to-jira',
        '  when finding.new',
        '  if   minSeverity critical',
        '  then create-jira-issue → post-to-channel',
        `  last run: 2026-11-19T06:00:01.000Z partial (${critical.title})`,
      ].join('\n'),
    );
    expect(list.stdout).toContain('disabled-one (disabled)');
    const runs = await runCli('--config', config, 'workflows', 'runs', '--failed');
    expect(runs.stdout).toBe(
      [
        `2026-11-19T06:00:01.000Z PARTIAL critical-to-jira · finding.new · ${critical.title} (${critical.id})`,
        '    ✗ create-jira-issue: not available: Jira is not configured',
        '    ✓ post-to-channel: posted to #security (ts 1.2)',
        '',
      ].join('\n'),
    );
    expect((await runCli('--config', config, 'workflows', 'runs', '-w', 'old-keys')).stdout).toBe(
      'no workflow runs recorded\n',
    );
  });

  it('scan --state runs the workflows too, once per event: a second scan of the same snapshot fires nothing new', async () => {
    const receiver = await WebhookReceiver.start('a-webhook-secret-of-some-length');
    try {
      const snapshot = await adminsSnapshot('2026-11-20T00:00:00Z', ['root-like']);
      const dir = await tempDir();
      const config = join(dir, 'rightsize.yaml');
      await writeFile(
        config,
        `stateFile: ./state.json
workflows:
  - name: admins-to-hook
    when: finding.new
    if: { rules: [admin-access] }
    then: [{ action: webhook, url: '${receiver.url}', secret: '\${HOOK_SECRET}', retries: 0 }]
  - name: every-scan
    when: scan.finished
    then: [{ action: webhook, url: '${receiver.url}', secret: '\${HOOK_SECRET}', retries: 0 }]
`,
      );
      const env = { HOOK_SECRET: 'a-webhook-secret-of-some-length' };
      const first = await runCliWithEnv(
        env,
        '--config',
        config,
        'scan',
        '--snapshot',
        snapshot,
        '--state',
        join(dir, 'state.json'),
      );
      expect(first.code).toBe(0);
      // The first recorded scan is the baseline: nothing is "new" yet, but the scan finished.
      expect(receiver.received.map((r) => (JSON.parse(r.body) as { workflow: string }).workflow)).toEqual([
        'every-scan',
      ]);
      const later = await adminsSnapshot('2026-11-21T00:00:00Z', ['root-like'], ['new-admin']);
      const state = ['--state', join(dir, 'state.json')];
      for (let i = 0; i < 2; i++)
        expect((await runCliWithEnv(env, '--config', config, 'scan', '--snapshot', later, ...state)).code).toBe(0);
      const fired = receiver.received.map((r) => JSON.parse(r.body) as { workflow: string });
      // The new administrator fires admins-to-hook once; the repeated scan of the same snapshot adds only its scan.finished.
      expect(fired.map((f) => f.workflow)).toEqual(['every-scan', 'admins-to-hook', 'every-scan', 'every-scan']);
      expect(JSON.stringify(fired[1])).toContain('new-admin');
      expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('schedule runs workflows after each scan: scan.finished with the owners’ findings (tags from the snapshot), and scan.failed', async () => {
    const receiver = await WebhookReceiver.start('a-webhook-secret-of-some-length');
    try {
      const snapshot = await adminsSnapshot('2026-11-20T00:00:00Z', ['alice-admin', { tags: { owner: 'alice' } }]);
      const dir = await tempDir();
      const config = join(dir, 'rightsize.yaml');
      await writeFile(
        config,
        `stateFile: ./state.json
accounts:
  - { id: '${ACCOUNT}', name: prod, snapshot: '${snapshot}' }
  - { id: '210987654321', name: gone, snapshot: ./missing }
schedules: [{ name: nightly, cron: '0 2 * * *' }]
ownership: { tagKeys: [owner] }
workflows:
  - name: alice-digest
    when: scan.finished
    if: { owners: [alice] }
    then: [{ action: webhook, url: '${receiver.url}', secret: '\${HOOK_SECRET}', retries: 0 }]
  - name: failures
    when: scan.failed
    then: [{ action: webhook, url: '${receiver.url}', secret: '\${HOOK_SECRET}', retries: 0 }]
`,
      );
      const result = await runCliWithEnv(
        { HOOK_SECRET: 'a-webhook-secret-of-some-length' },
        '--config',
        config,
        'schedule',
        '--once',
      );
      expect(result.code).toBe(1); // the missing snapshot
      expect(receiver.received.map((r) => r.signatureValid)).toEqual([true, true]);
      const [finished, failed] = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      expect(finished).toMatchObject({
        workflow: 'alice-digest',
        event: 'scan.finished',
        accountId: ACCOUNT,
        findings: expect.arrayContaining([
          expect.objectContaining({ ruleId: 'admin-access', tags: { owner: 'alice' }, changed: false }),
        ]),
      });
      expect(failed).toMatchObject({ workflow: 'failures', event: 'scan.failed', accountId: '210987654321' });
      expect(String(failed!.error)).toMatch(/missing/);
      const runs = await runCliWithEnv(
        { HOOK_SECRET: 'a-webhook-secret-of-some-length' },
        '--config',
        config,
        'workflows',
        'runs',
      );
      expect(runs.stdout).toMatch(/OK failures · scan\.failed · scan of 210987654321 failed/);
      expect(runs.stdout).toMatch(/OK alice-digest · scan\.finished · scan 123456789012-\S+: 2 matching open finding/);
    } finally {
      await receiver.close();
    }
  });
});

async function runCliWithEnv(env: Record<string, string>, ...args: string[]) {
  const { main } = await import('../cli.js');
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'rightsize', ...args], {
    stdout: (t) => (stdout += `${t}\n`),
    stderr: (t) => (stderr += `${t}\n`),
    now: () => new Date(),
    env,
  });
  return { code, stdout, stderr };
}

/** A snapshot of the account whose users all hold AdministratorAccess. */
function adminsSnapshot(collectedAt: string, ...users: Parameters<typeof user>[]) {
  return snapshotDir({
    'authorization-details.json': authorizationDetails({
      users: users.map(([name, options]) =>
        user(name, { ...options, managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
      ),
      policies: [ADMINISTRATOR_ACCESS],
    }),
    'snapshot.json': { accountId: ACCOUNT, collectedAt, gaps: [] },
  });
}
