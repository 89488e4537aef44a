import { suggestPolicy, type SuggestOptions } from '../../src/downsize/suggest.js';
import type { Suggestion } from '../../src/downsize/types.js';
import { verifySuggestion, type Verification } from '../../src/downsize/verify.js';
import type { PolicyEngine } from '../../src/iam/index.js';
import {
  AccountIndex,
  buildSnapshot,
  type AccountSnapshot,
  type Principal,
  type RawSnapshot,
} from '../../src/snapshot/index.js';
import { buildUsageModel } from '../../src/usage/build-usage.js';
import { highRiskActions, type HighRiskActions } from '../../src/usage/high-risk.js';
import type { UsageModel } from '../../src/usage/types.js';
import { realEngine } from './catalog.js';
import { NOW } from './scan.js';

export interface UsageFixture {
  snapshot: AccountSnapshot;
  index: AccountIndex;
  engine: PolicyEngine;
  model: UsageModel;
  highRisk: HighRiskActions;
  suggest(name: string, options?: SuggestOptions): Suggestion;
  principal(name: string): Principal;
}

/** A snapshot from raw AWS shapes (collected at NOW unless it says otherwise) with its usage model. */
export async function usageFixture(
  raw: Omit<RawSnapshot, 'fallbackCollectedAt'>,
  windowDays = 90,
): Promise<UsageFixture> {
  const snapshot = buildSnapshot({ fallbackCollectedAt: NOW.toISOString(), ...raw });
  return usageFixtureOf(snapshot, await realEngine(), windowDays);
}

export function usageFixtureOf(snapshot: AccountSnapshot, engine: PolicyEngine, windowDays = 90): UsageFixture {
  const index = new AccountIndex(snapshot);
  const model = buildUsageModel(snapshot, index, engine.catalog, { windowDays });
  const highRisk = highRiskActions(engine.catalog);
  return {
    snapshot,
    index,
    engine,
    model,
    highRisk,
    principal: (name) => index.find(name),
    suggest: (name, options) => suggestPolicy(engine, index.find(name), model, highRisk, options),
  };
}

/** The used-action verification for every user, role and group of the snapshot. */
export function verifyEveryPrincipal(f: UsageFixture): { principal: string; verification: Verification }[] {
  return f.index.principals.map((principal) => {
    const suggestion = suggestPolicy(f.engine, principal, f.model, f.highRisk);
    return {
      principal: `${principal.kind}/${principal.name}`,
      verification: verifySuggestion(f.engine, principal, suggestion, f.model),
    };
  });
}

/** A CloudTrail lookup-events record, as `aws cloudtrail lookup-events` prints it. */
export function lookupEvent(e: {
  time: string;
  source: string;
  name: string;
  principalArn: string;
  role?: boolean;
  errorCode?: string;
  resources?: { type: string; name: string }[];
}) {
  const identity = e.role
    ? {
        type: 'AssumedRole',
        arn: `${e.principalArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/session`,
        sessionContext: { sessionIssuer: { type: 'Role', arn: e.principalArn } },
      }
    : { type: 'IAMUser', arn: e.principalArn };
  return {
    EventId: `${e.name}-${e.time}`,
    EventName: e.name,
    EventTime: e.time,
    EventSource: e.source,
    Resources: (e.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: JSON.stringify({
      eventTime: e.time,
      eventSource: e.source,
      eventName: e.name,
      userIdentity: identity,
      awsRegion: 'us-east-1',
      ...(e.errorCode && { errorCode: e.errorCode }),
    }),
  };
}

/** One principal's access-advisor report: services with their last use, and tracked actions. */
export function advisorReport(
  services: { namespace: string; last?: string; tracked?: Record<string, string | undefined> }[],
) {
  return {
    JobStatus: 'COMPLETED',
    JobCompletionDate: NOW.toISOString(),
    ServicesLastAccessed: services.map((s) => ({
      ServiceNamespace: s.namespace,
      ServiceName: s.namespace,
      ...(s.last && { LastAuthenticated: s.last }),
      ...(s.tracked && {
        TrackedActionsLastAccessed: Object.entries(s.tracked).map(([ActionName, time]) => ({
          ActionName,
          ...(time && { LastAccessedTime: time }),
        })),
      }),
    })),
  };
}
