import { ShapeReader } from './shape.js';
import type { UsageEvent } from './types.js';

/**
 * Column names Rightsize reads from CloudTrail Lake results, lower-cased. A query selects them by these
 * names or aliases (README, "CloudTrail Lake"); the first one present wins.
 */
const COLUMNS = {
  time: ['eventtime'],
  eventSource: ['eventsource'],
  eventName: ['eventname'],
  // The role behind an assumed-role session, before the session's own ARN.
  principal: ['sessionissuerarn', 'useridentity.sessioncontext.sessionissuer.arn', 'principalarn', 'useridentity.arn'],
  identityType: ['identitytype', 'useridentity.type'],
  accessKeyId: ['accesskeyid', 'useridentity.accesskeyid'],
  region: ['awsregion'],
  readOnly: ['readonly'],
  errorCode: ['errorcode'],
  resources: ['resources', 'resourcearn', 'resourcearns'],
} as const;

const ARN_IN_TEXT = /arn:[a-z-]+:[^\s,;"'{}[\]]+/g;

/**
 * `aws cloudtrail get-query-results` output, one page or a list of pages: `QueryResultRows` is a list of
 * rows, each a list of one-entry `{ column: value }` objects with string values (Lake prints nested values
 * such as `resources` as text, so ARNs are picked out of it).
 */
export function normaliseCloudTrailLakeRows(raw: unknown, file: string): UsageEvent[] {
  const read: ShapeReader = new ShapeReader(file);
  const pages = Array.isArray(raw) ? raw : [raw];
  const events: UsageEvent[] = [];
  pages.forEach((rawPage, p) => {
    const base = Array.isArray(raw) ? `$[${p}]` : '$';
    const page = read.object(rawPage, base);
    const status = read.optionalString(page, 'QueryStatus', base);
    if (status !== undefined && status !== 'FINISHED')
      read.fail(`${base}.QueryStatus`, `the query is ${status}, not FINISHED: its rows are incomplete`);
    read.array(page.QueryResultRows, `${base}.QueryResultRows`).forEach((rawRow, i) => {
      const at = `${base}.QueryResultRows[${i}]`;
      const row = columnsOf(read, rawRow, at);
      const pick = (names: readonly string[]) => names.map((n) => row.get(n)).find((v) => v !== undefined && v !== '');
      const time = pick(COLUMNS.time);
      const eventSource = pick(COLUMNS.eventSource);
      const eventName = pick(COLUMNS.eventName);
      if (!time || !eventSource || !eventName)
        read.fail(at, 'a row needs the columns eventTime, eventSource and eventName');
      if (Number.isNaN(Date.parse(time))) read.fail(at, `eventTime "${time}" is not a time`);
      const resourceText = pick(COLUMNS.resources);
      const resourceArns = resourceText ? [...new Set(resourceText.match(ARN_IN_TEXT) ?? [])] : [];
      const event: UsageEvent = { time, eventSource, eventName, resources: resourceArns };
      if (resourceArns.length > 0) event.resourceArns = resourceArns;
      const optional = {
        principalArn: pick(COLUMNS.principal),
        identityType: pick(COLUMNS.identityType),
        accessKeyId: pick(COLUMNS.accessKeyId),
        region: pick(COLUMNS.region),
        errorCode: pick(COLUMNS.errorCode),
      };
      for (const [key, value] of Object.entries(optional))
        if (value !== undefined) (event as unknown as Record<string, unknown>)[key] = value;
      const readOnly = pick(COLUMNS.readOnly);
      if (readOnly !== undefined) event.readOnly = readOnly === 'true';
      events.push(event);
    });
  });
  return events;
}

function columnsOf(read: ShapeReader, rawRow: unknown, at: string): Map<string, string> {
  const columns = new Map<string, string>();
  read.array(rawRow, at).forEach((rawCell, c) => {
    const cell = read.object(rawCell, `${at}[${c}]`);
    for (const [name, value] of Object.entries(cell)) {
      if (value === null || value === undefined) continue;
      columns.set(name.toLowerCase(), typeof value === 'string' ? value : JSON.stringify(value));
    }
  });
  return columns;
}
