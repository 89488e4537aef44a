import { describe, expect, it } from 'vitest';
import { realEngine } from '../../test/support/catalog.js';
import { parseConfig } from '../config/index.js';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { DEFAULT_RULE_SETTINGS } from '../risks/settings.js';
import { runRules } from '../risks/run.js';
import { loadSnapshot } from '../snapshot/index.js';
import { approversFor } from './approvers.js';
import { buildPlan } from './plan.js';
import { renderPlanText } from './preview.js';
import { stateDifferences } from './state.js';
import { hasFixKind } from './fix-kinds.js';
import { fixTarget, type FixTarget } from './target.js';
import { CREATED_VERSION, type ResourceState } from './types.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const engine = await realEngine();
const snapshot = await loadSnapshot(demoSnapshotDir());
const findings = runRules(snapshot, engine, { now: NOW }).findings;
const ctx = { snapshot, engine, settings: DEFAULT_RULE_SETTINGS };
const finding = (ruleId: string, name: string) => findings.find((f) => f.ruleId === ruleId && f.resourceName === name)!;

describe('choosing a fix for a finding', () => {
  it('offers the button only for rules with a fix kind', () => {
    expect(hasFixKind({ ruleId: 'unused-access-key', resourceType: 'user' })).toBe(true);
    expect(hasFixKind({ ruleId: 'unused-access-key', resourceType: 'account' })).toBe(false);
    expect(hasFixKind({ ruleId: 'console-without-mfa', resourceType: 'user' })).toBe(false);
    expect(hasFixKind({ ruleId: 'admin-access', resourceType: 'group' })).toBe(true);
    expect(hasFixKind({ ruleId: 'permissions-management', resourceType: 'role' })).toBe(true);
    expect(hasFixKind({ ruleId: 'compute-admin', resourceType: 'ec2-instance' })).toBe(false);
  });

  it('picks the access key the finding is about by its creation time', () => {
    const target = fixTarget(finding('unused-access-key', 'svc-backup'), ctx);
    expect(target).toMatchObject({ kind: 'deactivate-access-key', userName: 'svc-backup', keyNumber: 2 });
  });

  it('asks for the ExternalId of an open partner trust instead of inventing one', () => {
    const partner = findings.find((f) => f.ruleId === 'open-trust' && /external account/.test(f.title))!;
    expect(fixTarget(partner, ctx)).toMatchObject({ kind: 'needs-input', input: 'externalId' });
    expect(fixTarget(partner, { ...ctx, inputs: { externalId: 'x' } })).toMatchObject({ kind: 'no-fix' });
  });

  it('gives a rule without a reversible fix the console link only', () => {
    const mfa = findings.find((f) => f.ruleId === 'console-without-mfa')!;
    expect(fixTarget(mfa, ctx)).toEqual({
      kind: 'no-fix',
      reason: expect.stringMatching(/no reversible/),
      consoleUrl: mfa.remediation.consoleUrl,
    });
  });
});

describe('plans', () => {
  const policyArn = 'arn:aws:iam::111122223333:policy/app';
  const document = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow' as const, Action: ['s3:*'], Resource: ['*'] }],
  };
  const suggested = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow' as const, Action: ['s3:GetObject'], Resource: ['*'] }],
  };
  const target: FixTarget = {
    kind: 'policy-version',
    finding: {
      id: 'permissions-gap-1',
      ruleId: 'permissions-gap',
      accountId: '111122223333',
      resourceArn: 'arn:aws:iam::111122223333:role/app',
      resourceName: 'app',
      consoleUrl: 'https://console',
    },
    query: { type: 'managed-policy', arn: policyArn },
    principal: { kind: 'role', name: 'app' },
    policyArn,
    scanned: document,
    suggested,
  };
  const live = (versionIds: string[], defaultVersionId: string, attachedTo = ['role/app']): ResourceState => ({
    type: 'managed-policy',
    arn: policyArn,
    defaultVersionId,
    versionIds,
    document,
    attachedTo,
  });

  it('prunes the oldest non-default version only at the limit, and says so', () => {
    const below = buildPlan(target, live(['v1', 'v2'], 'v2'), NOW);
    expect(below.kind === 'plan' && below.plan.steps.map((s) => s.call.api)).toEqual([
      'CreatePolicyVersion',
      'SetDefaultPolicyVersion',
    ]);
    const at = buildPlan(target, live(['v1', 'v2', 'v3', 'v4', 'v10'], 'v2'), NOW);
    if (at.kind !== 'plan') throw new Error(at.reason);
    expect(at.plan.steps[0]).toMatchObject({
      call: { api: 'DeletePolicyVersion', params: { VersionId: 'v1' } },
      undo: [],
    });
    expect(at.plan.notes[0]).toMatch(/5 versions, AWS's limit: the oldest non-default version v1 is deleted/);
    expect(at.plan.afterRollback).toMatchObject({ versionIds: ['v2', 'v3', 'v4', 'v10'], defaultVersionId: 'v2' });
    expect(renderPlanText(at.plan)).toMatch(/cannot be undone: the policy has 5 versions/);
  });

  it('refuses to change a policy other principals use too, or one that changed since the scan', () => {
    expect(buildPlan(target, live(['v1'], 'v1', ['role/app', 'user/bob']), NOW)).toMatchObject({
      kind: 'no-fix',
      reason: expect.stringMatching(/also attached to user\/bob/),
    });
    const changed = { ...live(['v1'], 'v1'), document: suggested } as ResourceState;
    expect(buildPlan(target, changed, NOW)).toMatchObject({ reason: expect.stringMatching(/changed since the scan/) });
  });

  it('compares states with the created version filled in, and names what differs', () => {
    const plan = buildPlan(target, live(['v1'], 'v1'), NOW);
    if (plan.kind !== 'plan') throw new Error(plan.reason);
    expect(plan.plan.after).toMatchObject({ defaultVersionId: CREATED_VERSION });
    const observed = { ...live(['v1', 'v2'], 'v2'), document: suggested } as ResourceState;
    expect(stateDifferences(plan.plan.after, observed, 'v2')).toEqual([]);
    expect(stateDifferences(plan.plan.after, live(['v1', 'v2'], 'v1'), 'v2')).toEqual([
      'defaultVersionId: expected "v2", found "v1"',
      expect.stringMatching(/^document\.Statement: expected/),
    ]);
  });
});

describe('approvers', () => {
  it('asks the owner named by the resource tag, and lets the fallback approvers decide too', () => {
    const config = parseConfig(
      'ownership: { teams: { frank.mueller@acme.io: { slack: U0FRANK } } }\naccess: { approvers: [S0SEC] }',
      {},
    );
    const key = finding('unused-access-key', 'svc-backup');
    expect(approversFor(key, snapshot, config)).toEqual({
      owner: 'U0FRANK',
      ask: ['U0FRANK'],
      allowed: ['U0FRANK', 'S0SEC'],
    });
    const untagged = { resourceArn: 'arn:aws:iam::111122223333:role/nobody' };
    expect(approversFor(untagged, snapshot, config)).toEqual({ ask: ['S0SEC'], allowed: ['S0SEC'] });
  });
});
