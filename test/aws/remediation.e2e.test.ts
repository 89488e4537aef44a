/**
 * Fix in AWS end to end against the moto emulator (../shared/moto): every plan kind is planned from a real
 * collection, approved, applied through the remediation role (sts:AssumeRole), verified by reading AWS back and
 * re-running the rule, rolled back, and the resource then reads exactly as before. Runs when MOTO_URL is set.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAccount } from '../../src/aws/index.js';
import { openRemediationGateway } from '../../src/aws/remediation.js';
import { FixError } from '../../src/errors.js';
import { normalisePolicyDocument, policyDocumentText, type PolicyEngine } from '../../src/iam/index.js';
import { FixService } from '../../src/remediate/fix-service.js';
import type { RemediationGateway } from '../../src/remediate/gateway.js';
import { canonicalState, stateDifferences } from '../../src/remediate/state.js';
import type { FixInputs, FixPlan } from '../../src/remediate/types.js';
import { DEFAULT_RULE_SETTINGS } from '../../src/risks/settings.js';
import { runRules } from '../../src/risks/run.js';
import type { Finding } from '../../src/risks/types.js';
import { buildSnapshot, writeSnapshotDir, type AccountSnapshot } from '../../src/snapshot/index.js';
import { StateStore, type StateData } from '../../src/store/index.js';
import { testCollectOptions } from '../support/aws.js';
import { realEngine } from '../support/catalog.js';
import { runCliAt } from '../support/cli.js';
import { holdMoto } from '../support/moto-lock.js';
import {
  BROAD,
  BROAD_AS_WRITTEN,
  PARTNER_TRUST,
  REMEDIATION_ROLE,
  policyArn,
  seedRemediationAccount,
  usedServices,
} from './remediation-seed.js';
import { motoConfig, motoSuiteTitle, resetMoto, useMotoEnvironment } from './seed.js';

const MOTO_ACCOUNT = '123456789012';

const MOTO_URL = process.env.MOTO_URL;

const ALICE = { id: 'alice', via: 'cli' as const };
const BOB = { id: 'bob', via: 'cli' as const };
// The account is scanned "200 days later", so the keys and roles made now are long unused.
const NOW = new Date(Date.now() + 200 * 86_400_000);

describe.skipIf(!MOTO_URL)(motoSuiteTitle('Fix in AWS'), () => {
  let restore: () => void;
  let release: () => Promise<void>;
  let iam: IAMClient;
  let engine: PolicyEngine;
  let snapshot: AccountSnapshot;
  let findings: Finding[];
  let service: FixService;
  let gateway: RemediationGateway;
  let closeGateway: () => void;

  beforeAll(async () => {
    const url = MOTO_URL as string;
    release = await holdMoto(url);
    restore = useMotoEnvironment(url);
    await resetMoto(url);
    iam = new IAMClient(motoConfig(url));
    await seedRemediationAccount(iam);
    engine = await realEngine();
    const collected = await collectAccount(
      {},
      testCollectOptions(NOW, { skip: new Set(['access-advisor', 'cloudtrail', 'ec2', 'lambda']) }),
    );
    const built = buildSnapshot({
      ...collected.files,
      lastAccessed: usedServices(NOW),
      fallbackCollectedAt: NOW.toISOString(),
    });
    snapshot = { ...built, collectedAt: NOW.toISOString() };
    findings = runRules(snapshot, engine, { now: NOW }).findings;
    const store = await StateStore.open(join(await mkdtemp(join(tmpdir(), 'rightsize-fix-')), 'state.json'));
    const access = {
      target: { id: MOTO_ACCOUNT, roleArn: REMEDIATION_ROLE, sessionName: 'rightsize-fix' },
      settings: { homeRegion: 'us-east-1', maxAttempts: 1 },
    };
    ({ gateway, close: closeGateway } = openRemediationGateway(access));
    service = new FixService({
      store,
      gateway: () => openRemediationGateway(access),
      engine,
      settings: DEFAULT_RULE_SETTINGS,
      fixes: { approvalExpiryHours: 24, rollbackWindowHours: 72, allowSelfApproval: false },
      now: () => NOW,
    });
  }, 240_000);
  afterAll(async () => {
    closeGateway?.();
    iam?.destroy();
    restore?.();
    await release?.();
  });

  const findingOf = (ruleId: string, resourceName: string): Finding => {
    const found = findings.find((f) => f.ruleId === ruleId && f.resourceName === resourceName);
    if (!found)
      throw new Error(
        `no ${ruleId} finding for ${resourceName}: ${findings.map((f) => `${f.ruleId} ${f.resourceName}`).join(', ')}`,
      );
    return found;
  };

  const planFor = async (ruleId: string, resourceName: string, inputs?: FixInputs): Promise<FixPlan> => {
    const outcome = await service.plan(findingOf(ruleId, resourceName), snapshot, inputs);
    if (outcome.kind !== 'plan') throw new Error(`no plan: ${JSON.stringify(outcome)}`);
    return outcome.plan;
  };

  /** Apply, verify, roll back; the resource afterwards reads as it did before (less what the plan says is gone). */
  const roundTrip = async (plan: FixPlan) => {
    const original = await gateway.read(plan.query);
    expect(stateDifferences(plan.before, original)).toEqual([]);
    const { fix } = await service.applyWithApproval(plan, ALICE, BOB, snapshot);
    expect(fix?.status, JSON.stringify(fix)).toBe('verified');
    expect(fix?.differences).toEqual([]);
    const applied = await gateway.read(plan.query);
    const rolled = await service.rollback(fix!.id, ALICE);
    expect(rolled.kind).toBe('rolled-back');
    expect(rolled.fix.status).toBe('rolled-back');
    const after = await gateway.read(plan.query);
    expect(stateDifferences(plan.afterRollback, after)).toEqual([]);
    return { fix: fix!, original, applied, after };
  };

  it('inline policy: replaces the document with the suggestion, the rule no longer fires, rollback restores it', async () => {
    const plan = await planFor('permissions-gap', 'app-inline');
    expect(plan.kind).toBe('inline-policy');
    expect(plan.steps.map((s) => s.call.api)).toEqual(['PutRolePolicy']);
    const { fix, original, after } = await roundTrip(plan);
    expect(fix.reevaluation).toEqual({ resolved: true });
    expect(canonicalState(after)).toEqual(canonicalState(original));
    // Read straight through the SDK: the restored document is the original text, not a re-serialised copy of it
    // (infrastructure-as-code drift checks compare the text).
    const live = await iam.send(new GetRolePolicyCommand({ RoleName: 'app-inline', PolicyName: 'app' }));
    expect(normalisePolicyDocument(live.PolicyDocument).document).toEqual(normalisePolicyDocument(BROAD).document);
    expect(policyDocumentText(live.PolicyDocument!)).toBe(BROAD_AS_WRITTEN);
  });

  it('customer-managed policy: a new default version, rollback sets the previous default and removes the new one', async () => {
    const plan = await planFor('permissions-gap', 'app-managed');
    expect(plan.kind).toBe('policy-version');
    expect(plan.steps.map((s) => s.call.api)).toEqual(['CreatePolicyVersion', 'SetDefaultPolicyVersion']);
    const { fix, original, applied, after } = await roundTrip(plan);
    expect(fix.createdVersion).toBe('v2');
    expect(applied).toMatchObject({ defaultVersionId: 'v2', versionIds: ['v1', 'v2'] });
    expect(fix.reevaluation).toEqual({ resolved: true });
    expect(canonicalState(after)).toEqual(canonicalState(original));
  });

  it('customer-managed policy at the 5-version limit: prunes the oldest non-default version and says so', async () => {
    const plan = await planFor('permissions-gap', 'app-versions');
    expect(plan.steps.map((s) => `${s.call.api} ${s.call.params.VersionId ?? ''}`.trim())).toEqual([
      'DeletePolicyVersion v1',
      'CreatePolicyVersion',
      'SetDefaultPolicyVersion <created version>',
    ]);
    expect(plan.notes.join(' ')).toMatch(/oldest non-default version v1 is deleted .* rollback cannot bring it back/);
    const { applied, after, original } = await roundTrip(plan);
    expect(applied).toMatchObject({ defaultVersionId: 'v6', versionIds: ['v2', 'v3', 'v4', 'v5', 'v6'] });
    expect(after).toMatchObject({ defaultVersionId: 'v3', versionIds: ['v2', 'v3', 'v4', 'v5'] });
    expect(canonicalState({ ...original, versionIds: ['v2', 'v3', 'v4', 'v5'] } as typeof original)).toEqual(
      canonicalState(after),
    );
  });

  it('AWS-managed policy: creates and attaches a customer-managed one, detaches the AWS one; rollback reverses all three', async () => {
    const plan = await planFor('admin-access', 'app-aws');
    expect(plan.kind).toBe('replace-aws-managed');
    expect(plan.steps.map((s) => s.call.api)).toEqual(['CreatePolicy', 'AttachRolePolicy', 'DetachRolePolicy']);
    const { fix, original, applied, after } = await roundTrip(plan);
    expect(applied).toMatchObject({ attached: [policyArn('rightsize-role-app-aws')] });
    expect(fix.reevaluation).toEqual({ resolved: true });
    expect(canonicalState(after)).toEqual(canonicalState(original));
  });

  it('unused access key: set Inactive (never deleted), rollback makes it Active again', async () => {
    const plan = await planFor('unused-access-key', 'idle-key');
    expect(plan.kind).toBe('deactivate-access-key');
    const original = await gateway.read(plan.query);
    const { fix } = await service.applyWithApproval(plan, ALICE, BOB, snapshot);
    expect(fix?.status).toBe('verified');
    expect(fix?.reevaluation).toEqual({ resolved: true });
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'idle-key' }));
    expect(keys.AccessKeyMetadata?.map((k) => k.Status)).toEqual(['Inactive']);
    expect((await service.rollback(fix!.id, ALICE)).kind).toBe('rolled-back');
    expect(canonicalState(await gateway.read(plan.query))).toEqual(canonicalState(original));
  });

  it("refuses to touch anything when the credentials are not in the finding's account", async () => {
    const plan = await planFor('unused-access-key', 'idle-key');
    const elsewhere = openRemediationGateway({
      target: { id: '210987654321', roleArn: REMEDIATION_ROLE, sessionName: 'rightsize-fix' },
      settings: { homeRegion: 'us-east-1', maxAttempts: 1 },
    });
    try {
      await expect(elsewhere.gateway.read(plan.query)).rejects.toThrow(
        /in account 123456789012 .*not in 210987654321: nothing was changed/,
      );
      await expect(elsewhere.gateway.call(plan.steps[0]!.call)).rejects.toBeInstanceOf(FixError);
    } finally {
      elsewhere.close();
    }
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'idle-key' }));
    expect(keys.AccessKeyMetadata?.map((k) => k.Status)).toEqual(['Active']);
  });

  it('unused role: a tagged deny-all inline policy; the finding stays but the role can do nothing; rollback removes both', async () => {
    const plan = await planFor('unused-role', 'idle-role');
    expect(plan.steps.map((s) => s.call.api)).toEqual(['TagRole', 'PutRolePolicy']);
    const { fix, original, applied, after } = await roundTrip(plan);
    expect(applied).toMatchObject({ inlinePolicyNames: ['rightsize-quarantine'] });
    expect(Object.keys((applied as { tags: object }).tags)).toEqual(['rightsize:quarantined']);
    expect(fix.reevaluation).toMatchObject({ resolved: false, severity: 'low' });
    expect(canonicalState(after)).toEqual(canonicalState(original));
  });

  it('open trust to a whole account: asks for the ExternalId, adds the condition, rollback restores the stored document', async () => {
    const finding = findingOf('open-trust', 'partner');
    expect(await service.plan(finding, snapshot)).toMatchObject({ kind: 'needs-input', input: 'externalId' });
    const plan = await planFor('open-trust', 'partner', { externalId: 'partner-7f3c' });
    const { fix, original, after } = await roundTrip(plan);
    expect(fix.reevaluation).toEqual({ resolved: true });
    expect(JSON.stringify(fix.after)).toContain('"sts:ExternalId":["partner-7f3c"]');
    expect(canonicalState(after)).toEqual(canonicalState(original));
    const live = await iam.send(new GetRoleCommand({ RoleName: 'partner' }));
    expect(policyDocumentText(live.Role!.AssumeRolePolicyDocument!)).toBe(PARTNER_TRUST);
  });

  it('open OIDC trust: pins the sub condition, keeps the aud condition', async () => {
    const plan = await planFor('open-trust', 'ci-oidc', { oidcSubject: 'repo:acme/app:ref:refs/heads/main' });
    const { fix, original, after } = await roundTrip(plan);
    expect(fix.reevaluation).toEqual({ resolved: true });
    const statement = (fix.after as { document: { Statement: { Condition: object }[] } }).document.Statement[0]!;
    expect(statement.Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'] },
      StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/app:ref:refs/heads/main'] },
    });
    expect(canonicalState(after)).toEqual(canonicalState(original));
  });

  it('drift: a resource changed since the plan aborts the apply, calls nothing, and is recorded', async () => {
    const plan = await planFor('permissions-gap', 'app-inline');
    const changed = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app-inline', PolicyName: 'app', PolicyDocument: changed }));
    try {
      const { fix, result } = await service.applyWithApproval(plan, ALICE, BOB, snapshot);
      expect(result.status).toBe('drift');
      expect(fix?.status).toBe('aborted');
      expect(fix?.calls).toEqual([]);
      expect(fix?.error).toMatch(/changed since the plan/);
      expect(fix?.differences?.[0]).toMatch(/^document\.Statement/);
      const live = await iam.send(new GetRolePolicyCommand({ RoleName: 'app-inline', PolicyName: 'app' }));
      expect(JSON.parse(decodeURIComponent(live.PolicyDocument!))).toEqual(JSON.parse(changed));
      // And a plan made now, from the scan's data, refuses: the scan saw another document.
      expect(await service.plan(findingOf('permissions-gap', 'app-inline'), snapshot)).toMatchObject({
        kind: 'no-fix',
        reason: expect.stringMatching(/changed since the scan/),
      });
    } finally {
      await iam.send(new PutRolePolicyCommand({ RoleName: 'app-inline', PolicyName: 'app', PolicyDocument: BROAD }));
    }
  });

  it('a call failing mid-apply rolls back the steps before it and reports both', async () => {
    const plan = await planFor('admin-access', 'app-aws');
    const failing: RemediationGateway = {
      read: (q) => gateway.read(q),
      call: (c) =>
        c.api === 'DetachRolePolicy' && c.params.PolicyArn !== policyArn('rightsize-role-app-aws')
          ? Promise.reject(
              Object.assign(new Error('iam:DetachRolePolicy: ServiceFailure: injected'), { name: 'ServiceFailure' }),
            )
          : gateway.call(c),
    };
    const { applyPlan } = await import('../../src/remediate/execute.js');
    const result = await applyPlan(plan, failing);
    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(result.error).toMatch(/injected/);
    expect(result.calls.map((c) => `${c.call.api} ${c.ok}`)).toEqual([
      'CreatePolicy true',
      'AttachRolePolicy true',
      'DetachRolePolicy false',
    ]);
    expect(result.rollback.status).toBe('rolled-back');
    expect(result.rollback.calls.map((c) => c.call.api)).toEqual(['DetachRolePolicy', 'DeletePolicy']);
    expect(canonicalState(await gateway.read(plan.query))).toEqual(canonicalState(plan.before));
  });

  it('rollback is refused after the window, and when someone changed the resource since the fix', async () => {
    const plan = await planFor('permissions-gap', 'app-inline');
    const { fix } = await service.applyWithApproval(plan, ALICE, BOB, snapshot);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app-inline', PolicyName: 'app', PolicyDocument: BROAD }));
    const drift = await service.rollback(fix!.id, ALICE);
    expect(drift.kind).toBe('drift');
    const late = new FixService({
      ...(service as unknown as { deps: ConstructorParameters<typeof FixService>[0] }).deps,
      now: () => new Date(NOW.getTime() + 73 * 3_600_000),
    });
    expect(await late.rollback(fix!.id, ALICE)).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/window .* ended/),
    });
  });
});

