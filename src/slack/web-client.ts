import { WebClient } from '@slack/web-api';

/** The Web API client for SLACK_BOT_TOKEN (and SLACK_API_URL), or undefined when no token is set. */
export function slackClientFromEnv(env: Readonly<Record<string, string | undefined>>): WebClient | undefined {
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!token) return undefined;
  const url = env.SLACK_API_URL?.trim();
  return new WebClient(token, {
    ...(url && { slackApiUrl: url.endsWith('/') ? url : `${url}/` }),
    retryConfig: { retries: 3 },
  });
}

/** The Web API client of the Slack app, for its bot token (and a non-default API URL). */
export function botClient(settings: { botToken: string; slackApiUrl?: string }): WebClient {
  return new WebClient(settings.botToken, { ...(settings.slackApiUrl && { slackApiUrl: settings.slackApiUrl }) });
}
