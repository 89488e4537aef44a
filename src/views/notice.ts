import { context, plain, section, type MessageView, type ModalView } from './blocks.js';
import { escapeMrkdwn, truncate } from './limits.js';

/** A short answer: not found, a stale button, a failure the person can act on. */
export function noticeMessage(text: string, hint?: string): MessageView {
  return {
    text: truncate(text, 3000),
    blocks: [section(escapeMrkdwn(text, 2500)), ...(hint ? [context(escapeMrkdwn(hint, 2000))] : [])],
  };
}

/** The same, as a modal: button clicks on the Home tab have no response_url to answer through. */
export function noticeModal(title: string, text: string, hint?: string): ModalView {
  return {
    type: 'modal',
    title: plain(truncate(title, 24)),
    close: plain('Close'),
    blocks: noticeMessage(text, hint).blocks,
  };
}
