/**
 * Checks a document against the rules of Atlassian Document Format v1 (the published JSON schema) for the nodes
 * and marks a Jira description or comment may hold. Unknown node types, extra keys, empty text, marks a node may
 * not carry, and code marks mixed with anything but a link are problems, each with its JSON path.
 */
const BLOCKS = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'codeBlock', 'rule', 'blockquote']);
const MARKS = new Set(['strong', 'em', 'code', 'link', 'strike', 'underline', 'subsup', 'textColor']);

type Json = Record<string, unknown>;

export function adfProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const node = obj(doc, '$', problems);
  if (!node) return problems;
  keys(node, ['type', 'version', 'content'], '$', problems);
  if (node.type !== 'doc') problems.push('$.type: expected "doc"');
  if (node.version !== 1) problems.push('$.version: expected 1');
  children(node, '$', problems, (child, path) => block(child, path, problems), { required: true });
  return problems;
}

function block(node: Json, path: string, problems: string[]): void {
  const type = String(node.type);
  if (!BLOCKS.has(type)) return void problems.push(`${path}.type: "${type}" is not a block node`);
  switch (type) {
    case 'paragraph':
      keys(node, ['type', 'content', 'marks', 'attrs'], path, problems);
      children(node, path, problems, (c, p) => inline(c, p, problems));
      return;
    case 'heading': {
      keys(node, ['type', 'content', 'attrs', 'marks'], path, problems);
      const level = (node.attrs as Json | undefined)?.level;
      if (typeof level !== 'number' || level < 1 || level > 6) problems.push(`${path}.attrs.level: expected 1–6`);
      children(node, path, problems, (c, p) => inline(c, p, problems));
      return;
    }
    case 'bulletList':
    case 'orderedList':
      keys(node, ['type', 'content', 'attrs'], path, problems);
      children(
        node,
        path,
        problems,
        (item, p) => {
          if (item.type !== 'listItem') return void problems.push(`${p}.type: a list holds listItem nodes`);
          keys(item, ['type', 'content', 'attrs'], p, problems);
          children(item, p, problems, (c, q) => block(c, q, problems), { required: true });
          const first = (item.content as Json[] | undefined)?.[0];
          if (first && !['paragraph', 'codeBlock', 'mediaSingle'].includes(String(first.type)))
            problems.push(`${p}.content[0]: a listItem starts with a paragraph`);
        },
        { required: true },
      );
      return;
    case 'codeBlock': {
      keys(node, ['type', 'content', 'attrs', 'marks'], path, problems);
      const attrs = node.attrs as Json | undefined;
      if (attrs) keys(attrs, ['language', 'uniqueId', 'localId'], `${path}.attrs`, problems);
      if (attrs?.language !== undefined && typeof attrs.language !== 'string')
        problems.push(`${path}.attrs.language: expected a string`);
      children(node, path, problems, (c, p) => {
        if (c.type !== 'text') return void problems.push(`${p}: a codeBlock holds text only`);
        text(c, p, problems);
        if (Array.isArray(c.marks) && c.marks.length > 0) problems.push(`${p}.marks: text in a codeBlock has no marks`);
      });
      return;
    }
    default:
      return;
  }
}

function inline(node: Json, path: string, problems: string[]): void {
  if (node.type === 'hardBreak') return keys(node, ['type', 'attrs'], path, problems);
  if (node.type !== 'text') return void problems.push(`${path}.type: "${String(node.type)}" is not an inline node`);
  text(node, path, problems);
  if (node.marks === undefined) return;
  if (!Array.isArray(node.marks)) return void problems.push(`${path}.marks: expected a list`);
  const types = node.marks.map((m: Json, i) => {
    const type = String(m?.type);
    if (!MARKS.has(type)) problems.push(`${path}.marks[${i}]: unknown mark "${type}"`);
    if (type === 'link') {
      const href = (m.attrs as Json | undefined)?.href;
      if (typeof href !== 'string' || href === '') problems.push(`${path}.marks[${i}].attrs.href: required`);
    }
    return type;
  });
  if (types.includes('code') && types.some((t) => t !== 'code' && t !== 'link'))
    problems.push(`${path}.marks: code combines only with link`);
}

function text(node: Json, path: string, problems: string[]): void {
  keys(node, ['type', 'text', 'marks'], path, problems);
  if (typeof node.text !== 'string' || node.text.length === 0) problems.push(`${path}.text: a non-empty string`);
}

function children(
  node: Json,
  path: string,
  problems: string[],
  visit: (child: Json, path: string) => void,
  opts: { required?: boolean } = {},
): void {
  if (node.content === undefined) {
    if (opts.required) problems.push(`${path}.content: required`);
    return;
  }
  if (!Array.isArray(node.content)) return void problems.push(`${path}.content: expected a list`);
  if (opts.required && node.content.length === 0) problems.push(`${path}.content: must not be empty`);
  node.content.forEach((child, i) => {
    const c = obj(child, `${path}.content[${i}]`, problems);
    if (c) visit(c, `${path}.content[${i}]`);
  });
}

function obj(value: unknown, path: string, problems: string[]): Json | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  problems.push(`${path}: expected an object`);
  return undefined;
}

function keys(node: Json, allowed: string[], path: string, problems: string[]): void {
  for (const key of Object.keys(node)) if (!allowed.includes(key)) problems.push(`${path}.${key}: not allowed`);
}
