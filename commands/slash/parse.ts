import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../src/errors.js';
import { closestName } from './closest.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedInput {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Splits slash-command text into words. Quotes group words; Slack clients may send typographic quotes,
 * and macOS turns a typed `--` into an em dash, so both are read as what the person typed.
 */
export function tokenize(text: string): string[] {
  const normalised = text
    .replace(/[\u201C\u201D\u201E]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/(^|\s)[\u2014\u2013](?=\S)/g, '$1--');
  const tokens: string[] = [];
  // Slack's markup (`<@U…|name>`, `<https://…|text>`) is one word even when its label has spaces.
  const pattern = /"([^"]*)"|'([^']*)'|((?:<[^>]*>|[^\s<])+)/g;
  for (const match of normalised.matchAll(pattern)) tokens.push(unescapeSlack(match[1] ?? match[2] ?? match[3] ?? ''));
  return tokens;
}

/**
 * Slack sends command text with `&`, `<`, `>` escaped and (the manifest's `should_escape`) mentions, channels and
 * links as markup. Mentions stay markup (`--owner` reads the id); a link becomes its URL, a channel its `#name`.
 */
function unescapeSlack(token: string): string {
  return token
    .replace(/<((?:https?|mailto):[^|>]*)(?:\|[^>]*)?>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Parses a subcommand's words with node's own parser; anything it rejects becomes a UsageError. */
export function parseInput(
  words: readonly string[],
  options: OptionSpec,
  positionals: { min: number; max: number; name: string },
): ParsedInput {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...words], options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/\. To specify a positional.*$/s, '') : String(e);
    throw new UsageError(message + optionHint(e, options));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (parsed.positionals.length < positionals.min) throw new UsageError(`missing ${positionals.name}`);
  if (parsed.positionals.length > positionals.max)
    throw new UsageError(
      `unexpected ${parsed.positionals
        .slice(positionals.max)
        .map((p) => `"${p}"`)
        .join(' ')}`,
    );
  return { values, positionals: parsed.positionals };
}

/** For an unknown option, the closest one this subcommand has. */
function optionHint(e: unknown, options: OptionSpec): string {
  if ((e as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return '';
  const typed = /'-{1,2}([^'=]+)/.exec((e as Error).message)?.[1];
  const near = typed && closestName(typed, Object.keys(options));
  return near ? `; did you mean --${near}?` : '';
}

/** A comma-separated option value as a list, or undefined when the option was not given. */
export function listValue(value: string | boolean | undefined): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

export function choiceValue<T extends string>(
  value: string | boolean | undefined,
  choices: readonly T[],
  option: string,
): T | undefined {
  if (typeof value !== 'string') return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`--${option} must be one of ${choices.join(', ')} (got "${value}")`);
  return value as T;
}
