import type { AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { noticeMessage, noticeModal } from '../../views/notice.js';
import { asMessage, asView } from '../block-kit.js';
import type { KnownRoutes } from '../routes.js';

const STALE_BUTTON =
  'This button belongs to a Rightsize feature this app does not run now (an older message, or a feature that is switched off), so nothing was done.';
const HINT = '`/rightsize help` lists what this app does.';

/**
 * Global middleware: an interaction no listener answers (an unknown action id, view callback, shortcut, command or
 * payload type) is acknowledged at once and, where Slack gives a way to reply, answered — instead of the 404 Bolt
 * sends after 3 seconds, which Slack shows as an error.
 */
export function answerUnknown(routes: KnownRoutes): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as Record<string, unknown>;
    const unknown = unknownInteraction(body, routes);
    if (!unknown) {
      await args.next();
      return;
    }
    args.logger.warn(`answered an interaction no listener handles: ${unknown}`);
    const { ack, respond, client } = args as { ack?: (response?: unknown) => Promise<void>; respond?: RespondFn } & {
      client: WebClient;
    };
    switch (body.type) {
      case 'view_submission':
        await ack?.({ response_action: 'update', view: asView(noticeModal('Rightsize', STALE_FORM, HINT)) });
        return;
      case 'block_suggestion':
        await ack?.({ options: [] });
        return;
      default:
        await ack?.();
    }
    if (body.type === 'view_closed' || body.type === 'event_callback') return;
    const text = body.command ? `${String(body.command)} is not a command of this app.` : STALE_BUTTON;
    if (respond)
      await respond({ response_type: 'ephemeral', replace_original: false, ...asMessage(noticeMessage(text, HINT)) });
    else if (typeof body.trigger_id === 'string')
      await client.views.open({ trigger_id: body.trigger_id, view: asView(noticeModal('Rightsize', text, HINT)) });
  };
}

const STALE_FORM = 'This form belongs to a Rightsize feature this app does not run now, so nothing was recorded.';

/** What about the request no listener answers, in words for the log; undefined when a listener will. */
function unknownInteraction(body: Record<string, unknown>, routes: KnownRoutes): string | undefined {
  switch (body.type) {
    case 'event_callback':
    case 'url_verification':
      return undefined;
    case 'block_actions': {
      const actions = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown }[]) : [];
      const ids = actions.map((a) => String(a.action_id));
      return ids.some((id) => routes.hasAction(id)) ? undefined : `block action ${ids.join(', ') || '(none)'}`;
    }
    case 'view_submission':
    case 'view_closed': {
      const id = String((body.view as { callback_id?: unknown } | undefined)?.callback_id ?? '');
      return routes.hasView(id) ? undefined : `${body.type} of view ${id || '(no callback id)'}`;
    }
  }
  if (typeof body.command === 'string') return routes.hasCommand(body.command) ? undefined : `command ${body.command}`;
  return `payload type ${String(body.type)}`;
}
