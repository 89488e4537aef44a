import { createHmac } from 'node:crypto';

/** Requests to the app's HTTP endpoint, signed exactly as Slack signs them. */
export class SlackRequests {
  private nextTrigger = 1;

  constructor(
    private readonly endpoint: string,
    private readonly signingSecret: string,
    private readonly responseUrl: (id: string) => string,
  ) {}

  /** `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
  signature(timestamp: number, body: string, secret = this.signingSecret): string {
    return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  }

  async send(
    body: string,
    contentType: string,
    options: { timestamp?: number; secret?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(this.endpoint, {
      method: 'POST',
      headers: {
        // Bolt reads a form body only when the content type is exactly this, without a charset.
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': this.signature(timestamp, body, options.secret),
        ...options.headers,
      },
      body,
    });
  }

  /** `/rightsize <text>` typed by `user` in `channel`; its response_url points at the local Slack API. */
  slashCommand(text: string, options: { user?: string; channel?: string; responseId?: string } = {}) {
    const responseId = options.responseId ?? `cmd-${this.nextTrigger}`;
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T0TEST',
      team_domain: 'test',
      channel_id: options.channel ?? 'C0SECURITY',
      channel_name: 'security',
      user_id: options.user ?? 'U0ALICE',
      user_name: 'alice',
      command: '/rightsize',
      text,
      api_app_id: 'A0RIGHTSIZE',
      response_url: this.responseUrl(responseId),
      trigger_id: `trigger-${this.nextTrigger++}`,
    }).toString();
    return {
      body,
      responseId,
      send: (o?: Parameters<SlackRequests['send']>[2]) => this.send(body, 'application/x-www-form-urlencoded', o),
    };
  }

  /** A click on a button (block_actions), from a channel message or from the Home tab. */
  buttonClick(
    actionId: string,
    value: string | undefined,
    options: { fromHome?: boolean; fromModal?: boolean; user?: string; channel?: string } = {},
  ) {
    const trigger = `trigger-${this.nextTrigger++}`;
    const payload = {
      type: 'block_actions',
      team: { id: 'T0TEST', domain: 'test' },
      user: { id: options.user ?? 'U0ALICE', username: 'alice', team_id: 'T0TEST' },
      api_app_id: 'A0RIGHTSIZE',
      token: 'deprecated-verification-token',
      trigger_id: trigger,
      container:
        options.fromHome || options.fromModal
          ? { type: 'view', view_id: options.fromHome ? 'V0HOME' : 'V0MODAL' }
          : {
              type: 'message',
              message_ts: '1700000000.000001',
              channel_id: options.channel ?? 'C0SECURITY',
              is_ephemeral: false,
            },
      ...(options.fromHome || options.fromModal
        ? { view: { id: options.fromHome ? 'V0HOME' : 'V0MODAL', type: options.fromHome ? 'home' : 'modal' } }
        : {
            channel: { id: options.channel ?? 'C0SECURITY', name: 'security' },
            response_url: this.responseUrl(trigger),
          }),
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'b1',
          text: { type: 'plain_text', text: 'View details' },
          ...(value !== undefined && { value }),
          action_ts: '1700000000.000100',
        },
      ],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return {
      body,
      trigger,
      send: (o?: Parameters<SlackRequests['send']>[2]) => this.send(body, 'application/x-www-form-urlencoded', o),
    };
  }

  /** A modal's submit button (view_submission), carrying the view's callback_id and private_metadata. */
  viewSubmission(callbackId: string, privateMetadata: string, options: { user?: string } = {}) {
    const payload = {
      type: 'view_submission',
      team: { id: 'T0TEST', domain: 'test' },
      user: { id: options.user ?? 'U0ALICE', username: 'alice', team_id: 'T0TEST' },
      api_app_id: 'A0RIGHTSIZE',
      token: 'deprecated-verification-token',
      trigger_id: `trigger-${this.nextTrigger++}`,
      view: {
        id: 'V0MODAL',
        type: 'modal',
        callback_id: callbackId,
        private_metadata: privateMetadata,
        state: { values: {} },
        hash: 'h1',
      },
      response_urls: [],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return {
      body,
      send: (o?: Parameters<SlackRequests['send']>[2]) => this.send(body, 'application/x-www-form-urlencoded', o),
    };
  }

  /** An Events API callback; Slack's retries repeat the same event_id with X-Slack-Retry-Num. */
  event(event: Record<string, unknown>, eventId: string) {
    const body = JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: 'T0TEST',
      api_app_id: 'A0RIGHTSIZE',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
      authorizations: [{ team_id: 'T0TEST', user_id: 'U0BOT', is_bot: true }],
    });
    return { body, send: (o?: Parameters<SlackRequests['send']>[2]) => this.send(body, 'application/json', o) };
  }
}
