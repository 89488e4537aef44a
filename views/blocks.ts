import { BLOCK_KIT, truncate } from './limits.js';

/**
 * The Block Kit shapes Rightsize builds, as plain data. Views stay free of Slack SDK imports (they are
 * pure and lint-guarded); these types are structurally what `@slack/types` accepts.
 */

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export type TextObject = PlainText | MrkdwnText;

/** Asked before a button's action runs (a bulk action, something hard to take back). */
export interface ConfirmDialog {
  title: PlainText;
  text: PlainText;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
  block_id?: string;
}

export interface SectionBlock {
  type: 'section';
  text?: MrkdwnText;
  fields?: MrkdwnText[];
  accessory?: ButtonElement;
  block_id?: string;
}

export interface ContextBlock {
  type: 'context';
  elements: TextObject[];
  block_id?: string;
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
  block_id?: string;
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export interface NumberInputElement {
  type: 'number_input';
  action_id: string;
  is_decimal_allowed: boolean;
  min_value?: string;
  max_value?: string;
  initial_value?: string;
}

export interface PlainTextInputElement {
  type: 'plain_text_input';
  action_id: string;
  multiline?: boolean;
  min_length?: number;
  max_length?: number;
  placeholder?: PlainText;
}

/** A form field of a modal; its value arrives in the view_submission's state under block_id and action_id. */
export interface InputBlock {
  type: 'input';
  block_id: string;
  label: PlainText;
  element: NumberInputElement | PlainTextInputElement;
  hint?: PlainText;
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock | InputBlock;

/** A message for chat.postMessage, a response_url reply or an ack body. */
export interface MessageView {
  /** Notification and screen-reader fallback; Slack shows it when blocks cannot be shown. */
  text: string;
  blocks: Block[];
}

export interface ModalView {
  type: 'modal';
  title: PlainText;
  close?: PlainText;
  submit?: PlainText;
  blocks: Block[];
  callback_id?: string;
  private_metadata?: string;
}

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

// The constructors hold every text to Slack's per-element limit as a last line of defence; views budget
// their content well below these.
export const plain = (text: string, max: number = BLOCK_KIT.buttonText): PlainText => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: true,
});
export const mrkdwn = (text: string, max: number = BLOCK_KIT.sectionText): MrkdwnText => ({
  type: 'mrkdwn',
  text: truncate(text, max),
});
export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, BLOCK_KIT.headerText) });
export const divider = (): DividerBlock => ({ type: 'divider' });
export const context = (...texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, BLOCK_KIT.contextElements).map((t) => mrkdwn(t)),
});
export const section = (text: string, accessory?: ButtonElement): SectionBlock => ({
  type: 'section',
  text: mrkdwn(text),
  ...(accessory && { accessory }),
});
export const fieldsSection = (fields: string[]): SectionBlock => ({
  type: 'section',
  fields: fields.slice(0, BLOCK_KIT.sectionFields).map((f) => mrkdwn(f, BLOCK_KIT.fieldText)),
});
export const actions = (...elements: ButtonElement[]): ActionsBlock => ({ type: 'actions', elements });
