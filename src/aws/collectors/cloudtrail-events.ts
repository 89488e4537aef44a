import { paginateLookupEvents, type Event } from '@aws-sdk/client-cloudtrail';
import { callAws } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import { plain } from '../plain.js';
import { throwIfAborted, type StageContext } from '../stage.js';
import { forEachRegion } from './regions.js';

export const LOOKUP_EVENTS_API = 'cloudtrail:LookupEvents';

/** A LookupEvents event as the CLI prints it (EventTime an ISO string). */
export type TrailEvent = Omit<Event, 'EventTime'> & { EventTime?: string };

/**
 * Where the last collection stopped reading, per source: a region for LookupEvents, "lake:<data store>" for a
 * CloudTrail Lake query. The next collection reads from there (minus an overlap) instead of from the start.
 */
export interface CloudTrailCursor {
  version: 1;
  /** Source → the end time (ISO) of the last read that finished. */
  readUntil: Record<string, string>;
}

export interface CloudTrailWindow {
  now: Date;
  /** How far back a first read goes, and how long events are kept (LookupEvents itself keeps 90 days). */
  lookbackDays: number;
  /** From an earlier collection in the same directory. */
  previous?: { cursor: CloudTrailCursor; events: TrailEvent[] };
}

// CloudTrail makes an event visible to LookupEvents up to ~15 minutes after it happened, so each incremental
// read starts this much before the cursor; events read twice are dropped by EventId.
export const CURSOR_OVERLAP_MS = 20 * 60_000;

/** Where a source's read starts: the cursor minus the overlap, or the lookback window on the first read. */
export function readStart(window: CloudTrailWindow, source: string): Date {
  const oldest = window.now.getTime() - window.lookbackDays * 86_400_000;
  const cursor = window.previous?.cursor.readUntil[source];
  const from = cursor ? Date.parse(cursor) - CURSOR_OVERLAP_MS : oldest;
  return new Date(Math.max(oldest, from));
}

export interface CollectedEvents {
  events: { Events: TrailEvent[] };
  cursor: CloudTrailCursor;
}

/**
 * Read and write management events from LookupEvents in every region (one unfiltered read returns both;
 * data events are not in LookupEvents), incrementally from the cursor. A region that fails keeps its old
 * cursor, so the next collection reads its missing events again.
 */
export async function collectLookupEvents(
  clients: AccountClients,
  regions: string[],
  window: CloudTrailWindow,
  ctx: StageContext,
  concurrency: number,
): Promise<CollectedEvents | undefined> {
  const readUntil: Record<string, string> = { ...window.previous?.cursor.readUntil };
  const end = window.now;
  const perRegion = await forEachRegion(regions, concurrency, ctx, (region) =>
    callAws(LOOKUP_EVENTS_API, region, async () => {
      const events: TrailEvent[] = [];
      const input = { StartTime: readStart(window, region), EndTime: end };
      // 50 is the API's maximum page size; LookupEvents allows 2 requests per second per region.
      for await (const page of paginateLookupEvents({ client: clients.cloudtrail(region), pageSize: 50 }, input)) {
        events.push(...((plain(page).Events ?? []) as TrailEvent[]));
        throwIfAborted(ctx.signal);
      }
      readUntil[region] = end.toISOString();
      return events;
    }),
  );
  // No region could be read: keep no file rather than pass earlier events off as current.
  if (!perRegion) return undefined;
  return {
    events: { Events: mergeEvents(window, perRegion.flat()) },
    cursor: { version: 1, readUntil },
  };
}

/** Earlier events plus new ones, each once (by EventId), newest first, none older than the lookback window. */
export function mergeEvents(window: CloudTrailWindow, fresh: TrailEvent[]): TrailEvent[] {
  const oldest = window.now.getTime() - window.lookbackDays * 86_400_000;
  const byId = new Map<string, TrailEvent>();
  for (const event of [...(window.previous?.events ?? []), ...fresh]) {
    const time = event.EventTime ? Date.parse(event.EventTime) : NaN;
    if (!(time >= oldest)) continue;
    byId.set(event.EventId ?? `${event.EventTime} ${event.EventName} ${event.EventSource}`, event);
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.EventTime ?? '') - Date.parse(a.EventTime ?? ''));
}
