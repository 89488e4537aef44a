import { LogLevel, type Logger } from '@slack/bolt';
import { startSlackApp, SLACK_ENDPOINT, type RunningSlackApp } from '../../src/app.js';
import type { AppServices } from '../../src/commands/services.js';
import { demoSnapshotDir } from '../../src/demo.js';
import { RULES } from '../../src/risks/rules/index.js';
import { DeliveryLog } from '../../src/serve/delivery-log.js';
import { SnapshotScanService } from '../../src/serve/snapshot-scans.js';
import { loadSnapshot } from '../../src/snapshot/index.js';
import { realEngine } from './catalog.js';
import { LocalSlackApi } from './slack-api.js';
import { SlackRequests } from './slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface SlackAppHarness {
  api: LocalSlackApi;
  requests: SlackRequests;
  services: AppServices;
  scans: SnapshotScanService;
  running: RunningSlackApp;
  logs: string[];
  close(): Promise<void>;
}

/** The real Bolt app over its real HTTP receiver on 127.0.0.1, its Web API client aimed at a LocalSlackApi. */
export async function startSlackAppHarness(now: () => Date = () => new Date()): Promise<SlackAppHarness> {
  const api = await LocalSlackApi.start();
  const scans = await SnapshotScanService.open([{ dir: demoSnapshotDir(), description: 'bundled demo account' }], {
    engine: await realEngine(),
    load: loadSnapshot,
    now,
  });
  const services: AppServices = { scans, rules: RULES, deliveries: new DeliveryLog() };
  const logs: string[] = [];
  const running = await startSlackApp(
    { mode: 'http', botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, port: 0, slackApiUrl: api.apiUrl },
    services,
    { host: '127.0.0.1', logger: recordingLogger(logs), logLevel: LogLevel.INFO },
  );
  const port = running.address?.port;
  const requests = new SlackRequests(`http://127.0.0.1:${port}${SLACK_ENDPOINT}`, SIGNING_SECRET, (id) =>
    api.responseUrl(id),
  );
  return {
    api,
    requests,
    services,
    scans,
    running,
    logs,
    close: async () => {
      await running.stop();
      await api.close();
    },
  };
}

function recordingLogger(lines: string[]): Logger {
  let level = LogLevel.INFO;
  const record =
    (tag: string) =>
    (...msg: unknown[]) => {
      lines.push(`${tag} ${msg.map((m) => (m instanceof Error ? `${m.name}: ${m.message}` : String(m))).join(' ')}`);
    };
  return {
    debug: () => undefined,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
