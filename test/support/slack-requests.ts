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

  /** A click on a button (block_actions), from a channel message, a modal or the Home tab. */
  buttonClick(
    actionId: string,
    value: string | undefined,
    options: {
      fromHome?: boolean;
      fromModal?: boolean;
      /** From the paged "Show all" modal (its callback id), whose buttons turn its pages. */
      fromPages?: boolean;
      /** From an ephemeral message (a slash command's answer). */
      ephemeral?: boolean;
      user?: string;
      channel?: string;
      /** The message the button is in, as Slack sends it with the click. */
      message?: { text: string; blocks: unknown[] };
    } = {},
  ) {
    const trigger = `trigger-${this.nextTrigger++}`;
    const inView = options.fromHome || options.fromModal || options.fromPages;
    const viewType = options.fromHome ? 'home' : 'modal';
    const payload = {
      ...this.interaction('block_actions', options.user, trigger),
      container: inView
        ? { type: 'view', view_id: `V0${viewType.toUpperCase()}` }
        : {
            type: 'message',
            message_ts: '1700000000.000001',
            channel_id: options.channel ?? 'C0SECURITY',
            is_ephemeral: options.ephemeral ?? false,
          },
      ...(inView
        ? {
            view: {
              id: `V0${viewType.toUpperCase()}`,
              type: viewType,
              hash: '1700000000.page',
              ...(options.fromPages && { callback_id: 'page.view' }),
            },
          }
        : {
            channel: { id: options.channel ?? 'C0SECURITY', name: 'security' },
            response_url: this.responseUrl(trigger),
            ...(options.message && { message: { type: 'message', ts: '1700000000.000001', ...options.message } }),
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

  /**
   * The submission of a modal form (view_submission): `values` by block id, then action id. The app's
   * answer (errors, an updated view) is the HTTP response body.
   */
  viewSubmission(
    callbackId: string,
    privateMetadata: string,
    values: Record<string, Record<string, string>>,
    options: {
      user?: string;
      /** The modal the form was pushed on top of (Slack sends it as previous_view_id). */
      previousViewId?: string;
    } = {},
  ) {
    const state = Object.fromEntries(
      Object.entries(values).map(([block, actions]) => [
        block,
        Object.fromEntries(
          Object.entries(actions).map(([action, value]) => [action, { type: 'plain_text_input', value }]),
        ),
      ]),
    );
    const payload = {
      ...this.interaction('view_submission', options.user, `trigger-${this.nextTrigger++}`),
      view: {
        id: 'V0FORM',
        type: 'modal',
        callback_id: callbackId,
        private_metadata: privateMetadata,
        state: { values: state },
        hash: '1700000000.abc',
        ...(options.previousViewId && { previous_view_id: options.previousViewId }),
      },
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return { body, send: () => this.send(body, 'application/x-www-form-urlencoded') };
  }

  /** Any interactivity payload, as given (a hand-made or unusual one); `respond` is its response_url id, if any. */
  interactionPayload(payload: Record<string, unknown>) {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return {
      body,
      send: (o?: Parameters<SlackRequests['send']>[2]) => this.send(body, 'application/x-www-form-urlencoded', o),
    };
  }

  /** What every interactivity payload carries: its type, the team, the user, the app and a trigger. */
  private interaction(type: string, user = 'U0ALICE', trigger: string) {
    return {
      type,
      team: { id: 'T0TEST', domain: 'test' },
      user: { id: user, username: user.slice(2).toLowerCase(), team_id: 'T0TEST' },
      api_app_id: 'A0RIGHTSIZE',
      token: 'deprecated-verification-token',
      trigger_id: trigger,
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
