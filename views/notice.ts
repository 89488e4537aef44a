import { context, plain, section, type MessageView, type ModalView } from './blocks.js';
import { escapeMrkdwn, mention, truncate } from './limits.js';

/** A short answer: not found, a stale button, a failure the person can act on. */
export function noticeMessage(text: string, hint?: string): MessageView {
  return {
    text: truncate(text, 3000),
    blocks: [section(escapeMrkdwn(text, 2500)), ...(hint ? [context(escapeMrkdwn(hint, 2000))] : [])],
  };
}

/** The same, as a modal: button clicks on the Home tab have no response_url to answer through. */
export function noticeModal(title: string, text: string, hint?: string): ModalView {
  return asModal(title, noticeMessage(text, hint));
}

/** A person may not do something: who may, by Slack mention, and the config keys that say so. */
export function notAllowedMessage(what: string, allowed: readonly string[], settings: readonly string[]): MessageView {
  const keys = settings.map((k) => `\`${k}\``).join(' or ');
  const who =
    allowed.length > 0
      ? `Ask one of ${allowed.slice(0, 20).map(mention).join(', ')}.`
      : `Nobody may yet: add Slack user or user-group ids to ${keys} in the Rightsize config.`;
  return {
    text: `You may not ${what}.`,
    blocks: [
      section(
        `:no_entry: You may not ${escapeMrkdwn(what, 200)}: only the people in ${keys} of the Rightsize config may. ${who}`,
      ),
    ],
  };
}

export function asModal(title: string, message: MessageView): ModalView {
  return { type: 'modal', title: plain(truncate(title, 24)), close: plain('Close'), blocks: message.blocks };
}
