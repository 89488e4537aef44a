import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allow,
  authorizationDetails,
  doc,
  role,
  snapshotDir,
  user,
  ADMINISTRATOR_ACCESS as admin,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
} from '../../test/support/builders.js';
import { runCliAt } from '../../test/support/cli.js';
import { tempDir } from '../../test/support/findings.js';
import type { StateData } from '../store/index.js';
import { main } from '../cli.js';

function runner(env: Record<string, string> = {}) {
  let clock = Date.parse('2026-11-20T12:00:00Z');
  return async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(['node', 'rightsize', ...args], {
      stdout: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
      stderr: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
      now: () => new Date((clock += 3_600_000)),
      env: { USER: 'alice', ...env },
    });
    return { code, stdout, stderr };
  };
}

async function account(withRole: boolean) {
  return snapshotDir({
    'authorization-details.json': authorizationDetails({
      users: [user('root-like', { managed: [ADMIN_ARN] })],
      roles: withRole ? [role('iam-admin', { inline: { iam: doc(allow('iam:*')) } })] : [],
      policies: [admin],
    }),
  });
}

const idOf = (stdout: string, pattern: RegExp) => {
  const line = stdout.split('\n').find((l) => pattern.test(l));
  return /\(([a-z-]+-[0-9a-f]{10})\)/.exec(line ?? '')?.[1] ?? '';
};

describe('rightsize scan --state, history and mute', () => {
  it('records scans, marks what changed, and hides muted findings from the report and --fail-on', async () => {
    const run = runner();
    const state = join(await tempDir(), 'state.json');
    const before = await account(false);
    const first = await run('scan', '-s', before, '--state', state);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/recorded as the baseline of this account in .*state\.json/);

    const second = await run('scan', '-s', await account(true), '--state', state, '--severity', 'high');
    expect(second.stdout).toMatch(/since the last scan: \d+ new, 0 reopened, 0 resolved/);
    expect(second.stdout).toMatch(/\[HIGH\] role iam-admin has all of IAM.*\(admin-access-[0-9a-f]{10}\) {2}NEW/);
    expect(second.stdout).not.toMatch(/root-like is a full administrator.*NEW/);

    const rootId = idOf(second.stdout, /user root-like is a full administrator/);
    const muted = await run(
      'mute',
      rootId.slice(0, 16),
      '--days',
      '30',
      '--reason',
      'break-glass user, reviewed',
      '--state',
      state,
    );
    expect(muted.code).toBe(0);
    expect(muted.stdout).toMatch(
      new RegExp(
        `muted ${rootId} \\(user root-like .*\\) until 2026-12-20T\\d\\d:00:00.000Z: break-glass user, reviewed`,
      ),
    );

    const third = await run('scan', '-s', before, '--state', state, '--fail-on', 'critical', '-f', 'json');
    expect(third.code).toBe(0);
    const report = JSON.parse(third.stdout);
    expect(report.findings.map((f: { id: string }) => f.id)).not.toContain(rootId);
    expect(report.lifecycle).toMatchObject({ baseline: false, muted: [rootId] });
    expect(report.lifecycle.resolved.map((r: { title: string }) => r.title)).toContainEqual(
      expect.stringMatching(/role iam-admin/),
    );

    const history = await run('history', '--state', state);
    expect(history.stdout.trim().split('\n')).toHaveLength(3);
    expect(history.stdout).toMatch(/123456789012 {2}baseline · 2 findings/);
    const trail = await run('history', rootId, '--state', state);
    expect(trail.stdout).toMatch(/status: muted · first seen/);
    expect(trail.stdout).toMatch(/mute by alice \(cli\): until .*: break-glass user, reviewed/);

    const unmuted = await run('unmute', rootId, '--state', state);
    expect(unmuted.stdout).toMatch(`unmuted ${rootId}`);
    expect((await run('scan', '-s', before, '--state', state, '--fail-on', 'critical')).code).toBe(3);
  });

  it('takes the state file from RIGHTSIZE_STATE, and records nothing with --no-record', async () => {
    const state = join(await tempDir(), 'state.json');
    const run = runner({ RIGHTSIZE_STATE: state });
    const dir = await account(false);
    expect((await run('scan', '-s', dir, '--no-record')).stdout).not.toMatch(/baseline/);
    expect((await run('history')).stdout).toMatch(/no scans recorded/);
    expect((await run('scan', '-s', dir)).stdout).toMatch(/baseline/);
    expect((await run('history')).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('explains a mute without a state file, with bad days, or of an unknown finding', async () => {
    const run = runner();
    const noState = await run('mute', 'admin-access-0123', '--days', '7', '--reason', 'x');
    expect(noState.code).toBe(2);
    expect(noState.stderr).toMatch(/no state file given\n {2}hint: pass --state FILE, set RIGHTSIZE_STATE/);
    const state = join(await tempDir(), 'state.json');
    const badDays = await run('mute', 'x', '--days', '400', '--reason', 'x', '--state', state);
    expect(badDays.code).toBe(2);
    expect(badDays.stderr).toMatch(/days must be a whole number from 1 to 365/);
    const unknown = await run('mute', 'admin-access-0123', '--days', '7', '--reason', 'x', '--state', state);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no finding admin-access-0123 in the state\n {2}hint: /);
  });
});

describe('rightsize state check|repair', () => {
  it('reports a corrupt state file, leaves it untouched, and scan refuses to use it', async () => {
    const run = runner();
    const state = join(await tempDir(), 'state.json');
    await writeFile(state, '{"schemaVersion":1,"scans":[');
    const check = await run('state', 'check', '--state', state);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/state\.json: unusable: is not valid JSON/);
    const scan = await run('scan', '-s', await account(false), '--state', state);
    expect(scan.code).toBe(1);
    expect(scan.stderr).toMatch(
      new RegExp(`state file ${state}: is not valid JSON .*\\n {2}hint: nothing was written to it`),
    );
    expect(await readFile(state, 'utf8')).toBe('{"schemaVersion":1,"scans":[');

    const repair = await run('state', 'repair', '--state', state);
    expect(repair.stdout).toMatch(/repaired\n {2}- is not valid JSON .*moved it to .*state\.json\.corrupt-/);
    expect((await run('state', 'check', '--state', state)).stdout).toMatch(
      /schema version \d+; 0 scans, 0 findings.*\n {2}ok/,
    );
    expect((await run('scan', '-s', await account(false), '--state', state)).code).toBe(0);
  });
});

