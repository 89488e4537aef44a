import { GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudtrail';
import { setTimeout as sleep } from 'node:timers/promises';
import { callAws } from '../aws-error.js';
import type { AccountClients } from '../clients.js';
import type { StageContext } from '../stage.js';
import {
  mergeEvents,
  readStart,
  type CloudTrailWindow,
  type CollectedEvents,
  type TrailEvent,
} from './cloudtrail-events.js';

export const LAKE_QUERY_API = 'cloudtrail:GetQueryResults';

export interface LakeOptions {
  /** Event data store ARN or id. */
  dataStore: string;
  /** Region the event data store lives in. */
  region: string;
  accountId: string;
  pollDelayMs: number;
}

const COLUMNS: [string, string][] = [
  ['eventID', 'eventID'],
  ['eventTime', 'eventTime'],
  ['eventSource', 'eventSource'],
  ['eventName', 'eventName'],
  ['awsRegion', 'awsRegion'],
  ['readOnly', 'readOnly'],
  ['errorCode', 'errorCode'],
  ['userIdentity.type', 'identityType'],
  ['userIdentity.arn', 'identityArn'],
  ['userIdentity.accessKeyId', 'accessKeyId'],
  ['userIdentity.sessionContext.sessionIssuer.arn', 'issuerArn'],
];

/** The SQL for one account's management events in a time window (CloudTrail Lake, Trino dialect). */
export function lakeQuery(dataStoreId: string, accountId: string, start: Date, end: Date): string {
  const at = (d: Date) =>
    `'${d
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, '')}'`;
  return [
    `SELECT ${COLUMNS.map(([column, alias]) => `${column} AS ${alias}`).join(', ')}`,
    `FROM ${dataStoreId}`,
    `WHERE eventCategory = 'Management' AND recipientAccountId = '${accountId}'`,
    `AND eventTime > ${at(start)} AND eventTime <= ${at(end)}`,
  ].join(' ');
}

/**
 * Management events of the account from a CloudTrail Lake event data store, for accounts with more events than
 * LookupEvents can page through (2 requests/s, 50 events each). Rows become LookupEvents-shaped events with a
 * CloudTrailEvent document, so the snapshot file and its loader stay the same.
 */
export async function collectLakeEvents(
  clients: AccountClients,
  options: LakeOptions,
  window: CloudTrailWindow,
  ctx: StageContext,
): Promise<CollectedEvents> {
  const dataStoreId = options.dataStore.split('/').pop() ?? options.dataStore;
  const source = `lake:${dataStoreId}`;
  const client = clients.cloudtrail(options.region);
  const end = window.now;
  const statement = lakeQuery(dataStoreId, options.accountId, readStart(window, source), end);
  const { QueryId } = await callAws('cloudtrail:StartQuery', options.region, () =>
    client.send(new StartQueryCommand({ QueryStatement: statement }), { abortSignal: ctx.signal }),
  );
  if (!QueryId) throw new Error('StartQuery returned no QueryId');
  const rows: Record<string, string>[] = [];
  let nextToken: string | undefined;
  let delay = options.pollDelayMs;
  for (;;) {
    const page = await callAws(LAKE_QUERY_API, options.region, () =>
      client.send(new GetQueryResultsCommand({ QueryId, ...(nextToken && { NextToken: nextToken }) }), {
        abortSignal: ctx.signal,
      }),
    );
    if (page.QueryStatus === 'QUEUED' || page.QueryStatus === 'RUNNING') {
      await sleep(delay, undefined, { signal: ctx.signal });
      delay = Math.min(delay * 2, options.pollDelayMs * 10);
      continue;
    }
    if (page.QueryStatus !== 'FINISHED')
      throw new Error(
        `CloudTrail Lake query ${QueryId} ended ${page.QueryStatus}: ${page.ErrorMessage ?? 'no message'}`,
      );
    for (const row of page.QueryResultRows ?? []) rows.push(Object.assign({}, ...row) as Record<string, string>);
    nextToken = page.NextToken;
    if (!nextToken) break;
  }
  return {
    events: { Events: mergeEvents(window, rows.map(lakeRowToEvent)) },
    cursor: { version: 1, readUntil: { ...window.previous?.cursor.readUntil, [source]: end.toISOString() } },
  };
}

/** A Lake result row ({ alias: value }) as a LookupEvents event. */
export function lakeRowToEvent(row: Record<string, string>): TrailEvent {
  const time = new Date(`${row.eventTime?.replace(' ', 'T')}Z`).toISOString();
  const identity: Record<string, unknown> = {};
  if (row.identityType) identity.type = row.identityType;
  if (row.identityArn) identity.arn = row.identityArn;
  if (row.accessKeyId) identity.accessKeyId = row.accessKeyId;
  if (row.issuerArn) identity.sessionContext = { sessionIssuer: { arn: row.issuerArn } };
  const detail: Record<string, unknown> = {
    eventID: row.eventID,
    eventTime: time,
    eventSource: row.eventSource,
    eventName: row.eventName,
    awsRegion: row.awsRegion,
    userIdentity: identity,
  };
  if (row.readOnly !== undefined) detail.readOnly = row.readOnly === 'true';
  if (row.errorCode) detail.errorCode = row.errorCode;
  const event: TrailEvent = {
    EventTime: time,
    CloudTrailEvent: JSON.stringify(detail),
  };
  if (row.eventID) event.EventId = row.eventID;
  if (row.eventName) event.EventName = row.eventName;
  if (row.eventSource) event.EventSource = row.eventSource;
  if (row.readOnly !== undefined) event.ReadOnly = row.readOnly;
  if (row.accessKeyId) event.AccessKeyId = row.accessKeyId;
  return event;
}
