/**
 * Streaming JSON output for large snapshot files: entities are stringified one at a time and written in
 * large chunks, so a 50,000-principal authorization-details.json never exists as one string in memory.
 * The bytes are identical to `JSON.stringify(whole, null, 4)`, which is how the AWS CLI prints JSON.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** The AWS CLI prints JSON with a 4-space indent. */
const JSON_INDENT = 4;
const WRITE_BUFFER_CHARS = 4 << 20;

/** Buffers small writes into large ones. */
class BufferedFile {
  private chunks: string[] = [];
  private buffered = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(file: string): Promise<BufferedFile> {
    return new BufferedFile(await open(file, 'w'));
  }

  async write(text: string): Promise<void> {
    this.chunks.push(text);
    this.buffered += text.length;
    if (this.buffered >= WRITE_BUFFER_CHARS) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }

  private async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    await this.handle.write(this.chunks.join(''));
    this.chunks = [];
    this.buffered = 0;
  }
}

/** `value` as JSON at nesting `depth`, indented as it would be inside a pretty-printed parent. */
function jsonAt(value: unknown, depth: number): string {
  return JSON.stringify(value, null, JSON_INDENT).replaceAll('\n', '\n' + ' '.repeat(depth * JSON_INDENT));
}

/**
 * Writes `{ "<key>": [ ...items ], ... }` one item at a time, byte-identical to JSON.stringify(obj, null, 4).
 * Lists are consumed in order, so a later list's generator can depend on side effects of earlier ones.
 */
export async function writeJsonLists(file: string, lists: [string, Iterable<unknown>][]): Promise<void> {
  const out = await BufferedFile.create(file);
  const pad1 = ' '.repeat(JSON_INDENT);
  const pad2 = pad1.repeat(2);
  await out.write('{');
  for (const [li, [key, items]] of lists.entries()) {
    await out.write(`${li === 0 ? '' : ','}\n${pad1}${JSON.stringify(key)}: [`);
    let count = 0;
    for (const item of items) await out.write(`${count++ === 0 ? '' : ','}\n${pad2}${jsonAt(item, 2)}`);
    await out.write(count === 0 ? ']' : `\n${pad1}]`);
  }
  await out.write(lists.length === 0 ? '}\n' : '\n}\n');
  await out.close();
}

/** Writes `{ "<key>": value, ... }` one entry at a time, byte-identical to JSON.stringify(obj, null, 4). */
export async function writeJsonEntries(file: string, entries: Iterable<[string, unknown]>): Promise<void> {
  const out = await BufferedFile.create(file);
  const pad1 = ' '.repeat(JSON_INDENT);
  let count = 0;
  await out.write('{');
  for (const [key, value] of entries)
    await out.write(`${count++ === 0 ? '' : ','}\n${pad1}${JSON.stringify(key)}: ${jsonAt(value, 1)}`);
  await out.write(count === 0 ? '}\n' : '\n}\n');
  await out.close();
}

export async function writeText(file: string, text: string): Promise<void> {
  const out = await BufferedFile.create(file);
  await out.write(text);
  await out.close();
}
