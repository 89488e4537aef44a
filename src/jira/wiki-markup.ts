import type { InlineText, RichBlock, RichText } from '../store/index.js';

/** Jira Data Center/Server's rich text (descriptions and comments in REST v2): wiki markup. */
export function toWikiMarkup(text: RichText): string {
  return text.map(block).join('\n\n');
}

function block(b: RichBlock): string {
  switch (b.type) {
    case 'heading':
      return `h3. ${escape(b.text)}`;
    case 'paragraph':
      return b.content.map(inline).join('');
    case 'bullets':
      return b.items.map((item) => `* ${item.map(inline).join('')}`).join('\n');
    case 'code':
      // {noformat} keeps every character as it is; {code} only for languages Jira highlights.
      return b.language && b.language !== 'diff'
        ? `{code:${b.language}}\n${unclose(b.text, '{code}')}\n{code}`
        : `{noformat}\n${unclose(b.text, '{noformat}')}\n{noformat}`;
  }
}

function inline(part: InlineText): string {
  // Line breaks inside a paragraph are `\\` in wiki markup.
  let text = part.text.split('\n').map(escape).join('\\\\ ');
  if (part.code) text = `{{${text}}}`;
  else if (part.strong) text = `*${text}*`;
  if (part.href) text = `[${text}|${part.href.replace(/[|\]]/g, (c) => encodeURIComponent(c))}]`;
  return text;
}

/** Backslash-escapes the characters wiki markup would read as formatting, links, macros or tables. */
function escape(text: string): string {
  return text.replace(/[\\*_{}[\]|+^~?!#-]/g, (c) => `\\${c}`);
}

/** A block's own closing tag inside its text would end it early. */
function unclose(text: string, tag: string): string {
  return text.split(tag).join(tag.replace('}', '\\}'));
}
