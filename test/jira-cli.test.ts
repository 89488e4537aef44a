import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { demoSnapshotDir } from '../src/snapshot/demo.js';
import { tempDir } from './support/findings.js';
import { CLOUD_ENV, jiraConfigText } from './support/jira-setup.js';
import { LocalJira } from './support/jira-server.js';

let jira: LocalJira | undefined;
afterEach(async () => {
  await jira?.stop();
  jira = undefined;
});

async function setup(opts: { jiraSection?: boolean } = {}) {
  jira = await LocalJira.start({
    flavour: 'cloud',
    projects: { SEC: {}, PLAT: { components: ['iam'] }, PAY: {} },
    users: ['5b10ac8d82e05b22cc7d4ef5'],
    credentials: { email: CLOUD_ENV.JIRA_EMAIL, apiToken: CLOUD_ENV.JIRA_API_TOKEN },
  });
  const dir = await tempDir();
  const config = join(dir, 'rightsize.yaml');
  await writeFile(
    config,
    [
      'stateFile: ./state.json',
      'accounts:',
      `  - { id: '111122223333', name: demo, snapshot: ${demoSnapshotDir()} }`,
      'schedules:',
      "  - { cron: '0 7 * * *', accounts: [demo] }",
      ...(opts.jiraSection === false ? [] : [jiraConfigText(jira.url, 'cloud')]),
    ].join('\n'),
  );
  let clock = Date.parse('2026-11-20T12:00:00Z');
  const run = async (env: Record<string, string>, ...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(['node', 'rightsize', '--config', config, ...args], {
      stdout: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
      stderr: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
      now: () => new Date((clock += 60_000)),
      env: { USER: 'alice', ...env },
    });
    return { code, stdout, stderr };
  };
  return { jira, run, dir };
}

async function findingIds(run: Awaited<ReturnType<typeof setup>>['run']): Promise<string[]> {
  const scan = await run(CLOUD_ENV, 'scan', '--snapshot', demoSnapshotDir(), '--format', 'json');
  expect(scan.code).toBe(0);
  return (JSON.parse(scan.stdout) as { findings: { id: string; ruleId: string; resourceName: string }[] }).findings
    .filter((f) => f.ruleId === 'admin-access')
    .map((f) => f.id);
}

describe('rightsize jira', () => {
  it('creates the issue of a recorded finding, then shows it; keeps it when Jira is down and `jira sync` delivers it', async () => {
    const { jira, run } = await setup();
    const [first, second] = await findingIds(run);

    const created = await run(CLOUD_ENV, 'jira', first!);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(new RegExp(`^created [A-Z]+-1 for ${first}: ${jira.url}/browse/[A-Z]+-1\\n$`));
    const shown = await run(CLOUD_ENV, 'jira', first!.slice(0, 16));
    expect(shown.stdout).toMatch(new RegExp(`^[A-Z]+-1 already tracks ${first} \\(open\\): `));
    expect(jira.issues).toHaveLength(1);

    await jira.stop();
    const down = await run(CLOUD_ENV, 'jira', second!);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/Jira has not taken the issue for .* yet: could not search Jira .*ECONNREFUSED/);
    expect(down.stderr).toMatch(/hint: check jira\.baseUrl/);
    expect(down.stderr).toMatch(
      /the request is kept \(attempt 1\); `rightsize schedule` retries it from .*, `rightsize jira sync` now/,
    );
    expect((await run(CLOUD_ENV, 'jira', 'sync')).code).toBe(1);

    await jira.listen();
    const synced = await run(CLOUD_ENV, 'jira', 'sync', '--format', 'json');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({
      delivered: [{ findingId: second, kind: 'create' }],
      failed: [],
      pending: [],
    });
    expect(jira.issues).toHaveLength(2);
    expect((await run(CLOUD_ENV, 'jira', 'sync')).stdout).toBe('no Jira requests waiting\n');
  });

  it('the scheduler’s retry job delivers what Jira did not take (`schedule --once` runs it)', async () => {
    const { jira, run } = await setup();
    const [first] = await findingIds(run);
    jira.failNext(1, { status: 503, headers: { 'Retry-After': '30' } });
    expect((await run(CLOUD_ENV, 'jira', first!)).code).toBe(1);
    const once = await run(CLOUD_ENV, 'schedule', '--once');
    expect(once.code).toBe(0);
    expect(once.stderr).toMatch(new RegExp(`info jira-retry: ${first}: created [A-Z]+-1 in [A-Z]+`));
    expect(jira.issues).toHaveLength(1);
  });

  it('says which environment variables are missing, and that Jira is not configured', async () => {
    const { run } = await setup();
    const [first] = await findingIds(run);
    const noSecrets = await run({}, 'jira', first!);
    expect(noSecrets.code).toBe(1);
    expect(noSecrets.stderr).toMatch(/jira: JIRA_EMAIL and JIRA_API_TOKEN are not set \(jira\.flavour is cloud\)/);

    const bare = await setup({ jiraSection: false });
    const [id] = await findingIds(bare.run);
    const off = await bare.run({}, 'jira', id!);
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/jira: no jira section: Jira is not configured\n {2}hint: add a jira section/);
  });
});
