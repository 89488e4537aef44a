/**
 * Input that is not what AWS produces is refused with the file and the place in it, never turned into findings:
 * dates that are not dates, a snapshot.json naming another account, a configuration with two schedules of one
 * name. And a snapshot that has CloudTrail Lake results instead of lookup-events is not missing its events.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSnapshotDir } from '../src/snapshot/demo.js';
import { runCli } from './support/cli.js';
import { tempDir } from './support/findings.js';

type Json = Record<string, unknown>;

/** A copy of the demo account with one file changed. */
async function demoWith(file: string, change: (text: string) => string): Promise<string> {
  const dir = join(await tempDir(), 'snapshot');
  await cp(demoSnapshotDir(), dir, { recursive: true });
  await writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8')));
  return dir;
}

function editJson(change: (data: Json) => void): (text: string) => string {
  return (text) => {
    const data = JSON.parse(text) as Json;
    change(data);
    return JSON.stringify(data);
  };
}

const list = (data: Json, key: string) => data[key] as Json[];

describe('dates that are not dates stop the scan with the file and the place', () => {
  it("a role's RoleLastUsed.LastUsedDate", async () => {
    const dir = await demoWith(
      'authorization-details.json',
      editJson((d) => {
        const role = list(d, 'RoleDetailList').find((r) => r.RoleName === 'break-glass-admin')!;
        (role.RoleLastUsed as Json).LastUsedDate = 'garbage';
      }),
    );
    const { code, stdout, stderr } = await runCli('scan', '--snapshot', dir);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/last used undefined days ago/);
    expect(stderr).toMatch(
      /authorization-details\.json at \$\.RoleDetailList\[\d+\]\.RoleLastUsed\.LastUsedDate: expected a date and time such as 2026-01-31T12:00:00Z, got "garbage"/,
    );
  });

  it('a credential report cell', async () => {
    const dir = await demoWith('credential-report.csv', (csv) =>
      csv.replace(/^(<root_account>,[^,]+,[^,]+,[^,]+,)[^,]+/m, '$1yesterday-ish'),
    );
    const { code, stderr } = await runCli('scan', '--snapshot', dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /credential-report\.csv at row 2, column password_last_used: expected a date and time, got "yesterday-ish"/,
    );
  });

  it("a CloudTrail event's EventTime", async () => {
    const dir = await demoWith(
      'cloudtrail-events.json',
      editJson((d) => (list(d, 'Events')[3]!.EventTime = 'not-a-time')),
    );
    const { code, stderr } = await runCli('scan', '--snapshot', dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /cloudtrail-events\.json at \$\.Events\[3\]\.EventTime: expected a date and time .*"not-a-time"/,
    );
  });

  it("an access-advisor service's LastAuthenticated", async () => {
    const dir = await demoWith(
      'service-last-accessed.json',
      editJson((d) => {
        const [arn, report] = Object.entries(d)[0]!;
        (report as { ServicesLastAccessed: Json[] }).ServicesLastAccessed[0]!.LastAuthenticated = 'soon';
        d[arn] = report;
      }),
    );
    const { code, stderr } = await runCli('scan', '--snapshot', dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /service-last-accessed\.json at \$\["arn:aws:iam::111122223333:user\/[^"]+"\]\.ServicesLastAccessed\[0\]\.LastAuthenticated: expected a date and time .*"soon"/,
    );
  });
});

describe('snapshot and configuration sanity', () => {
  it("refuses a snapshot.json whose accountId no principal's ARN uses", async () => {
    const dir = await demoWith(
      'snapshot.json',
      editJson((d) => (d.accountId = '999999999999')),
    );
    const { code, stderr } = await runCli('scan', '--snapshot', dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /snapshot\.json at \$\.accountId: says account 999999999999, but the principals in authorization-details\.json are in 111122223333\n {2}hint: correct accountId/,
    );
  });

  it('with only CloudTrail Lake results, reports no gap for cloudtrail-events.json', async () => {
    const dir = await demoWith('snapshot.json', (text) => text);
    await rm(join(dir, 'cloudtrail-events.json'));
    const rows = [
      [
        { eventTime: '2026-11-19T10:00:00Z' },
        { eventSource: 's3.amazonaws.com' },
        { eventName: 'GetObject' },
        { principalArn: 'arn:aws:iam::111122223333:user/alice.nguyen' },
      ],
    ];
    await writeFile(
      join(dir, 'cloudtrail-lake.json'),
      JSON.stringify({ QueryStatus: 'FINISHED', QueryResultRows: rows }),
    );
    const { code, stdout } = await runCli('scan', '--snapshot', dir, '--format', 'json');
    expect(code).toBe(0);
    const gaps = (JSON.parse(stdout) as { gaps: { source: string }[] }).gaps.map((g) => g.source);
    expect(gaps).not.toContain('cloudtrail-events.json');
  });

  it('refuses two schedules of the same name, naming the second', async () => {
    const config = join(await tempDir(), 'rightsize.yaml');
    await writeFile(
      config,
      [
        'schedules:',
        "  - { name: nightly, cron: '0 2 * * *' }",
        "  - { name: nightly, cron: '0 3 * * *' }",
        "  - { cron: '0 4 * * *' }",
        "  - { name: schedule-3, cron: '0 5 * * *' }",
      ].join('\n'),
    );
    const { code, stderr } = await runCli('--config', config, 'schedule', '--once');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /schedules\[1\]\.name: "nightly" is already the name of schedules\[0\]; schedules\[3\]\.name: "schedule-3" is already the name of schedules\[2\]/,
    );
  });
});
