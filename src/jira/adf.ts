import type { InlineText, RichBlock, RichText } from '../store/index.js';

/** The parts of the Atlassian Document Format (ADF, version 1) Rightsize writes. */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** Jira Cloud's rich text (descriptions and comments in REST v3). */
export function toAdf(text: RichText): AdfDocument {
  return { type: 'doc', version: 1, content: text.map(block) };
}

function block(b: RichBlock): AdfNode {
  switch (b.type) {
    case 'heading':
      return { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: b.text }] };
    case 'paragraph':
      return { type: 'paragraph', content: b.content.flatMap(inline) };
    case 'bullets':
      return {
        type: 'bulletList',
        content: b.items.map((item) => ({
          type: 'listItem',
          content: [{ type: 'paragraph', content: item.flatMap(inline) }],
        })),
      };
    case 'code':
      // Code blocks take plain text only: no marks, newlines kept as they are.
      return {
        type: 'codeBlock',
        attrs: b.language ? { language: b.language } : {},
        content: [{ type: 'text', text: b.text }],
      };
  }
}

/** ADF text nodes hold no line breaks: a newline becomes a hardBreak node. */
function inline(part: InlineText): AdfNode[] {
  const marks: NonNullable<AdfNode['marks']> = [];
  // The code mark combines only with link, so code wins over strong.
  if (part.code) marks.push({ type: 'code' });
  else if (part.strong) marks.push({ type: 'strong' });
  if (part.href) marks.push({ type: 'link', attrs: { href: part.href } });
  const nodes: AdfNode[] = [];
  part.text.split('\n').forEach((line, i) => {
    if (i > 0) nodes.push({ type: 'hardBreak' });
    if (line !== '') nodes.push({ type: 'text', text: line, ...(marks.length > 0 && { marks }) });
  });
  return nodes;
}
