import { isPlainObject } from '../iam/policy.js';
import { isTime, parseJsonFile, ShapeReader } from './shape.js';
import type { AccessAdvisorReport, ServiceLastAccessed, TrackedActionLastAccessed, UsageEvent } from './types.js';

/** `{ "<principal arn>": <GetServiceLastAccessedDetails output> }`. */
export function normaliseLastAccessed(raw: unknown, file: string): Record<string, AccessAdvisorReport> {
  const read: ShapeReader = new ShapeReader(file);
  const byPrincipal = read.object(raw, '$');
  const reports: Record<string, AccessAdvisorReport> = {};
  for (const [arn, rawReport] of Object.entries(byPrincipal)) {
    const at = `$["${arn}"]`;
    const report = read.object(rawReport, at);
    const services = read.array(report.ServicesLastAccessed, `${at}.ServicesLastAccessed`).map((rawService, i) => {
      const sat = `${at}.ServicesLastAccessed[${i}]`;
      const s = read.object(rawService, sat);
      const service: ServiceLastAccessed = { namespace: read.string(s, 'ServiceNamespace', sat) };
      const fields = {
        serviceName: read.optionalString(s, 'ServiceName', sat),
        lastAuthenticated: read.optionalTime(s, 'LastAuthenticated', sat),
        lastAuthenticatedEntity: read.optionalString(s, 'LastAuthenticatedEntity', sat),
        region: read.optionalString(s, 'LastAuthenticatedRegion', sat),
        totalAuthenticatedEntities: read.optionalNumber(s, 'TotalAuthenticatedEntities', sat),
      };
      for (const [k, v] of Object.entries(fields))
        if (v !== undefined) (service as unknown as Record<string, unknown>)[k] = v;
      if (s.TrackedActionsLastAccessed !== undefined) {
        service.trackedActions = read
          .array(s.TrackedActionsLastAccessed, `${sat}.TrackedActionsLastAccessed`)
          .map((rawAction, ai) => {
            const aat = `${sat}.TrackedActionsLastAccessed[${ai}]`;
            const a = read.object(rawAction, aat);
            const action: TrackedActionLastAccessed = {
              action: `${service.namespace}:${read.string(a, 'ActionName', aat)}`,
            };
            const lastAccessed = read.optionalTime(a, 'LastAccessedTime', aat);
            if (lastAccessed) action.lastAccessed = lastAccessed;
            const region = read.optionalString(a, 'LastAccessedRegion', aat);
            if (region) action.region = region;
            const entity = read.optionalString(a, 'LastAccessedEntity', aat);
            if (entity) action.entity = entity;
            return action;
          });
      }
      return service;
    });
    const completed = read.optionalTime(report, 'JobCompletionDate', at);
    reports[arn] = completed ? { jobCompletionDate: completed, services } : { services };
  }
  return reports;
}

/** `aws cloudtrail lookup-events` output: { Events: [{ …, CloudTrailEvent: "<json>" }] }, pages merged. */
export function normaliseCloudTrailEvents(raw: unknown, file: string): UsageEvent[] {
  const read: ShapeReader = new ShapeReader(file);
  const pages = Array.isArray(raw) ? raw : [raw];
  const events: UsageEvent[] = [];
  pages.forEach((rawPage, p) => {
    const base = Array.isArray(raw) ? `$[${p}]` : '$';
    read.array(read.object(rawPage, base).Events, `${base}.Events`).forEach((rawEvent, i) => {
      const at = `${base}.Events[${i}]`;
      const e = read.object(rawEvent, at);
      const detailText = read.optionalString(e, 'CloudTrailEvent', at);
      const detail = detailText
        ? read.object(parseJsonFile(detailText, `${file} ${at}.CloudTrailEvent`), `${at}.CloudTrailEvent`)
        : {};
      const identity = isPlainObject(detail.userIdentity) ? detail.userIdentity : {};
      const listed = read.optionalArray(e.Resources, `${at}.Resources`).map((r, ri) => {
        const rat = `${at}.Resources[${ri}]`;
        const resource = read.object(r, rat);
        return {
          name: read.optionalString(resource, 'ResourceName', rat),
          type: read.optionalString(resource, 'ResourceType', rat),
        };
      });
      const event: UsageEvent = {
        time: read.optionalString(e, 'EventTime', at) ?? String(detail.eventTime ?? ''),
        eventSource: read.optionalString(e, 'EventSource', at) ?? String(detail.eventSource ?? ''),
        eventName: read.optionalString(e, 'EventName', at) ?? String(detail.eventName ?? ''),
        resources: listed.map((r) => r.name).filter((r): r is string => r !== undefined),
      };
      const arns = resourceArnsOf(listed, detail.resources, partitionOf(identity));
      if (arns.length > 0) event.resourceArns = arns;
      if (!event.time || !event.eventSource || !event.eventName)
        read.fail(at, 'an event needs EventTime, EventSource and EventName (or a CloudTrailEvent that has them)');
      if (!isTime(event.time))
        read.fail(
          e.EventTime !== undefined ? `${at}.EventTime` : `${at}.CloudTrailEvent.eventTime`,
          `expected a date and time such as 2026-01-31T12:00:00Z, got "${event.time}"`,
        );
      const principalArn = principalOf(identity);
      if (principalArn) event.principalArn = principalArn;
      if (typeof identity.type === 'string') event.identityType = identity.type;
      const accessKeyId =
        read.optionalString(e, 'AccessKeyId', at) ??
        (typeof identity.accessKeyId === 'string' ? identity.accessKeyId : undefined);
      if (accessKeyId) event.accessKeyId = accessKeyId;
      if (typeof detail.awsRegion === 'string') event.region = detail.awsRegion;
      const readOnly = e.ReadOnly ?? detail.readOnly;
      if (readOnly !== undefined) event.readOnly = readOnly === true || readOnly === 'true';
      if (typeof detail.errorCode === 'string') event.errorCode = detail.errorCode;
      events.push(event);
    });
  });
  return events;
}

/** The IAM principal behind an event: an assumed-role session maps to its role, not the session ARN. */
function principalOf(identity: Record<string, unknown>): string | undefined {
  const session = isPlainObject(identity.sessionContext) ? identity.sessionContext : undefined;
  const issuer = session && isPlainObject(session.sessionIssuer) ? session.sessionIssuer : undefined;
  if (identity.type === 'AssumedRole' && issuer && typeof issuer.arn === 'string') return issuer.arn;
  return typeof identity.arn === 'string' ? identity.arn : undefined;
}

/**
 * ARNs of an event's resources: the detail's `resources[].ARN` (data events and some management events),
 * lookup-events names that are ARNs, and S3 buckets, which lookup-events names without their ARN.
 */
function resourceArnsOf(
  listed: readonly { name?: string | undefined; type?: string | undefined }[],
  detailResources: unknown,
  partition: string,
): string[] {
  const arns = new Set<string>();
  if (Array.isArray(detailResources))
    for (const r of detailResources) if (isPlainObject(r) && typeof r.ARN === 'string') arns.add(r.ARN);
  for (const { name, type } of listed) {
    if (!name) continue;
    if (name.startsWith('arn:')) arns.add(name);
    else if (type === 'AWS::S3::Bucket') arns.add(`arn:${partition}:s3:::${name}`);
  }
  return [...arns];
}

function partitionOf(identity: Record<string, unknown>): string {
  return typeof identity.arn === 'string' && identity.arn.startsWith('arn:') ? identity.arn.split(':')[1]! : 'aws';
}
