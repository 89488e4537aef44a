import { join } from 'node:path';
import { LogLevel, type Logger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { SLACK_ENDPOINT, type RunningSlackApp } from '../../src/slack/bolt-app.js';
import type { AppServices } from '../../commands/services.js';
import { parseConfig } from '../../src/config/index.js';
import type { Scheduler } from '../../src/schedule/index.js';
import { composeServe, startSlackService, type ServeSetup } from '../../src/app.js';
import type { ServedAccounts } from '../../src/scans/served-accounts.js';
import { SlackUserGroups } from '../../src/slack/slack-user-groups.js';
import type { StateStore } from '../../src/store/index.js';
import { realEngine } from './catalog.js';
import { tempDir } from './findings.js';
import { LocalSlackApi } from './slack-api.js';
import { SlackRequests } from './slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret';

/** The config the Slack tests run with unless they bring their own: the demo account, owners, who may mute. */
export const TEST_CONFIG = `
ownership:
  teams:
    platform: { slack: U0ALICE }
    payments: { slack: S0PAYMENTS }
access:
  muters: [U0SECLEAD]
  approvers: [S0SECURITY]
`;

export interface HarnessOptions {
  now?: () => Date;
  /** Config YAML (paths relative to the working directory). */
  config?: string;
  snapshotDirs?: string[];
  /** The environment the app sees (Jira credentials, the workflows' Slack token); a function gets the local API. */
  env?: Record<string, string> | ((api: LocalSlackApi) => Record<string, string>);
  /** The IAM side of fixes (aws-sdk-client-mock or moto behind the real gateway). */
  remediation?: ServeSetup['remediation'];
}

export interface SlackAppHarness {
  api: LocalSlackApi;
  requests: SlackRequests;
  services: AppServices;
  scans: ServedAccounts;
  scheduler: Scheduler;
  store: StateStore;
  running: RunningSlackApp;
  logs: string[];
  close(): Promise<void>;
}

/**
 * The Slack app as `rightsize serve` composes it (state store on a temp file, the scheduler posting digests),
 * over its real HTTP receiver on 127.0.0.1, its Web API clients aimed at a LocalSlackApi.
 */
export async function startSlackAppHarness(options: HarnessOptions = {}): Promise<SlackAppHarness> {
  const now = options.now ?? (() => new Date());
  const api = await LocalSlackApi.start();
  api.userGroups.set('S0PAYMENTS', ['U0BOB']);
  api.userGroups.set('S0SECURITY', ['U0CAROL']);
  const logs: string[] = [];
  const logger = recordingLogger(logs);
  const client = new WebClient('xoxb-test-token', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });
  const lines = { info: logger.info, warn: logger.warn, error: logger.error };
  const env = typeof options.env === 'function' ? options.env(api) : (options.env ?? {});
  const parts = await composeServe({
    config: parseConfig(options.config ?? TEST_CONFIG, env),
    snapshotDirs: options.snapshotDirs ?? [],
    statePath: join(await tempDir(), 'state.json'),
    engine: realEngine,
    now,
    userGroups: new SlackUserGroups(client, logger, now),
    logger: lines,
    env,
    ...(options.remediation && { remediation: options.remediation }),
  });
  const running = await startSlackService(
    { mode: 'http', botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, port: 0, slackApiUrl: api.apiUrl },
    parts,
    { client, log: lines, host: '127.0.0.1', logger, logLevel: LogLevel.INFO },
  );
  const port = running.address?.port;
  const requests = new SlackRequests(`http://127.0.0.1:${port}${SLACK_ENDPOINT}`, SIGNING_SECRET, (id) =>
    api.responseUrl(id),
  );
  return {
    api,
    requests,
    services: parts.services,
    scans: parts.scans,
    scheduler: parts.scheduler,
    store: parts.store,
    running,
    logs,
    close: async () => {
      await parts.scheduler.stop(1000);
      await parts.workflows?.stop();
      await running.stop();
      await parts.store.flush();
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
