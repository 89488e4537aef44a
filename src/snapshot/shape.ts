import { SnapshotError } from '../errors.js';
import { describe, isPlainObject } from '../iam/policy.js';

/**
 * Reads fields of parsed AWS output and throws a SnapshotError naming the file and the JSON path
 * when a value is not the shape AWS produces.
 */
export class ShapeReader {
  constructor(readonly file: string) {}

  fail(path: string, detail: string): never {
    throw new SnapshotError(this.file, path, detail);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (!isPlainObject(value)) this.fail(path, `expected an object, got ${describe(value)}`);
    return value;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected a list, got ${describe(value)}`);
    return value;
  }

  /** A list that AWS omits when empty. */
  optionalArray(value: unknown, path: string): unknown[] {
    return value === undefined || value === null ? [] : this.array(value, path);
  }

  string(obj: Record<string, unknown>, key: string, path: string): string {
    const value = obj[key];
    if (typeof value !== 'string' || value === '')
      this.fail(`${path}.${key}`, `expected a non-empty string, got ${describe(value)}`);
    return value;
  }

  optionalString(obj: Record<string, unknown>, key: string, path: string): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(`${path}.${key}`, `expected a string, got ${describe(value)}`);
    return value;
  }

  /**
   * A date and time as AWS prints them (ISO 8601). A value that is not one stops the load: read as "unknown", a
   * garbage LastUsedDate made a role look unused ("last used undefined days ago").
   */
  optionalTime(obj: Record<string, unknown>, key: string, path: string): string | undefined {
    const value = this.optionalString(obj, key, path);
    if (value !== undefined && !isTime(value))
      this.fail(`${path}.${key}`, `expected a date and time such as 2026-01-31T12:00:00Z, got "${value}"`);
    return value;
  }

  optionalNumber(obj: Record<string, unknown>, key: string, path: string): number | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') this.fail(`${path}.${key}`, `expected a number, got ${describe(value)}`);
    return value;
  }

  /** AWS tags: [{ Key, Value }] → { key: value }. */
  tags(value: unknown, path: string): Record<string, string> {
    const tags: Record<string, string> = {};
    this.optionalArray(value, path).forEach((raw, i) => {
      const tag = this.object(raw, `${path}[${i}]`);
      tags[this.string(tag, 'Key', `${path}[${i}]`)] = this.optionalString(tag, 'Value', `${path}[${i}]`) ?? '';
    });
    return tags;
  }
}

/** Whether a text is a date and time JavaScript can read (ISO 8601, and the forms AWS prints). */
export function isTime(value: string): boolean {
  return value.trim() !== '' && !Number.isNaN(Date.parse(value));
}

/** Parses JSON and, on failure, names the file with the line and column. */
export function parseJsonFile(text: string, file: string): unknown {
  if (text.trim() === '')
    throw new SnapshotError(file, undefined, 'the file is empty', {
      hint: 'save the AWS CLI output unchanged (--output json), or re-run `rightsize collect`',
    });
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    // A file cut short ends before the JSON does: V8 gives no position for that, so it is the end of the text.
    const position =
      /position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? text.length : undefined);
    let where = '';
    if (position !== undefined) {
      const offset = Number(position);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` (line ${line}, column ${column})`;
    }
    throw new SnapshotError(file, undefined, `not valid JSON${where}: ${message}`, {
      cause: e,
      hint: 'save the AWS CLI output unchanged (--output json), or re-run `rightsize collect`',
    });
  }
}