describe.skipIf(!MOTO_URL)(
  `rightsize fix (CLI) ${MOTO_URL ? `against moto at ${MOTO_URL}` : 'SKIPPED: MOTO_URL is not set'}`,
  () => {
    let restore: () => void;
    let release: () => Promise<void>;
    let dir: string;
    let state: string;
    let keyFinding: string;
    const run = (...args: string[]) => runCliAt(() => NOW, ...args);

    beforeAll(async () => {
      const url = MOTO_URL as string;
      release = await holdMoto(url);
      restore = useMotoEnvironment(url);
      await resetMoto(url);
      const iam = new IAMClient(motoConfig(url));
      await seedRemediationAccount(iam);
      iam.destroy();
      dir = await mkdtemp(join(tmpdir(), 'rightsize-fix-cli-'));
      state = join(dir, 'state.json');
      const collected = await collectAccount(
        {},
        testCollectOptions(NOW, { skip: new Set(['access-advisor', 'cloudtrail', 'ec2', 'lambda']) }),
      );
      await writeSnapshotDir(join(dir, 'snap'), collected.files);
      const scan = JSON.parse((await run('scan', '--snapshot', join(dir, 'snap'), '--format', 'json')).stdout) as {
        findings: Finding[];
      };
      keyFinding = scan.findings.find((f) => f.ruleId === 'unused-access-key' && f.resourceName === 'idle-key')!.id;
    }, 240_000);
    afterAll(async () => {
      restore?.();
      await release?.();
    });

    it('plan prints the calls and the diff, and changes nothing', async () => {
      const { code, stdout } = await run('fix', 'plan', keyFinding.slice(0, 24), '--snapshot', join(dir, 'snap'));
      expect(code).toBe(0);
      expect(stdout).toMatch(/1\. iam:UpdateAccessKey UserName=idle-key AccessKeyId=\w+ Status=Inactive/);
      expect(stdout).toMatch(/undo: iam:UpdateAccessKey .* Status=Active/);
      expect(stdout).toMatch(/-\s+"status": "Active",\n\+\s+"status": "Inactive",/);
    });

    it('apply needs --approved-by, refuses self-approval, and --dry-run calls nothing', async () => {
      expect((await run('fix', 'apply', keyFinding, '--snapshot', join(dir, 'snap'), '--state', state)).stderr).toMatch(
        /required option '--approved-by <name>'/,
      );
      const self = await run(
        'fix',
        'apply',
        keyFinding,
        '--snapshot',
        join(dir, 'snap'),
        '--state',
        state,
        '--approved-by',
        'alice',
        '--by',
        'alice',
      );
      expect(self.code).toBe(1);
      expect(self.stderr).toMatch(/alice cannot approve their own fix/);
      const dry = await run(
        'fix',
        'apply',
        keyFinding,
        '--snapshot',
        join(dir, 'snap'),
        '--approved-by',
        'bob',
        '--by',
        'alice',
        '--dry-run',
      );
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(
        /Dry run: the resource is as planned; these calls would be made:\n\s+1\. iam:UpdateAccessKey/,
      );
    });

    it('apply records the approval and the verified fix; rollback restores the key', async () => {
      const applied = await run(
        'fix',
        'apply',
        keyFinding,
        '--snapshot',
        join(dir, 'snap'),
        '--state',
        state,
        '--approved-by',
        'bob',
        '--by',
        'alice',
      );
      expect(applied.stderr).toBe('');
      expect(applied.stdout).toMatch(
        /Verified: AWS reads back exactly as planned\.\nRe-evaluated: the finding is resolved\./,
      );
      const recorded = JSON.parse(await readFile(state, 'utf8')) as StateData;
      expect(recorded.approvals).toMatchObject([
        {
          findingId: keyFinding,
          status: 'approved',
          requestedBy: { id: 'alice' },
          decidedBy: { id: 'bob', via: 'cli' },
        },
      ]);
      expect(recorded.fixes).toMatchObject([
        { findingId: keyFinding, status: 'verified', appliedBy: { id: 'alice' }, approvedBy: { id: 'bob' } },
      ]);
      expect(recorded.audit.map((a) => `${a.action} by ${a.actor.id}`)).toEqual([
        'fix-request by alice',
        'approve by bob',
        'fix by alice',
      ]);
      expect(recorded.audit.at(-1)?.detail).toMatch(/^fix-\w+ \(apr-\w+, approved by bob\): verified; /);
      const rolled = await run('fix', 'rollback', keyFinding, '--state', state, '--by', 'alice');
      expect(rolled.stdout).toMatch(/Rolled back fix fix-\w+; the resource reads as before the fix/);
      expect(rolled.code).toBe(0);
      const again = await run('fix', 'rollback', keyFinding, '--state', state);
      expect(again.code).toBe(1);
      expect(again.stdout).toMatch(/is rolled-back: there is nothing to roll back/);
    });
  },
);
