import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startStandIn } from '../../bench/collect/stand-in.js';
import { useMotoEnvironment } from '../../test/aws/seed.js';
import { testCollectOptions } from '../../test/support/aws.js';
import { authorizationDetails, role } from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import { NOW } from '../../test/support/scan.js';
import { runRules } from '../risks/run.js';
import { AccountIndex, buildSnapshot } from '../snapshot/index.js';
import { ApiCallCounter } from './api-calls.js';
import { collectAccount } from './collect-account.js';
import { ORGANIZATION_APIS } from './collectors/organization.js';

const policy = JSON.parse(await readFile(new URL('../../deploy/scanner-policy.json', import.meta.url), 'utf8'));

/** Every API a full collection calls (all stages, Lake aside), as the call counter sees them. */
async function apisOfACollection(): Promise<string[]> {
  const standIn = await startStandIn(10);
  const restore = useMotoEnvironment(standIn.url);
  try {
    const counter = new ApiCallCounter();
    await collectAccount(
      {},
      testCollectOptions(NOW, { clients: { homeRegion: 'us-east-1', maxAttempts: 1, counter } }),
    );
    return counter.byApi().map((a) => a.api);
  } finally {
    restore();
    await standIn.stop();
  }
}

describe('deploy/scanner-policy.json', () => {
  const snapshot = buildSnapshot({
    authorizationDetails: authorizationDetails({
      roles: [role('rightsize-scanner', { inline: { scan: policy }, lastUsed: '2026-11-19T00:00:00Z' })],
    }),
    fallbackCollectedAt: NOW.toISOString(),
  });
  const scanner = new AccountIndex(snapshot).find('rightsize-scanner');

  it('allows every API a collection calls', async () => {
    const engine = await realEngine();
    const apis = await apisOfACollection();
    expect(apis.length).toBeGreaterThanOrEqual(11);
    // sts:GetCallerIdentity needs no permission: AWS always answers it.
    const denied = apis
      .filter((api) => api !== 'sts:GetCallerIdentity')
      .filter((api) => engine.evaluateRequest(scanner.policies, { action: api, resource: '*' }).outcome !== 'allow');
    expect(denied).toEqual([]);
  });

  it('allows every Organizations API the organisation collector calls, and no Organizations write', async () => {
    const engine = await realEngine();
    const outcome = (action: string) => engine.evaluateRequest(scanner.policies, { action, resource: '*' }).outcome;
    expect(ORGANIZATION_APIS.filter((api) => outcome(api) !== 'allow')).toEqual([]);
    for (const write of ['organizations:AttachPolicy', 'organizations:UpdatePolicy', 'organizations:LeaveOrganization'])
      expect(outcome(write), write).not.toBe('allow');
  });

  it('allows the CloudTrail Lake query only on event data stores, and nothing that writes', async () => {
    const engine = await realEngine();
    const allowed = (action: string, resource = '*') =>
      engine.evaluateRequest(scanner.policies, { action, resource }).outcome === 'allow';
    expect(allowed('cloudtrail:StartQuery', 'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/abc')).toBe(true);
    expect(allowed('cloudtrail:StartQuery', 'arn:aws:cloudtrail:us-east-1:123456789012:channel/abc')).toBe(false);
    for (const write of [
      'iam:CreateAccessKey',
      'iam:PassRole',
      'iam:PutRolePolicy',
      'ec2:RunInstances',
      's3:GetObject',
    ])
      expect(allowed(write)).toBe(false);
  });

  it('is no risk itself: Rightsize finds nothing above low on the scanning role', async () => {
    const result = runRules(snapshot, await realEngine(), { now: NOW });
    expect(result.findings.filter((f) => f.severity !== 'low').map((f) => f.ruleId)).toEqual([]);
  });
});
