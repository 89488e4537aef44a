import { describe, expect, it } from 'vitest';
import { readSlackSettings } from './slack-settings.js';
import { SlackSetupError } from '../errors.js';

const http = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };

describe('readSlackSettings', () => {
  it('runs over HTTP with a signing secret, on PORT or 3000', () => {
    expect(readSlackSettings(http)).toEqual({ mode: 'http', botToken: 'xoxb-1', signingSecret: 'secret', port: 3000 });
    expect(readSlackSettings({ ...http, PORT: '8080' }).port).toBe(8080);
  });

  it('chooses Socket Mode when an app token is set, unless told otherwise', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };
    expect(readSlackSettings(env)).toMatchObject({ mode: 'socket', appToken: 'xapp-1' });
    expect(() => readSlackSettings(env, { mode: 'http' })).toThrow('HTTP mode needs SLACK_SIGNING_SECRET');
  });

  it('names every missing variable at once, with a hint', () => {
    const error = (() => {
      try {
        readSlackSettings({});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SlackSetupError);
    expect((error as SlackSetupError).message).toBe('HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    expect((error as SlackSetupError).hint).toContain('manifest.yml');
  });

  it('rejects tokens of the wrong kind, a bad port and a bad API URL', () => {
    expect(() => readSlackSettings({ ...http, SLACK_BOT_TOKEN: 'xoxp-user' })).toThrow('not a bot token');
    expect(() => readSlackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-1' })).toThrow(
      'not an app-level token',
    );
    expect(() => readSlackSettings({ ...http, PORT: 'eighty' })).toThrow('PORT must be a port number');
    expect(() => readSlackSettings({ ...http, SLACK_API_URL: 'slack-gov' })).toThrow('SLACK_API_URL is not a URL');
  });

  it('takes a non-default Slack API base and ends it with a slash, as the Web API client expects', () => {
    expect(readSlackSettings({ ...http, SLACK_API_URL: 'https://slack-gov.com/api' }).slackApiUrl).toBe(
      'https://slack-gov.com/api/',
    );
  });
});
