/**
 * Block Kit limits as Slack enforces them (docs.slack.dev Block Kit reference), checked independently of
 * views/ so that a view exceeding a limit fails the test the way Slack would reject it.
 */
export type Surface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
/** `msg_blocks_too_long`: undocumented, measured around 12,000 characters (slackapi/bolt-js#2509). */
const MESSAGE_TEXT_TOTAL = 12_000;
const MESSAGE_TEXT_FIELD = 40_000;

type Json = Record<string, unknown>;

export function blockKitProblems(surface: Surface, payload: Json): string[] {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${surface}${path}: ${message}`);
  const blocks = payload.blocks;
  if (surface === 'message') {
    const text = payload.text;
    if (text !== undefined && typeof text !== 'string') fail('.text', 'must be a string');
    if (typeof text === 'string' && text.length > MESSAGE_TEXT_FIELD)
      fail('.text', `longer than ${MESSAGE_TEXT_FIELD}`);
    if (blocks === undefined && !text) fail('', 'no text and no blocks (no_text)');
  } else {
    if (payload.type !== surface) fail('.type', `must be "${surface}"`);
    if (surface === 'modal') {
      checkPlainText(payload.title, '.title', 24, fail, true);
      checkPlainText(payload.close, '.close', 24, fail, false);
      checkPlainText(payload.submit, '.submit', 24, fail, false);
      checkLength(payload.private_metadata, '.private_metadata', 3000, fail);
      checkLength(payload.callback_id, '.callback_id', 255, fail);
    }
  }
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) {
    fail('.blocks', 'must be an array');
    return problems;
  }
  if (blocks.length > MAX_BLOCKS[surface]) fail('.blocks', `${blocks.length} blocks, more than ${MAX_BLOCKS[surface]}`);
  if (surface === 'message' && allStrings(blocks) > MESSAGE_TEXT_TOTAL)
    fail('.blocks', `${allStrings(blocks)} characters in all, more than ${MESSAGE_TEXT_TOTAL} (msg_blocks_too_long)`);
  const blockIds = new Set<string>();
  blocks.forEach((block: Json, i: number) => {
    const path = `.blocks[${i}]`;
    if (block.type === 'input' && surface !== 'modal') fail(`${path}.type`, 'input blocks belong in modals');
    if (typeof block.block_id === 'string') {
      checkLength(block.block_id, `${path}.block_id`, 255, fail);
      if (blockIds.has(block.block_id)) fail(`${path}.block_id`, 'duplicate block_id');
      blockIds.add(block.block_id);
    }
    checkBlock(block, path, fail);
  });
  if (surface === 'modal' && blocks.some((b: Json) => b.type === 'input') && payload.submit === undefined)
    fail('.submit', 'a modal with input blocks needs a submit button');
  return problems;
}

type Fail = (path: string, message: string) => void;

function checkBlock(block: Json, path: string, fail: Fail): void {
  switch (block.type) {
    case 'header':
      checkPlainText(block.text, `${path}.text`, 150, fail, true);
      return;
    case 'divider':
      return;
    case 'section': {
      if (block.text === undefined && block.fields === undefined) fail(path, 'section needs text or fields');
      if (block.text !== undefined) checkText(block.text, `${path}.text`, 3000, fail);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > 10) fail(`${path}.fields`, 'at most 10 fields');
        else block.fields.forEach((f: unknown, i: number) => checkText(f, `${path}.fields[${i}]`, 2000, fail));
      }
      if (block.accessory !== undefined) checkElements([block.accessory], `${path}.accessory`, fail);
      return;
    }
    case 'context': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10)
        fail(`${path}.elements`, 'context needs 1 to 10 elements');
      else elements.forEach((e: unknown, i: number) => checkText(e, `${path}.elements[${i}]`, 3000, fail));
      return;
    }
    case 'input': {
      if (typeof block.block_id !== 'string')
        fail(`${path}.block_id`, 'an input block needs a block_id to read its value');
      checkPlainText(block.label, `${path}.label`, 2000, fail, true);
      checkPlainText(block.hint, `${path}.hint`, 2000, fail, false);
      checkInputElement(block.element as Json | undefined, `${path}.element`, fail);
      return;
    }
    case 'actions': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25)
        fail(`${path}.elements`, 'actions needs 1 to 25 elements');
      else checkElements(elements, `${path}.elements`, fail);
      return;
    }
    default:
      fail(`${path}.type`, `unknown block type ${String(block.type)}`);
  }
}

function checkInputElement(element: Json | undefined, path: string, fail: Fail): void {
  if (!element) {
    fail(path, 'required');
    return;
  }
  checkLength(element.action_id, `${path}.action_id`, 255, fail);
  if (element.type === 'plain_text_input') {
    const max = element.max_length;
    if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 3000))
      fail(`${path}.max_length`, 'from 1 to 3000');
    checkPlainText(element.placeholder, `${path}.placeholder`, 150, fail, false);
  } else if (element.type === 'number_input') {
    if (typeof element.is_decimal_allowed !== 'boolean') fail(`${path}.is_decimal_allowed`, 'required');
    for (const key of ['min_value', 'max_value', 'initial_value'])
      if (element[key] !== undefined && !/^-?\d+(\.\d+)?$/.test(String(element[key])))
        fail(`${path}.${key}`, 'a number as a string');
  } else fail(`${path}.type`, `unexpected input element ${String(element.type)}`);
}

function checkElements(elements: unknown[], path: string, fail: Fail): void {
  const actionIds = new Set<string>();
  elements.forEach((raw, i) => {
    const element = raw as Json;
    const at = elements.length === 1 && path.endsWith('accessory') ? path : `${path}[${i}]`;
    if (element.type !== 'button') {
      fail(`${at}.type`, `unexpected element ${String(element.type)}`);
      return;
    }
    checkPlainText(element.text, `${at}.text`, 75, fail, true);
    checkLength(element.action_id, `${at}.action_id`, 255, fail);
    checkLength(element.value, `${at}.value`, 2000, fail);
    checkLength(element.url, `${at}.url`, 3000, fail);
    if (element.confirm !== undefined) checkConfirm(element.confirm as Json, `${at}.confirm`, fail);
    if (typeof element.action_id === 'string') {
      if (actionIds.has(element.action_id)) fail(`${at}.action_id`, 'duplicate action_id in one block');
      actionIds.add(element.action_id);
    }
  });
}

/** A confirmation dialog: plain-text title (100), text (300), confirm and deny (30 each). */
function checkConfirm(confirm: Json, path: string, fail: Fail): void {
  checkPlainText(confirm.title, `${path}.title`, 100, fail, true);
  checkPlainText(confirm.text, `${path}.text`, 300, fail, true);
  checkPlainText(confirm.confirm, `${path}.confirm`, 30, fail, true);
  checkPlainText(confirm.deny, `${path}.deny`, 30, fail, true);
  if (confirm.style !== undefined && confirm.style !== 'primary' && confirm.style !== 'danger')
    fail(`${path}.style`, 'primary or danger');
}

function checkText(value: unknown, path: string, max: number, fail: Fail): void {
  const text = value as Json | undefined;
  if (!text || (text.type !== 'mrkdwn' && text.type !== 'plain_text')) {
    fail(path, 'must be a text object');
    return;
  }
  if (typeof text.text !== 'string' || text.text.length === 0) fail(`${path}.text`, 'must be a non-empty string');
  else if (text.text.length > max) fail(`${path}.text`, `${text.text.length} characters, more than ${max}`);
  else if (text.type === 'mrkdwn') checkAngles(text.text, `${path}.text`, fail);
}

/**
 * Slack reads `<…>` in mrkdwn (code spans included) as a link, mention or date, and shows nothing of one it cannot
 * resolve: a placeholder such as `<finding>` must be escaped (`&lt;finding&gt;`). What Slack does resolve is fine.
 */
const SLACK_ENTITY =
  /^<(?:@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+|!date\^|!here|!channel|!everyone|#C[A-Z0-9]+|https?:\/\/|mailto:)/;

function checkAngles(text: string, path: string, fail: Fail): void {
  for (const match of text.matchAll(/<[^>]*>?/g))
    if (!SLACK_ENTITY.test(match[0])) {
      fail(path, `unescaped ${JSON.stringify(match[0].slice(0, 40))}: Slack would read it as a link and hide it`);
      return;
    }
}

function checkPlainText(value: unknown, path: string, max: number, fail: Fail, required: boolean): void {
  if (value === undefined) {
    if (required) fail(path, 'required');
    return;
  }
  if ((value as Json).type !== 'plain_text') fail(`${path}.type`, 'must be plain_text');
  checkText(value, path, max, fail);
}

function checkLength(value: unknown, path: string, max: number, fail: Fail): void {
  if (value === undefined) return;
  if (typeof value !== 'string') fail(path, 'must be a string');
  else if (value.length > max) fail(path, `${value.length} characters, more than ${max}`);
}

function allStrings(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + allStrings(v), 0);
  if (value && typeof value === 'object')
    return Object.entries(value).reduce((n, [k, v]) => (k === 'type' ? n : n + allStrings(v)), 0);
  return 0;
}
