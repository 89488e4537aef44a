import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_ENDPOINT } from '../src/slack/bolt-app.js';
import { checkState, StateStore, type StateData } from '../src/store/index.js';
import { ACCOUNT, allow, authorizationDetails, doc, role, snapshotDir } from './support/builders.js';
import { runCli } from './support/cli.js';
import { rightsizeProcess } from './support/cli-process.js';
import { manyFindings, scanInput, tempDir } from './support/findings.js';
import { LocalSlackApi } from './support/slack-api.js';
import { SlackRequests } from './support/slack-requests.js';

/**
 * Many writers on one state file at once, as the README allows: `rightsize serve` answering `/rightsize scan`
 * requests one after another while CLI processes record scans, mute and unmute. Whatever reported success must be
 * in the file afterwards, and the file must check ok. Bounded: 8 CLI processes, at most 24 Slack scans.
 */

const SIGNING_SECRET = 'concurrency-secret';
const CLI_SCANS = 2;
const MUTES = 4;
const UNMUTES = 2;
const MAX_SLACK_SCANS = 24;

function rightsize(args: string[], env: Record<string, string> = {}) {
  return rightsizeProcess(args, { ...process.env, ...env });
}

/** An account of 12 administrator roles: 12 findings to mute and unmute. */
function account(): Promise<string> {
  const roles = Array.from({ length: 12 }, (_, i) => role(`admin-${i}`, { inline: { all: doc(allow('*')) } }));
  return snapshotDir({
    'authorization-details.json': authorizationDetails({ roles }),
    'snapshot.json': { accountId: ACCOUNT, collectedAt: '2026-11-01T00:00:00Z', gaps: [] },
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let api: LocalSlackApi;
beforeAll(async () => {
  api = await LocalSlackApi.start();
});
afterAll(async () => {
  await api?.close();
});

describe('one state file, many writers at once', () => {
  it('keeps every scan, mute and unmute that reported success, and the file checks ok', async () => {
    const dir = await tempDir();
    const state = join(dir, 'state.json');
    const snapshot = await account();

    // A state of realistic size (3,000 findings of another account), so that every write takes a while.
    const setup = await StateStore.open(state);
    await setup.recordScan(scanInput(manyFindings(3_000, '999988887777'), '2026-11-01T00:00:00Z'));
    expect((await runCli('scan', '--snapshot', snapshot, '--state', state)).code).toBe(0);
    const ids = Object.values((await StateStore.open(state)).data.findings)
      .filter((f) => f.accountId === ACCOUNT && f.ruleId === 'admin-access')
      .map((f) => f.id)
      .sort();
    expect(ids.length).toBeGreaterThanOrEqual(MUTES + UNMUTES);
    const toMute = ids.slice(0, MUTES);
    const toUnmute = ids.slice(MUTES, MUTES + UNMUTES);
    for (const id of toUnmute)
      await setup.mute({
        finding: id,
        by: { id: 'setup', via: 'cli' },
        reason: 'to lift',
        until: new Date(Date.now() + 86_400_000),
        now: new Date(),
      });

    const serve = rightsize(
      ['serve', '--snapshot', snapshot, '--state', state, '--mode', 'http', '--host', '127.0.0.1', '--port', '0'],
      { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl },
    );
    const running = await api.waitFor(
      () => /Rightsize Slack app running \(HTTP on port (\d+)\)/.exec(serve.output()) ?? undefined,
      60_000,
    );
    const port = Number(running[1]);
    // serve scans every account once on start; that scan would be shared by a Slack scan asked meanwhile.
    await waitUntil(async () => (await StateStore.open(state)).scans(ACCOUNT).length === 2);
    const requests = new SlackRequests(`http://127.0.0.1:${port}${SLACK_ENDPOINT}`, SIGNING_SECRET, (id) =>
      api.responseUrl(id),
    );

    // Every CLI writer at once, while Slack asks for scans one after another.
    const cli = [
      ...Array.from({ length: CLI_SCANS }, (_, i) => ({
        kind: 'scan' as const,
        who: `cli-scan-${i}`,
        run: rightsize(['scan', '--snapshot', snapshot, '--state', state, '--format', 'json'], {
          USER: `cli-scan-${i}`,
        }),
      })),
      ...toMute.map((id, i) => ({
        kind: 'mute' as const,
        who: `muter-${i}`,
        id,
        run: rightsize(['mute', id, '--days', '30', '--reason', `reason-${i}`, '--by', `muter-${i}`, '--state', state]),
      })),
      ...toUnmute.map((id, i) => ({
        kind: 'unmute' as const,
        who: `unmuter-${i}`,
        id,
        run: rightsize(['unmute', id, '--by', `unmuter-${i}`, '--state', state]),
      })),
    ];
    let cliRunning = true;
    const cliDone = Promise.all(cli.map((c) => c.run.exited)).finally(() => (cliRunning = false));
    const slackScans: { user: string; answer: string }[] = [];
    while (cliRunning && slackScans.length < MAX_SLACK_SCANS) {
      const user = `U0SCAN${slackScans.length}`;
      const command = requests.slashCommand('scan', { user, responseId: `scan-${slackScans.length}` });
      expect((await command.send()).status).toBe(200);
      const answer = await api.waitFor(
        () =>
          api.responses.find(
            (r) => r.method === `respond/${command.responseId}` && !/^Scanning/.test(String(r.args.text)),
          ),
        60_000,
      );
      slackScans.push({ user, answer: String(answer.args.text) });
    }
    const exits = await cliDone;
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);

    const data = JSON.parse(await readFile(state, 'utf8')) as StateData;
    const audited = (action: string, who: string) => data.audit.some((a) => a.action === action && a.actor.id === who);
    const lost: string[] = [];
    const failed: string[] = [];
    cli.forEach((c, i) => {
      const exit = exits[i]!;
      if (exit.code !== 0) return failed.push(`${c.kind} by ${c.who} exited ${exit.code}: ${exit.output.trim()}`);
      if (c.kind === 'scan') {
        const scanId = (JSON.parse(exit.output) as { lifecycle: { scanId: string } }).lifecycle.scanId;
        if (!data.scans.some((s) => s.id === scanId) || !audited('scan', c.who))
          lost.push(`scan ${scanId} by ${c.who}`);
      }
      if (c.kind === 'mute' && (data.mutes[c.id]?.by.id !== c.who || !audited('mute', c.who)))
        lost.push(`mute of ${c.id} by ${c.who}`);
      if (c.kind === 'unmute' && (data.mutes[c.id] || !audited('unmute', c.who)))
        lost.push(`unmute of ${c.id} by ${c.who}`);
    });
    for (const scan of slackScans) {
      if (!/^Scanned /.test(scan.answer)) failed.push(`Slack scan by ${scan.user}: ${scan.answer}`);
      else if (!audited('scan', scan.user)) lost.push(`Slack scan by ${scan.user}`);
    }
    expect(slackScans.length).toBeGreaterThanOrEqual(2);
    expect(lost).toEqual([]);
    expect(failed).toEqual([]);
    expect(await checkState(state)).toMatchObject({ status: 'ok', problems: [] });
    // The baseline, serve's first scan, and every scan since.
    expect(data.scans.filter((s) => s.accountId === ACCOUNT)).toHaveLength(2 + CLI_SCANS + slackScans.length);
  }, 120_000);
});
