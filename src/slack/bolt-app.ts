import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { SlackSetupError } from '../errors.js';
import type { SlackSettings } from './slack-settings.js';

export const SLACK_ENDPOINT = '/slack/events';
export const HEALTH_PATH = '/healthz';

export interface SlackAppOptions {
  logger?: Logger;
  logLevel?: LogLevel;
  /** The interface to bind; default all (a container's port mapping decides exposure). */
  host?: string;
  /** The bot's ids from auth.test; given, Bolt does not look them up again. */
  identity?: BotIdentity;
}

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

export interface RunningSlackApp {
  app: App;
  /** The bound address: HTTP mode's request port, Socket Mode's health-check port (port 0 picks a free one). */
  address?: AddressInfo;
  stop(): Promise<void>;
}

/** Adds the app's listeners (commands/index.ts, wired by the composition root). */
export type RegisterListeners = (app: App) => void;

/** The Slack app: Bolt with the given listeners, over HTTP (signed requests) or Socket Mode. */
export function createSlackApp(
  settings: SlackSettings,
  register: RegisterListeners,
  options: SlackAppOptions = {},
): App {
  const logLevel = options.logLevel ?? LogLevel.INFO;
  const clientOptions = settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {};
  const health = { path: HEALTH_PATH, method: ['GET'], handler: answerHealth };
  const receiver: Receiver =
    settings.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: requireSetting(settings.signingSecret, 'SLACK_SIGNING_SECRET'),
          endpoints: SLACK_ENDPOINT,
          customRoutes: [health],
          ...(options.logger && { logger: options.logger }),
          logLevel,
        })
      : new SocketModeReceiver({
          appToken: requireSetting(settings.appToken, 'SLACK_APP_TOKEN'),
          installerOptions: { clientOptions },
          ...(options.logger && { logger: options.logger }),
          logLevel,
        });
  const app = new App({
    token: settings.botToken,
    ...(options.identity && { botId: options.identity.botId, botUserId: options.identity.botUserId }),
    receiver,
    clientOptions,
    ...(options.logger && { logger: options.logger }),
    logLevel,
  });
  app.error(async (error) => {
    app.logger.error('unhandled error in a Slack listener', error);
  });
  register(app);
  return app;
}

/** Starts the app; in HTTP mode it listens on settings.port (and options.host). */
export async function startSlackApp(
  settings: SlackSettings,
  register: RegisterListeners,
  options: SlackAppOptions = {},
): Promise<RunningSlackApp> {
  const identity = await verifyBotToken(settings);
  const app = createSlackApp(settings, register, { ...options, identity });
  if (settings.mode === 'socket') {
    // Socket Mode needs no inbound port; a small server still answers the container's health check.
    const health = createServer((req, res) => {
      if (req.method === 'GET' && req.url === HEALTH_PATH) answerHealth(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      health.once('error', reject);
      health.listen({ port: settings.port, ...(options.host && { host: options.host }) }, resolve);
    });
    try {
      await app.start();
    } catch (e) {
      health.close();
      throw e;
    }
    return {
      app,
      address: health.address() as AddressInfo,
      stop: async () => {
        await app.stop();
        await new Promise<void>((resolve) => health.close(() => resolve()));
      },
    };
  }
  const server = (await app.start({ port: settings.port, ...(options.host && { host: options.host }) })) as Server;
  return { app, address: server.address() as AddressInfo, stop: () => app.stop().then(() => undefined) };
}

function answerHealth(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
}

/** Fails fast with a clear message when Slack rejects the bot token, instead of on the first command. */
async function verifyBotToken(settings: SlackSettings): Promise<BotIdentity> {
  const client = new WebClient(settings.botToken, {
    ...(settings.slackApiUrl && { slackApiUrl: settings.slackApiUrl }),
    retryConfig: { retries: 2 },
  });
  try {
    const result = await client.auth.test();
    return { botId: result.bot_id ?? '', botUserId: result.user_id ?? '' };
  } catch (e) {
    const reason = (e as { data?: { error?: string } }).data?.error ?? (e instanceof Error ? e.message : String(e));
    throw new SlackSetupError(`Slack rejected SLACK_BOT_TOKEN (auth.test: ${reason})`, {
      cause: e,
      hint: 'copy the Bot User OAuth Token again from "OAuth & Permissions", and check SLACK_API_URL if set',
    });
  }
}

function requireSetting(value: string | undefined, name: string): string {
  if (!value) throw new SlackSetupError(`${name} is required in this mode`);
  return value;
}
