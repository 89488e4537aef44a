/**
 * Slack's Block Kit limits (docs.slack.dev Block Kit reference; checked in ../shared/docs/style.md).
 * Views build within them; test/support's local Slack API server rejects anything beyond them.
 */
export const BLOCK_KIT = {
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  modalTitle: 24,
  privateMetadata: 3000,
  /**
   * Slack rejects a message whose blocks hold more text overall (`msg_blocks_too_long`); the limit is
   * undocumented and was measured near 12,000-13,000 characters (slackapi/bolt-js#2509, #2867).
   */
  messageTextTotal: 12_000,
} as const;

/**
 * What Rightsize allows itself per message: under Slack's limits with room to spare, so a long
 * resource name or evidence line never tips a message over.
 */
export const MESSAGE_BUDGET = { blocks: 45, textChars: 9_000 } as const;
export const MODAL_BUDGET = { blocks: 95, textChars: 24_000 } as const;
export const HOME_BUDGET = { blocks: 95, textChars: 24_000 } as const;

export type SurfaceBudget = { readonly blocks: number; readonly textChars: number };

/**
 * Cuts text to at most `max` UTF-16 units (what Slack's length limits count, conservatively), ending with an
 * ellipsis when cut, never splitting a character.
 */
export function truncate(text: string, max: number): string {
  return boundedMap(text, max, (c) => c);
}

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters. With `max`, the escaped text
 * stays within it (escaping can triple a string's length) and is never cut inside an entity.
 */
export function escapeMrkdwn(text: string, max = Number.POSITIVE_INFINITY): string {
  return boundedMap(text, max, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c));
}

/**
 * Escapes text the app composed around Slack mentions (`Approved by <@U…>`): everything is escaped but the
 * mentions themselves, which Slack then renders as names. Only for text Rightsize writes, whose other parts are
 * resource names and AWS messages (IAM names cannot hold `<` or `>`), never for what a person typed.
 */
export function escapeKeepingMentions(text: string, max = Number.POSITIVE_INFINITY): string {
  return escapeMrkdwn(text, max).replace(/&lt;(@[UW][A-Z0-9]+|!subteam\^S[A-Z0-9]+)&gt;/g, '<$1>');
}

/** Inline code in mrkdwn; backticks inside would end the span, so they become quotes. */
export function code(text: string, max = 300): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "'"), max - 2)}\``;
}

/** A Slack user or user group as a mention Slack renders with its current name; anything else as text. */
export function mention(id: string): string {
  if (/^[UW][A-Z0-9]+$/.test(id)) return `<@${id}>`;
  if (/^S[A-Z0-9]+$/.test(id)) return `<!subteam^${id}>`;
  return escapeMrkdwn(id, 100);
}

function boundedMap(text: string, max: number, map: (char: string) => string): string {
  if (text.length <= max && !/[&<>]/.test(text)) return text;
  const parts: string[] = [];
  let length = 0;
  const chars = Array.from(text);
  for (const [i, char] of chars.entries()) {
    const mapped = map(char);
    const room = i === chars.length - 1 ? max : max - 1;
    if (length + mapped.length > room) {
      parts.push('…');
      break;
    }
    parts.push(mapped);
    length += mapped.length;
  }
  return parts.join('');
}

export { plural } from '../src/text/plural.js';

/**
 * The characters a surface's blocks carry (every string but the `type` tags). Slack's overall limit is
 * undocumented, so budgets count generously: text, button values and action ids alike.
 */
export function blocksTextLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blocksTextLength(item), 0);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).reduce((sum, [key, item]) => (key === 'type' ? sum : sum + blocksTextLength(item)), 0);
  return 0;
}

/** Tracks what is left of a surface's block and text budget while a view is assembled. */
export class BlockBudget {
  private blocks = 0;
  private chars = 0;

  constructor(private readonly limit: SurfaceBudget) {}

  fits(...blocks: readonly object[]): boolean {
    return (
      this.blocks + blocks.length <= this.limit.blocks && this.chars + blocksTextLength(blocks) <= this.limit.textChars
    );
  }

  /** Counts blocks already placed (headers, summaries) against the budget. */
  take(...blocks: readonly object[]): void {
    this.blocks += blocks.length;
    this.chars += blocksTextLength(blocks);
  }
}
