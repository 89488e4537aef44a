import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  ADMINISTRATOR_ACCESS as admin,
  ADMINISTRATOR_ACCESS_ARN as ADMIN_ARN,
  allow,
  authorizationDetails,
  deny,
  doc,
  role,
  user,
} from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import { finding, flagged, NOW } from '../../test/support/scan.js';
import { SnapshotError } from '../errors.js';
import { runRules } from '../risks/run.js';
import { AccountIndex, buildSnapshot, type AccountSnapshot } from '../snapshot/index.js';
import { loadAccountSnapshot, withOrganization } from './load.js';
import type { OrganizationSnapshot, OrgPolicy } from './types.js';

const MANAGEMENT = '999999999999';
const ROOT = 'r-root';
const OU = 'ou-root-workloads';
const json = (...statements: object[]) => JSON.stringify(doc(...(statements as Record<string, unknown>[])));
const FULL: OrgPolicy = {
  Id: 'p-FullAWSAccess',
  Name: 'FullAWSAccess',
  Type: 'SERVICE_CONTROL_POLICY',
  AwsManaged: true,
  Content: json(allow('*')),
  Targets: [ROOT, OU, ACCOUNT, MANAGEMENT],
};

function organization(policies: OrgPolicy[], options: { enabled?: string[]; accountParent?: string } = {}) {
  const enabled = options.enabled ?? ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
  return {
    version: 1,
    collectedAt: NOW.toISOString(),
    organization: { Id: 'o-test123456', MasterAccountId: MANAGEMENT },
    roots: [{ Id: ROOT, Name: 'Root', PolicyTypes: enabled.map((Type) => ({ Type, Status: 'ENABLED' })) }],
    organizationalUnits: [{ Id: OU, Name: 'Workloads', ParentId: ROOT }],
    accounts: [
      { Id: MANAGEMENT, Name: 'management', ParentId: ROOT },
      { Id: ACCOUNT, Name: 'prod', ParentId: options.accountParent ?? OU },
    ],
    policies,
    gaps: [],
  } satisfies OrganizationSnapshot;
}

const denyIam: OrgPolicy = {
  Id: 'p-denyiam',
  Name: 'deny-iam-changes',
  Type: 'SERVICE_CONTROL_POLICY',
  Content: json(deny(['iam:*', 'organizations:*'])),
  Targets: [OU],
};

function account(accountId = ACCOUNT): AccountSnapshot {
  const arn = (kind: string, name: string, path = '/') => `arn:aws:iam::${accountId}:${kind}${path}${name}`;
  const slr = {
    ...role('AWSServiceRoleForSupport', { managed: [ADMIN_ARN] }),
    Path: '/aws-service-role/support.amazonaws.com/',
    Arn: arn('role', 'AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/'),
  };
  return buildSnapshot({
    authorizationDetails: authorizationDetails({
      users: [{ ...user('alice', { managed: [ADMIN_ARN] }), Arn: arn('user', 'alice') }],
      roles: [
        { ...role('deploy', { managed: [ADMIN_ARN], tags: { team: 'platform' } }), Arn: arn('role', 'deploy') },
        {
          ...role('reader', { inline: { read: doc(allow(['s3:GetObject', 'iam:GetRole'])) } }),
          Arn: arn('role', 'reader'),
        },
        slr,
      ],
      policies: [admin],
    }),
    meta: { accountId, gaps: [] },
    fallbackCollectedAt: NOW.toISOString(),
  });
}

async function scanWith(org: OrganizationSnapshot, accountId = ACCOUNT) {
  return runRules(withOrganization(account(accountId), org, 'organization.json'), await realEngine(), { now: NOW });
}