describe('the audit log names the surface that noticed', () => {
  it('a mute that ran out, found by a scan from the command line, is audited as via cli', async () => {
    let now = Date.parse('2026-11-20T12:00:00Z');
    const run = (...args: string[]) => runCliAt(() => new Date(now), ...args);
    const state = join(await tempDir(), 'state.json');
    const dir = await account(false);
    const id = idOf((await run('scan', '-s', dir, '--state', state)).stdout, /user root-like is a full administrator/);
    expect((await run('mute', id, '--days', '1', '--reason', 'for a day', '--state', state)).code).toBe(0);
    now += 2 * 86_400_000;
    expect((await run('scan', '-s', dir, '--state', state)).code).toBe(0);
    const audit = (JSON.parse(await readFile(state, 'utf8')) as StateData).audit;
    expect(audit.find((a) => a.action === 'mute-expired')).toMatchObject({
      subject: id,
      actor: { id: 'rightsize', via: 'cli' },
    });
  });
});

describe('rightsize state repair in one run', () => {
  async function recordedWithMute() {
    const run = runner();
    const state = join(await tempDir(), 'state.json');
    const scan = await run('scan', '-s', await account(true), '--state', state);
    const id = idOf(scan.stdout, /user root-like is a full administrator/);
    expect((await run('mute', id, '--days', '30', '--reason', 'break-glass', '--state', state)).code).toBe(0);
    const data = JSON.parse(await readFile(state, 'utf8')) as Record<string, Record<string, unknown>>;
    return { run, state, id, data };
  }

  it('drops a finding with a bad severity together with its mute, so that check passes right after', async () => {
    const { run, state, id, data } = await recordedWithMute();
    (data.findings![id] as { severity: string }).severity = 'bogus';
    await writeFile(state, JSON.stringify(data));
    expect((await run('state', 'check', '--state', state)).code).toBe(1);
    const repair = await run('state', 'repair', '--state', state);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toContain(`- dropped findings["${id}"] (severity: `);
    expect(repair.stdout).toContain(`- dropped mutes["${id}"] (refers to unknown finding "${id}")`);
    const check = await run('state', 'check', '--state', state);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/\n {2}ok$/m);
  });

  it('rebuilds a collection of the wrong kind from its records and keeps every other one', async () => {
    const { run, state, data } = await recordedWithMute();
    const scans = (data.scans as unknown as unknown[]).length;
    const audit = (data.audit as unknown as unknown[]).length;
    await writeFile(state, JSON.stringify({ ...data, findings: Object.values(data.findings!), fixes: {} }));
    expect((await run('state', 'check', '--state', state)).stdout).toMatch(/unusable: "findings" is not a map/);
    const repair = await run('state', 'repair', '--state', state);
    expect(repair.stdout).toContain('- "findings" was a list, not a map: filed 4 record(s) by id');
    expect(repair.stdout).toContain('- "fixes" was a map, not a list: started an empty list');
    const check = await run('state', 'check', '--state', state);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`${scans} scans, 4 findings, 1 mutes, ${audit + 1} audit`);
  });

  it('with "findings": [] loses only the findings and the mutes that pointed at them, not scans or the audit log', async () => {
    const { run, state, id, data } = await recordedWithMute();
    const audit = (data.audit as unknown as unknown[]).length;
    await writeFile(state, JSON.stringify({ ...data, findings: [] }));
    const repair = await run('state', 'repair', '--state', state);
    expect(repair.stdout).toContain('- "findings" was a list, not a map: started an empty map');
    expect(repair.stdout).toContain(`- dropped mutes["${id}"] (refers to unknown finding "${id}")`);
    const check = await run('state', 'check', '--state', state);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`1 scans, 0 findings, 0 mutes, ${audit + 1} audit`);
  });

  it('reads a state file saved with a byte-order mark, and keeps writing to it', async () => {
    const { run, state, id } = await recordedWithMute();
    await writeFile(state, `\uFEFF${await readFile(state, 'utf8')}`);
    const check = await run('state', 'check', '--state', state);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/1 scans, 4 findings, 1 mutes/);
    expect((await run('state', 'repair', '--state', state)).stdout).toMatch(/nothing to repair/);
    expect((await run('unmute', id, '--state', state)).stdout).toContain(`unmuted ${id}`);
    expect((await run('state', 'check', '--state', state)).stdout).toMatch(/1 scans, 4 findings, 0 mutes/);
  });
});

