import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { SLACK_ENDPOINT } from '../../src/slack/bolt-app.js';
import { commandContext } from '../../src/cli/context.js';
import type { CliIo } from '../../src/cli/io.js';
import { SlackSetupError } from '../../src/errors.js';
import { register as registerServe } from '../../src/cli/serve.js';
import { demoSnapshotDir } from '../../src/snapshot/demo.js';
import { LocalSlackApi } from '../support/slack-api.js';
import { tempDir } from '../support/findings.js';
import { SlackRequests } from '../support/slack-requests.js';

let api: LocalSlackApi;
let stateDir: string;
let serves = 0;
beforeAll(async () => {
  api = await LocalSlackApi.start();
  stateDir = await tempDir();
});
afterAll(async () => {
  await api?.close();
});

/** `rightsize serve …` as the CLI registers it, with its environment and its stop signal in the test's hands. */
function serve(env: Record<string, string>, args: string[]) {
  // Never the default ./rightsize-state.json of the working directory.
  args = ['--state', join(stateDir, `state-${++serves}.json`), ...args];
  const out: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), now: () => new Date() };
  let stop: (reason: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const program = new Command('rightsize').exitOverride();
  registerServe(program.command('serve'), commandContext(program, io), { env, untilStopped: () => stopped });
  const done = program.parseAsync(['serve', '--host', '127.0.0.1', '--port', '0', ...args], { from: 'user' });
  const started = async () => {
    const line = await api.waitFor(() => out.find((l) => l.startsWith('Rightsize Slack app running')));
    return line;
  };
  return { out, done, started, stop: (reason = 'SIGTERM') => stop(reason) };
}

describe('rightsize serve', () => {
  it('serves the bundled demo account over HTTP until stopped', async () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 's3cret', SLACK_API_URL: api.apiUrl };
    const app = serve(env, []);
    const line = await app.started();
    expect(line).toMatch(/\(HTTP on port \d+\), serving 111122223333 \(bundled demo account\)/);
    const port = Number(/port (\d+)/.exec(line)?.[1]);
    const requests = new SlackRequests(`http://127.0.0.1:${port}${SLACK_ENDPOINT}`, 's3cret', (id) =>
      api.responseUrl(id),
    );
    const help = (await (await requests.slashCommand('help').send()).json()) as { blocks: unknown[] };
    expect(JSON.stringify(help.blocks)).toContain('/rightsize status');
    expect(app.out).toContain(`state file ${join(stateDir, `state-${serves}.json`)}`);
    app.stop();
    await app.done;
    expect(app.out.at(-1)).toBe('SIGTERM: stopping the Slack app');
  });

  it("serves the config's accounts, runs its schedules and keeps its state file", async () => {
    const config = join(stateDir, 'rightsize.yaml');
    const state = join(stateDir, 'from-config.json');
    await writeFile(
      config,
      `stateFile: ${state}\naccounts: [{ id: '111122223333', name: demo, snapshot: ${demoSnapshotDir()} }]\nschedules: [{ name: morning, cron: '0 7 * * *', channel: C0DIGEST }]\n`,
    );
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 's3cret',
      SLACK_API_URL: api.apiUrl,
      RIGHTSIZE_CONFIG: config,
    };
    const out: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), now: () => new Date() };
    let stop: (reason: string) => void = () => undefined;
    const program = new Command('rightsize').exitOverride().option('-c, --config <file>');
    registerServe(program.command('serve'), commandContext(program, io), {
      env,
      untilStopped: () => new Promise((resolve) => (stop = resolve)),
    });
    const done = program.parseAsync(['serve', '--host', '127.0.0.1', '--port', '0'], { from: 'user' });
    await api.waitFor(() => out.some((l) => l.startsWith('schedule morning')));
    expect(out.find((l) => l.startsWith('Rightsize Slack app running'))).toContain(
      'serving 111122223333 (snapshot directory',
    );
    expect(out).toContain(`state file ${state} · config ${config}`);
    expect(out.find((l) => l.startsWith('schedule morning'))).toMatch(/next run \d{4}-\d\d-\d\dT07:00:00/);
    // The first scan runs in the background and is recorded in the config's state file.
    await api.waitFor(() => existsSync(state), 60_000);
    stop('SIGTERM');
    await done;
  });

  it('refuses to start without the tokens, naming them', async () => {
    await expect(serve({}, []).done).rejects.toThrow(SlackSetupError);
    await expect(serve({ SLACK_BOT_TOKEN: 'xoxb-1' }, ['--mode', 'socket']).done).rejects.toThrow(
      'Socket mode needs SLACK_APP_TOKEN',
    );
  });

  it('refuses to start when Slack rejects the bot token', async () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: api.apiUrl };
    await expect(serve(env, []).done).rejects.toThrow('Slack rejected SLACK_BOT_TOKEN (auth.test: invalid_auth)');
  });
});

describe('Socket Mode', () => {
  let wss: WebSocketServer;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    api.socketModeUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    wss.on('connection', (socket) => {
      sockets.push(socket);
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'test' },
          connection_info: { app_id: 'A0RIGHTSIZE' },
        }),
      );
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => wss.close(resolve));
  });

  /** Sends an envelope as Slack does and returns the app's acknowledgement. */
  function deliver(socket: WebSocket, type: string, payload: Record<string, unknown>, envelopeId: string) {
    const ack = new Promise<Record<string, unknown>>((resolve) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        if (message.envelope_id === envelopeId) resolve(message);
      });
    });
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
    return ack;
  }

  it('connects with the app token and answers a slash command over the socket', async () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: api.apiUrl };
    const app = serve(env, []);
    expect(await app.started()).toContain('(Socket Mode on port');
    const health = Number(/port (\d+)/.exec(app.out.find((l) => l.includes('Socket Mode'))!)?.[1]);
    expect((await fetch(`http://127.0.0.1:${health}/healthz`)).status).toBe(200);
    expect(api.callsOf('apps.connections.open').at(-1)?.token).toBe('xapp-test-token');
    const socket = await api.waitFor(() => sockets[0]);
    const command = {
      command: '/rightsize',
      team_id: 'T0TEST',
      channel_id: 'C0SECURITY',
      user_id: 'U0ALICE',
      api_app_id: 'A0RIGHTSIZE',
    };
    const ack = await deliver(
      socket,
      'slash_commands',
      { ...command, text: 'help', trigger_id: 't-1', response_url: api.responseUrl('sm-1') },
      'env-1',
    );
    expect(JSON.stringify(ack.payload)).toContain('/rightsize risks');
    await deliver(
      socket,
      'slash_commands',
      { ...command, text: 'status', trigger_id: 't-2', response_url: api.responseUrl('sm-2') },
      'env-2',
    );
    const status = await api.waitFor(() => api.responses.find((r) => r.method === 'respond/sm-2'));
    expect(JSON.stringify(status.args.blocks)).toContain('acme-demo (111122223333)');
    expect(api.problems).toEqual([]);
    app.stop();
    await app.done;
  });
});