describe('SCPs in the engine', () => {
  it('caps an administrator by an SCP Deny at its OU, and names the SCP and the level in the finding', async () => {
    const result = await scanWith(organization([FULL, denyIam]));
    const alice = finding(result, 'admin-access', 'alice');
    expect(alice.title).toBe('user alice is an administrator, except what SCP deny-iam-changes denies at OU Workloads');
    expect(alice.severity).toBe('high');
    expect(alice.evidence.map((e) => e.summary)).toContainEqual(
      expect.stringMatching(/^SCP deny-iam-changes denies at OU Workloads: iam \(all \d+ actions\), organizations/),
    );
    // Without the organisation the same account has a full administrator.
    const alone = runRules(account(), await realEngine(), { now: NOW });
    expect(finding(alone, 'admin-access', 'alice').severity).toBe('critical');
  });

  it('needs an Allow at every level from the root to the account: an OU without FullAWSAccess allows nothing', async () => {
    const engine = await realEngine();
    const rootOnly = { ...FULL, Targets: [ROOT, ACCOUNT] };
    const index = new AccountIndex(withOrganization(account(), organization([rootOnly]), 'organization.json'));
    const alice = index.find('alice');
    expect(engine.effectivePermissions(alice.policies).allowed.count()).toBe(0);
    expect(engine.evaluateRequest(alice.policies, { action: 's3:GetObject', resource: '*' }).outcome).toBe(
      'implicit-deny',
    );
    // An SCP that allows only some services at the OU leaves exactly those.
    const s3Only: OrgPolicy = {
      ...FULL,
      Id: 'p-s3',
      Name: 'allow-s3',
      AwsManaged: false,
      Content: json(allow('s3:*')),
      Targets: [OU],
    };
    const capped = new AccountIndex(withOrganization(account(), organization([rootOnly, s3Only]), 'o.json')).find(
      'alice',
    );
    const allowed = engine.effectivePermissions(capped.policies);
    expect(engine.catalog.servicesOf(allowed.allowed).map((s) => s.prefix)).toEqual(['s3']);
    const decision = engine.evaluateRequest(capped.policies, { action: 'iam:CreateUser', resource: '*' });
    expect(decision.outcome).toBe('implicit-deny');
  });

  it('does not apply to the management account, service-linked roles, or a policy type not enabled at the root', async () => {
    const engine = await realEngine();
    const management = organization([FULL, { ...denyIam, Targets: [ROOT] }]);
    const inManagement = new AccountIndex(withOrganization(account(MANAGEMENT), management, 'o.json'));
    expect(inManagement.find('alice').policies.scps).toBeUndefined();
    const member = new AccountIndex(withOrganization(account(), organization([FULL, denyIam]), 'o.json'));
    expect(member.find('AWSServiceRoleForSupport').policies.scps).toBeUndefined();
    expect(
      engine.evaluateRequest(member.find('alice').policies, { action: 'iam:CreateUser', resource: '*' }).outcome,
    ).toBe('explicit-deny');
    const disabled = organization([FULL, denyIam], { enabled: ['RESOURCE_CONTROL_POLICY'] });
    const notEnforced = new AccountIndex(withOrganization(account(), disabled, 'o.json'));
    expect(notEnforced.find('alice').policies.scps).toBeUndefined();
    expect(flagged(await scanWith(disabled), 'admin-access')).toContain('admin-access alice');
    expect(finding(await scanWith(disabled), 'admin-access', 'alice').severity).toBe('critical');
  });

  it('settles SCP conditions on the principal (aws:PrincipalArn, aws:PrincipalTag) per principal', async () => {
    const engine = await realEngine();
    const platformOnly: OrgPolicy = {
      ...denyIam,
      Content: json(deny('iam:*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } } })),
    };
    const index = new AccountIndex(withOrganization(account(), organization([FULL, platformOnly]), 'o.json'));
    const ask = (name: string) =>
      engine.evaluateRequest(index.find(name).policies, { action: 'iam:CreateUser', resource: '*' }).outcome;
    expect(ask('alice')).toBe('explicit-deny');
    expect(ask('deploy')).toBe('allow');
    const result = await scanWith(organization([FULL, platformOnly]));
    expect(finding(result, 'admin-access', 'deploy').severity).toBe('critical');
    expect(finding(result, 'admin-access', 'alice').title).toMatch(
      /except what SCP deny-iam-changes denies at OU Workloads/,
    );
  });

  it('a condition the principal does not settle leaves the SCP a guardrail: the grant is conditional, not removed', async () => {
    const engine = await realEngine();
    const regions: OrgPolicy = {
      ...denyIam,
      Content: json(deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } })),
    };
    const alice = new AccountIndex(withOrganization(account(), organization([FULL, regions]), 'o.json')).find('alice');
    const effective = engine.effectivePermissions(alice.policies);
    expect(effective.guarded.count()).toBeGreaterThan(1000);
    const decision = engine.evaluateRequest(alice.policies, { action: 's3:GetObject', resource: '*' });
    expect(decision.outcome).toBe('conditional');
    expect(decision.matched.find((m) => m.role === 'scp' && m.statement.effect === 'Deny')?.deciding).toEqual([
      'aws:RequestedRegion',
    ]);
  });
});