describe('rightsize --config and schedule', () => {
  async function configFile(text: string) {
    const file = join(await tempDir(), 'rightsize.yaml');
    await writeFile(file, text);
    return file;
  }

  it('runs every schedule once with --once and prints the digest', async () => {
    const dir = await account(true);
    const config = await configFile(
      `stateFile: state.json\naccounts:\n  - { id: '123456789012', name: prod, snapshot: ${dir} }\nschedules:\n  - { name: nightly, cron: '0 2 * * *', minSeverity: high }\n`,
    );
    const run = runner({ RIGHTSIZE_CONFIG: config });
    const once = await run('schedule', '--once');
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/Rightsize digest for prod \(123456789012\) · scan 123456789012-/);
    expect(once.stdout).toMatch(/baseline: first recorded scan, \d+ open findings \(high and worse\)/);
    expect(once.stderr).toMatch(/info nightly: scanning prod \(123456789012\)/);
    const json = await run('schedule', '--once', '-f', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ accountName: 'prod', baseline: false, counts: { new: 0 } });
  });

  it('exits 1 with --once when a scan fails, and says why', async () => {
    const config = await configFile(
      "stateFile: state.json\naccounts:\n  - { id: '123456789012', snapshot: ./missing }\nschedules:\n  - { cron: '0 2 * * *' }\n",
    );
    const failed = await runner()('--config', config, 'schedule', '--once');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /error schedule-1: scan of 123456789012 failed: .*missing: no such snapshot directory/,
    );
  });

  it('reports config errors with the file and key, and refuses to schedule nothing', async () => {
    const bad = await configFile("schedules:\n  - { cron: 'every day' }\n");
    const result = await runner()('--config', bad, 'schedule');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /rightsize\.yaml: schedules\[0\]\.cron: not a cron expression \(expected 5 or 6 fields but got 2\)/,
    );
    const empty = await runner()('--config', await configFile('accounts: []\n'), 'schedule');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/schedules: no schedules to run\n {2}hint: add a schedule/);
  });
});
