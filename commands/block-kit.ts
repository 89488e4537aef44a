import type { KnownBlock, View } from '@slack/web-api';
import type { MessageView, ModalView } from '../views/blocks.js';

// views/ builds Block Kit as plain data of its own types (no Slack SDK there); the Web API types the same shapes
// nominally, so the edge converts them here, in one place.

/** A message view as chat.postMessage / chat.update arguments. */
export const asMessage = (message: MessageView): { text: string; blocks: KnownBlock[] } =>
  message as unknown as { text: string; blocks: KnownBlock[] };

/** A modal view as views.open / views.push / views.update arguments. */
export const asView = (view: ModalView): View => view as View;
