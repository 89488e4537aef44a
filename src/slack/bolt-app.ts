import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  AuthorizationError,
  HTTPReceiver,
  HTTPModuleFunctions,
  LogLevel,
  SocketModeReceiver,
  type Logger,
  type Receiver,
} from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { SlackSetupError } from '../errors.js';
import type { SlackSettings } from './slack-settings.js';

export const SLACK_ENDPOINT = '/slack/events';
export const HEALTH_PATH = '/healthz';
/** Slack's window for a signed request's timestamp, either way: older is a replay, newer a forged clock. */
export const REQUEST_TIMESTAMP_WINDOW_S = 5 * 60;

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
      ? httpReceiver(settings, health, options.logger, logLevel)
      : new SocketModeReceiver({
          appToken: requireSetting(settings.appToken, 'SLACK_APP_TOKEN'),
          installerOptions: { clientOptions },
          ...(options.logger && { logger: options.logger }),
          logLevel,
          processEventErrorHandler: async (args) => {
            if (args.error instanceof AuthorizationError) return true;
            // Acknowledged, so Slack does not redeliver a payload that fails the same way every time.
            args.logger.warn(
              `a Slack ${String(args.event.body?.type)} payload could not be processed: ${args.error.message}`,
            );
            return true;
          },
        });
  const app = new App({
    token: settings.botToken,
    ...(options.identity && { botId: options.identity.botId, botUserId: options.identity.botUserId }),
    receiver,
    clientOptions,
    ...(options.logger && { logger: options.logger }),
    logLevel,
  });
  if (receiver instanceof HTTPReceiver) refuseFutureRequests(receiver, app.logger);
  app.error(async (error) => {
    app.logger.error('unhandled error in a Slack listener', error);
  });
  register(app);
  return app;
}

/**
 * The HTTP receiver: Bolt verifies each request's signature and refuses stale timestamps (refuseFutureRequests adds
 * those more than five minutes ahead, which Bolt lets through); a payload Bolt cannot route (an interaction without a
 * user) is answered 400 instead of 500.
 */
function httpReceiver(
  settings: SlackSettings,
  health: { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void },
  logger: Logger | undefined,
  logLevel: LogLevel,
): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: requireSetting(settings.signingSecret, 'SLACK_SIGNING_SECRET'),
    endpoints: SLACK_ENDPOINT,
    customRoutes: [health],
    ...(logger && { logger }),
    logLevel,
    processEventErrorHandler: async (args) => {
      if (args.error instanceof AuthorizationError || args.response.headersSent)
        return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      args.logger.warn(`refused a Slack request that could not be processed: ${args.error.message}`);
      args.response.writeHead(400, { 'content-type': 'text/plain' }).end('malformed Slack payload');
      return true;
    },
  });
  return receiver;
}

/** Puts the check for timestamps ahead of the receiver's own verification (same 401 as a stale request). */
function refuseFutureRequests(receiver: HTTPReceiver, logger: Logger): void {
  const verified = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (timestampAhead(req)) {
      logger.warn(
        `refused a request to ${req.url} timestamped more than ${REQUEST_TIMESTAMP_WINDOW_S / 60} minutes in the future`,
      );
      res.writeHead(401).end();
      return;
    }
    verified(req, res);
  };
}

/** A signed request from the future: its signature would stay valid until its time comes, so refuse it like a stale one. */
function timestampAhead(req: IncomingMessage): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds - Date.now() / 1000 > REQUEST_TIMESTAMP_WINDOW_S;
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
