import { SlackSetupError } from '../errors.js';

// Reading the settings needs no Slack library, so `serve --help` and the settings checks load none.

export type SlackMode = 'http' | 'socket';
export const SLACK_MODES: readonly SlackMode[] = ['http', 'socket'];

/** How the app talks to Slack. Secrets come from the environment (readSlackSettings). */
export interface SlackSettings {
  mode: SlackMode;
  botToken: string;
  /** HTTP mode: verifies that requests come from Slack. */
  signingSecret?: string;
  /** Socket Mode: the app-level token (xapp-…) with connections:write. */
  appToken?: string;
  /** HTTP mode: the port requests arrive on; Socket Mode: the health-check port. */
  port: number;
  /** Non-default Web API base, e.g. GovSlack (https://slack-gov.com/api/) or a local test server. */
  slackApiUrl?: string;
}

const DEFAULT_PORT = 3000;

/**
 * Reads SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, PORT and SLACK_API_URL. The mode is
 * `overrides.mode`, else Socket Mode when an app token is set, else HTTP. Lists every missing variable at once.
 */
export function readSlackSettings(
  env: Readonly<Record<string, string | undefined>>,
  overrides: { mode?: SlackMode; port?: number } = {},
): SlackSettings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const mode = overrides.mode ?? (value('SLACK_APP_TOKEN') ? 'socket' : 'http');
  const required = ['SLACK_BOT_TOKEN', mode === 'http' ? 'SLACK_SIGNING_SECRET' : 'SLACK_APP_TOKEN'];
  const missing = required.filter((name) => !value(name));
  if (missing.length > 0)
    throw new SlackSetupError(`${mode === 'http' ? 'HTTP' : 'Socket'} mode needs ${missing.join(' and ')}`, {
      hint: 'create the app from manifest.yml, install it, and copy the tokens (README: "The Slack app")',
    });
  const botToken = value('SLACK_BOT_TOKEN') ?? '';
  if (!botToken.startsWith('xoxb-'))
    throw new SlackSetupError('SLACK_BOT_TOKEN is not a bot token', {
      hint: 'use the xoxb-… token from "OAuth & Permissions"',
    });
  const appToken = value('SLACK_APP_TOKEN');
  if (mode === 'socket' && !appToken?.startsWith('xapp-'))
    throw new SlackSetupError('SLACK_APP_TOKEN is not an app-level token', {
      hint: 'generate an xapp-… token with the connections:write scope under "Basic Information"',
    });
  const port = overrides.port ?? parsePort(value('PORT'));
  const slackApiUrl = value('SLACK_API_URL');
  if (slackApiUrl && !URL.canParse(slackApiUrl))
    throw new SlackSetupError(`SLACK_API_URL is not a URL: ${slackApiUrl}`, {
      hint: 'e.g. https://slack-gov.com/api/',
    });
  const signingSecret = value('SLACK_SIGNING_SECRET');
  return {
    mode,
    botToken,
    port,
    ...(signingSecret && { signingSecret }),
    ...(appToken && { appToken }),
    ...(slackApiUrl && { slackApiUrl: slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/` }),
  };
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SlackSetupError(`PORT must be a port number, got "${raw}"`);
  return port;
}