describe('RCPs in the engine', () => {
  const rcp: OrgPolicy = {
    Id: 'p-rcp1',
    Name: 'deny-s3-deletes',
    Type: 'RESOURCE_CONTROL_POLICY',
    Content: json({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' }),
    Targets: [ROOT],
  };
  const rcpFull: OrgPolicy = {
    Id: 'p-RCPFullAWSAccess',
    Name: 'RCPFullAWSAccess',
    Type: 'RESOURCE_CONTROL_POLICY',
    AwsManaged: true,
    Content: json({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
    Targets: [ROOT, OU, ACCOUNT],
  };

  it('deny requests to resources of the account for the services they support, not elsewhere', async () => {
    const engine = await realEngine();
    const alice = new AccountIndex(withOrganization(account(), organization([FULL, rcpFull, rcp]), 'o.json')).find(
      'alice',
    );
    const ask = (action: string, resource: string, resourceInAccount?: boolean) =>
      engine.evaluateRequest(alice.policies, {
        action,
        resource,
        ...(resourceInAccount !== undefined && { resourceInAccount }),
      });
    const denied = ask('s3:DeleteObject', 'arn:aws:s3:::prod-data/report.csv');
    expect(denied.outcome).toBe('explicit-deny');
    expect(denied.matched.find((m) => m.role === 'rcp' && m.statement.effect === 'Deny')?.level?.name).toBe('Root');
    expect(ask('s3:GetObject', 'arn:aws:s3:::prod-data/report.csv').outcome).toBe('allow');
    expect(ask('s3:DeleteObject', 'arn:aws:s3:::elsewhere/x', false).outcome).toBe('allow');
    // RCPs do not cap what the principal's identity policies grant elsewhere: effective permissions keep it.
    expect(engine.effectivePermissions(alice.policies).allowed.has(engine.catalog.indexOf('s3:DeleteObject')!)).toBe(
      true,
    );
  });
});

describe('RCPs on trust policies', () => {
  const perimeter: OrgPolicy = {
    Id: 'p-perimeter',
    Name: 'deny-outsiders',
    Type: 'RESOURCE_CONTROL_POLICY',
    Content: json({
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-test123456' },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
    Targets: [ROOT],
  };
  const openDoor = buildSnapshot({
    authorizationDetails: authorizationDetails({
      roles: [
        role('open-door', { trust: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) }),
      ],
    }),
    fallbackCollectedAt: NOW.toISOString(),
  });

  it('a data-perimeter RCP keeps a trust policy open to "*" reported, a step lower, with the RCP as evidence', async () => {
    const engine = await realEngine();
    const open = finding(runRules(openDoor, engine, { now: NOW }), 'open-trust', 'open-door');
    expect(open.severity).toBe('critical');
    const closed = finding(
      runRules(withOrganization(openDoor, organization([FULL, perimeter]), 'o.json'), engine, { now: NOW }),
      'open-trust',
      'open-door',
    );
    expect(closed.severity).toBe('medium');
    expect(closed.title).toBe(
      'role open-door trusts "*": any AWS principal in any account, but RCP deny-outsiders denies it to principals outside the organisation',
    );
    expect(closed.evidence.map((e) => e.summary)).toContainEqual(
      expect.stringMatching(
        /^sts:AssumeRole from outside the organisation is denied by RCP deny-outsiders at the root/,
      ),
    );
    // An RCP that only sometimes stops outsiders (a condition a caller may meet) is no perimeter.
    const partial = {
      ...perimeter,
      Id: 'p-partial',
      Content: json({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRole',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    };
    const still = runRules(withOrganization(openDoor, organization([FULL, partial]), 'o.json'), engine, { now: NOW });
    expect(finding(still, 'open-trust', 'open-door').severity).toBe('critical');
  });
});

describe('loading organization.json with a snapshot', () => {
  async function layout(org: unknown, where: 'own' | 'parent') {
    const parent = await mkdtemp(join(tmpdir(), 'rightsize-org-load-'));
    const dir = join(parent, ACCOUNT);
    await mkdir(dir);
    await writeFile(
      join(dir, 'authorization-details.json'),
      JSON.stringify(authorizationDetails({ users: [user('alice')] })),
    );
    const text = typeof org === 'string' ? org : JSON.stringify(org);
    await writeFile(join(where === 'own' ? dir : parent, 'organization.json'), text);
    return { parent, dir };
  }

  it('finds it in the snapshot directory, else in its parent (collect --all), and places the account', async () => {
    for (const where of ['own', 'parent'] as const) {
      const { dir } = await layout(organization([FULL, denyIam]), where);
      const snapshot = await loadAccountSnapshot(dir);
      expect(snapshot.organization).toMatchObject({
        organizationId: 'o-test123456',
        ouPath: 'Root/Workloads',
        isManagementAccount: false,
      });
      expect(snapshot.organization?.scps?.map((l) => [l.name, l.policies.map((p) => p.name)])).toEqual([
        ['Root', ['FullAWSAccess']],
        ['Workloads', ['FullAWSAccess', 'deny-iam-changes']],
        ['prod', ['FullAWSAccess']],
      ]);
      expect(snapshot.organizationAccountIds).toEqual([MANAGEMENT, ACCOUNT]);
    }
  });

  it('loads a snapshot without one as before', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rightsize-org-none-'));
    await writeFile(join(dir, 'authorization-details.json'), JSON.stringify(authorizationDetails({})));
    expect((await loadAccountSnapshot(join(dir))).organization).toBeUndefined();
  });

  it('stops at a malformed file, naming the file and the JSON path', async () => {
    const bad = organization([{ ...denyIam, Type: 'TAG_POLICY' as OrgPolicy['Type'] }]);
    const { parent, dir } = await layout(bad, 'parent');
    const error = await loadAccountSnapshot(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).message).toContain(join(parent, 'organization.json'));
    expect((error as SnapshotError).message).toContain('$.policies[0].Type');
    const { dir: cut } = await layout('{"version": 1, "organization": ', 'own');
    await expect(loadAccountSnapshot(cut)).rejects.toThrow(/organization\.json/);
    const { dir: future } = await layout({ ...organization([]), version: 2 }, 'own');
    await expect(loadAccountSnapshot(future)).rejects.toThrow(/expected format version 1, got 2/);
  });

  it('reports an SCP statement with a grammar error as a problem with the file and path, and evaluates the rest', async () => {
    const broken: OrgPolicy = {
      ...denyIam,
      Content: json(deny('iam:*'), { Effect: 'Maybe', Action: 's3:*', Resource: '*' }),
    };
    const snapshot = withOrganization(account(), organization([FULL, broken]), 'organization.json');
    expect(snapshot.problems).toContainEqual(
      expect.objectContaining({
        file: 'organization.json',
        path: '$.policies[1].Content.Statement[1].Effect',
        subject: 'SCP deny-iam-changes',
      }),
    );
    const engine = await realEngine();
    const alice = new AccountIndex(snapshot).find('alice');
    expect(engine.evaluateRequest(alice.policies, { action: 'iam:CreateUser', resource: '*' }).outcome).toBe(
      'explicit-deny',
    );
  });

  it('says when the file does not place the account: its SCPs are unknown, not none', async () => {
    const elsewhere = organization([FULL, denyIam]);
    elsewhere.accounts = elsewhere.accounts.filter((a) => a.Id !== ACCOUNT);
    const snapshot = withOrganization(account(), elsewhere, 'organization.json');
    expect(snapshot.gaps.map((g) => g.message)).toContainEqual(
      expect.stringMatching(/does not place account 123456789012 .* not evaluated/),
    );
    expect(new AccountIndex(snapshot).find('alice').policies.scps).toBeUndefined();
  });
});

describe('rule organization-guardrail', () => {
  const guardrail: OrgPolicy = {
    Id: 'p-guard',
    Name: 'deny-leaving',
    Type: 'SERVICE_CONTROL_POLICY',
    Content: json(deny(['organizations:LeaveOrganization', 'cloudtrail:StopLogging'])),
    Targets: [ROOT],
  };
  const settings = { guardrailScps: ['deny-leaving'], guardrailDeniedActions: ['organizations:LeaveOrganization'] };
  const scan = async (org: OrganizationSnapshot, accountId = ACCOUNT) =>
    runRules(withOrganization(account(accountId), org, 'organization.json'), await realEngine(), {
      now: NOW,
      settings,
    });

  it('finds a member account without the expected SCP or Deny, and not one that has them', async () => {
    expect(flagged(await scan(organization([FULL, guardrail])), 'organization-guardrail')).toEqual([]);
    const attachedElsewhere = { ...guardrail, Targets: ['ou-other'] };
    const result = await scan(organization([FULL, attachedElsewhere]));
    const f = finding(result, 'organization-guardrail', ACCOUNT);
    expect(f.title).toBe(
      `account ${ACCOUNT} (Root/Workloads) lacks the organisation's guardrail: SCP deny-leaving; a Deny of organizations:LeaveOrganization`,
    );
    expect(f.evidence.map((e) => e.summary)).toContain(
      'SCPs that apply: the root: FullAWSAccess; OU Workloads: FullAWSAccess; account prod: FullAWSAccess',
    );
  });

  it('counts a Deny with exceptions (conditions) and a level without an Allow as denying', async () => {
    const withException = {
      ...guardrail,
      Name: 'other-name',
      Content: json(
        deny('organizations:*', '*', {
          Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/break-glass' } },
        }),
      ),
    };
    const onlyDenied = await scan(organization([FULL, withException]));
    expect(finding(onlyDenied, 'organization-guardrail', ACCOUNT).title).toMatch(
      /lacks the organisation's guardrail: SCP deny-leaving$/,
    );
    const notAllowed: OrgPolicy = {
      ...FULL,
      Id: 'p-ec2',
      Name: 'ec2-only',
      AwsManaged: false,
      Content: json(allow('ec2:*')),
      Targets: [OU],
    };
    const allowList = await scan(organization([{ ...FULL, Targets: [ROOT, ACCOUNT] }, notAllowed, guardrail]));
    expect(flagged(allowList, 'organization-guardrail')).toEqual([]);
  });

  it('leaves out the management account, and says when there is no organization.json to check', async () => {
    expect(flagged(await scan(organization([FULL]), MANAGEMENT), 'organization-guardrail')).toEqual([]);
    const alone = runRules(account(), await realEngine(), { now: NOW, settings });
    expect(alone.notices).toContainEqual({
      ruleId: 'organization-guardrail',
      message: 'not run: no organization.json with the snapshot (the guardrail cannot be checked)',
    });
  });

  it('notes an SCP that denies nothing effective', async () => {
    const shadowed: OrgPolicy = {
      ...guardrail,
      Id: 'p-ec2deny',
      Name: 'deny-ec2',
      Content: json(deny('ec2:TerminateInstances')),
      Targets: [OU],
    };
    const unknown: OrgPolicy = {
      ...guardrail,
      Id: 'p-typo',
      Name: 'deny-typo',
      Content: json(deny('organisations:Leave*')),
      Targets: [OU],
    };
    const s3Only: OrgPolicy = {
      ...FULL,
      Id: 'p-s3',
      Name: 's3-only',
      AwsManaged: false,
      Content: json(allow('s3:*')),
      Targets: [ROOT],
    };
    const result = await scan(
      organization([{ ...FULL, Targets: [OU, ACCOUNT] }, s3Only, shadowed, unknown, guardrail]),
    );
    expect(result.notices.filter((n) => n.ruleId === 'organization-guardrail').map((n) => n.message)).toEqual([
      'SCP deny-leaving at the root denies nothing effective: what it denies is not allowed at some level anyway (cloudtrail (1 action), organizations (1 action))',
      'SCP deny-ec2 at OU Workloads denies nothing effective: what it denies is not allowed at some level anyway (ec2 (1 action))',
      'SCP deny-typo at OU Workloads denies nothing effective: its Deny statements name no action AWS knows',
    ]);
  });
});
