import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN,
  allow,
  authorizationDetails,
  doc,
  role,
  user,
} from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import { NOW } from '../../test/support/scan.js';
import { buildSnapshot } from '../snapshot/index.js';
import { organizationPass, scanAccountOfOrganization } from './scan.js';
import type { AccountSummary } from './types.js';
import { withOrganization } from '../organization/load.js';
import type { OrganizationSnapshot } from '../organization/types.js';

const DEV = '111111111111';
const PROD = '222222222222';
const trusting = (...principals: string[]) =>
  doc({ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' });
const assume = (...arns: string[]) => ({ assume: doc(allow('sts:AssumeRole', arns)) });

/** An account built with the shared builders (written for ACCOUNT), moved to `account`. */
async function summaryOf(account: string, parts: Parameters<typeof authorizationDetails>[0]): Promise<AccountSummary> {
  const details = JSON.parse(JSON.stringify(authorizationDetails(parts)).replaceAll(ACCOUNT, account));
  const snapshot = buildSnapshot({ authorizationDetails: details, fallbackCollectedAt: NOW.toISOString() });
  return scanAccountOfOrganization(snapshot, await realEngine(), { now: NOW }).summary;
}

const devAccount = (ciGrant: string[]) =>
  summaryOf(DEV, {
    users: [user('alice', { inline: assume(`arn:aws:iam::${ACCOUNT}:role/ci`) }), user('bob')],
    roles: [role('ci', { trust: trusting(`arn:aws:iam::${ACCOUNT}:root`), inline: assume(...ciGrant) })],
  });

const prodAccount = () =>
  summaryOf(PROD, {
    roles: [
      role('deploy', { trust: trusting(`arn:aws:iam::${DEV}:role/ci`), managed: [ADMINISTRATOR_ACCESS_ARN] }),
      // Trusts dev's root, but no principal of dev is allowed to call sts:AssumeRole on it: a near miss.
      role('audit', { trust: trusting(DEV), managed: [ADMINISTRATOR_ACCESS_ARN] }),
    ],
    policies: [ADMINISTRATOR_ACCESS],
  });

describe('the per-account summary', () => {
  it('lists the roles other accounts trust, with what they reach, and the callers with who can become them', async () => {
    const prod = await prodAccount();
    expect(
      prod.trustedRoles.map((r) => [r.arn.split('/')[1], r.trusts.map((t) => [t.kind, t.account]), r.administrator]),
    ).toEqual([
      ['deploy', [['principal', DEV]], 'full'],
      ['audit', [['account', DEV]], 'full'],
    ]);
    const dev = await devAccount([`arn:aws:iam::${PROD}:role/deploy`]);
    expect(dev.trustedRoles).toEqual([]);
    expect(dev.callers.map((c) => [c.arn, c.reachedBy.map((r) => [r.from, r.steps.length])])).toEqual([
      [`arn:aws:iam::${DEV}:role/ci`, [[`arn:aws:iam::${DEV}:user/alice`, 1]]],
    ]);
    expect(dev.callers[0]!.allow[0]!.evidence).toContain('inline policy assume');
  });

  it('leaves out a principal whose sts:AssumeRole stays inside its own account', async () => {
    const dev = await devAccount([`arn:aws:iam::${DEV}:role/other`]);
    expect(dev.callers).toEqual([]);
  });
});

describe('the organisation pass', () => {
  it('finds user alice in dev becoming administrator of prod via role ci → deploy', async () => {
    const result = organizationPass([await devAccount([`arn:aws:iam::${PROD}:role/deploy`]), await prodAccount()]);
    expect(result.findings.map((f) => f.title)).toEqual([
      `role ci in ${DEV} can become administrator of ${PROD} via role ${PROD}/deploy`,
      `user alice in ${DEV} can become administrator of ${PROD} via role ${DEV}/ci → ${PROD}/deploy`,
    ]);
    const alice = result.findings[1]!;
    expect(alice).toMatchObject({ ruleId: 'cross-account-escalation', severity: 'critical', accountId: DEV });
    expect(alice.evidence.map((e) => e.summary)).toEqual([
      expect.stringMatching(/^step 1 in 111111111111: user alice → role ci: assume role ci/),
      expect.stringMatching(
        /^step 2: role ci in 111111111111 → role deploy in 222222222222: sts:AssumeRole, allowed by sts:AssumeRole: inline policy assume.*the trust policy of deploy \(statement #0\) allows arn:aws:iam::111111111111:role\/ci$/,
      ),
      `role deploy is a full administrator of ${PROD}`,
    ]);
    // audit trusts dev's root, but no principal of dev may call sts:AssumeRole on it.
    expect(result.join.unreachedRoles).toEqual([{ account: PROD, role: `arn:aws:iam::${PROD}:role/audit` }]);
  });

  it('finds no path when the trusted role is not what the caller may assume (a near miss)', async () => {
    const result = organizationPass([await devAccount([`arn:aws:iam::${PROD}:role/other`]), await prodAccount()]);
    expect(result.findings).toEqual([]);
    expect(result.join.unreachedRoles.map((r) => r.role.split('/')[1])).toEqual(['deploy', 'audit']);
  });

  it('does not let a role trusting a principal by name in other principals of that account', async () => {
    const dev = await summaryOf(DEV, {
      roles: [
        role('other', {
          trust: trusting(`arn:aws:iam::${ACCOUNT}:root`),
          inline: assume(`arn:aws:iam::${PROD}:role/deploy`),
        }),
      ],
    });
    expect(organizationPass([dev, await prodAccount()]).findings).toEqual([]);
  });

  it('lets whoever can become an administrator of dev act as one: any role trusting dev, and the role a trust names', async () => {
    const dev = await summaryOf(DEV, {
      // carol can rewrite her own policies: she grants herself sts:AssumeRole, or becomes ci as an administrator.
      users: [
        user('carol', { inline: { self: doc(allow('iam:PutUserPolicy', `arn:aws:iam::${ACCOUNT}:user/carol`)) } }),
      ],
      roles: [role('ci', { trust: trusting(`arn:aws:iam::${ACCOUNT}:root`) })],
    });
    const prod = await summaryOf(PROD, {
      roles: [
        role('deploy', { trust: trusting(`arn:aws:iam::${DEV}:role/ci`), managed: [ADMINISTRATOR_ACCESS_ARN] }),
        role('audit', { trust: trusting(DEV), managed: [ADMINISTRATOR_ACCESS_ARN] }),
      ],
      policies: [ADMINISTRATOR_ACCESS],
    });
    expect(dev.escalations.map((e) => [e.from.split('/')[1], e.reaches])).toEqual([['carol', 'any-permission']]);
    const paths = organizationPass([dev, prod]).join.paths.filter((p) => p.from.endsWith('carol'));
    expect(
      paths.map((p) => [p.target.role.split('/')[1], p.hops[0]!.caller.split('/')[1], p.hops[0]!.steps.length]),
    ).toEqual([
      ['deploy', 'ci', 2],
      ['audit', 'carol', 1],
    ]);
    expect(paths[0]!.hops[0]!.steps[1]!.title).toMatch(/^as an administrator of the account, become role\/ci/);
  });

  it('joins a role trusting everyone only when a condition narrows it (open trust is its own finding)', async () => {
    const open = (condition?: object) =>
      summaryOf(PROD, {
        roles: [
          role('shared', {
            trust: doc({
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'sts:AssumeRole',
              ...(condition && { Condition: condition }),
            }),
            managed: [ADMINISTRATOR_ACCESS_ARN],
          }),
        ],
        policies: [ADMINISTRATOR_ACCESS],
      });
    const dev = await devAccount([`arn:aws:iam::${PROD}:role/shared`]);
    expect(organizationPass([dev, await open()]).join.paths).toEqual([]);
    const narrowed = organizationPass([dev, await open({ StringEquals: { 'aws:PrincipalOrgID': 'o-example' } })]);
    // aws:PrincipalOrgID holds for the organisation's own principals: not a condition on the path.
    expect(narrowed.findings.map((f) => [f.resourceName, f.severity])).toEqual([
      ['ci', 'high'],
      ['alice', 'critical'],
    ]);
  });

  it('follows paths over several accounts and ends on a loop of trust between two accounts', async () => {
    const STAGE = '333333333333';
    // dev/ci → stage/relay → prod/deploy; stage/relay can also go back to dev/ci, which trusts stage: a loop.
    const dev = await summaryOf(DEV, {
      users: [user('alice', { inline: assume(`arn:aws:iam::${ACCOUNT}:role/ci`) })],
      roles: [
        role('ci', {
          trust: trusting(`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${STAGE}:role/relay`),
          inline: assume(`arn:aws:iam::${STAGE}:role/relay`),
        }),
      ],
    });
    const stage = await summaryOf(STAGE, {
      roles: [
        role('relay', {
          trust: trusting(`arn:aws:iam::${DEV}:role/ci`),
          inline: assume(`arn:aws:iam::${PROD}:role/deploy`, `arn:aws:iam::${DEV}:role/ci`),
        }),
      ],
    });
    const prod = await summaryOf(PROD, {
      roles: [
        role('deploy', { trust: trusting(`arn:aws:iam::${STAGE}:role/relay`), managed: [ADMINISTRATOR_ACCESS_ARN] }),
      ],
      policies: [ADMINISTRATOR_ACCESS],
    });
    const result = organizationPass([dev, stage, prod]);
    const alice = result.findings.find((f) => f.resourceName === 'alice')!;
    expect(alice.title).toBe(
      `user alice in ${DEV} can become administrator of ${PROD} via role ${DEV}/ci → ${STAGE}/relay → ${PROD}/deploy`,
    );
    // relay becomes ci in dev, which leads back to relay: ended, and no account reaches itself.
    expect(result.findings.map((f) => `${f.resourceName}→${f.title.split(' of ')[1]!.split(' ')[0]}`).sort()).toEqual([
      `alice→${PROD}`,
      `ci→${PROD}`,
      `relay→${PROD}`,
    ]);
  });
});

/** An organisation policy at the root (FullAWSAccess and RCPFullAWSAccess included only when given). */
interface RootPolicy {
  name: string;
  type?: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  statements: object[];
}

/**
 * The account's summary as a member of organisation o-test whose root carries `policies`; `members` are the
 * organisation's accounts (dev and prod unless given).
 */
async function memberSummary(
  account: string,
  parts: Parameters<typeof authorizationDetails>[0],
  policies: RootPolicy[],
  members: string[] = [DEV, PROD],
): Promise<AccountSummary> {
  const details = JSON.parse(JSON.stringify(authorizationDetails(parts)).replaceAll(ACCOUNT, account));
  const types = [...new Set(policies.map((p) => p.type ?? 'SERVICE_CONTROL_POLICY'))];
  const organization: OrganizationSnapshot = {
    version: 1,
    collectedAt: NOW.toISOString(),
    organization: { Id: 'o-test', MasterAccountId: '999900000000' },
    roots: [{ Id: 'r-root', Name: 'Root', PolicyTypes: types.map((Type) => ({ Type, Status: 'ENABLED' as const })) }],
    organizationalUnits: [],
    accounts: [...new Set([account, ...members])].map((Id) => ({
      Id,
      Name: Id === DEV ? 'dev' : Id === PROD ? 'prod' : Id,
      ParentId: 'r-root',
    })),
    policies: policies.map((policy, i) => ({
      Id: `p-${i}`,
      Name: policy.name,
      Type: policy.type ?? ('SERVICE_CONTROL_POLICY' as const),
      Content: JSON.stringify({ Version: '2012-10-17', Statement: policy.statements }),
      Targets: ['r-root', DEV, PROD],
    })),
    gaps: [],
  };
  const snapshot = withOrganization(
    buildSnapshot({ authorizationDetails: details, fallbackCollectedAt: NOW.toISOString() }),
    organization,
    'organization.json',
  );
  return scanAccountOfOrganization(snapshot, await realEngine(), { now: NOW }).summary;
}

describe("the caller's SCPs on the hop", () => {
  /** dev as a member of an organisation whose root carries `scps`. */
  const devUnder = (scps: RootPolicy[]) =>
    memberSummary(
      DEV,
      {
        users: [user('alice', { inline: assume(`arn:aws:iam::${ACCOUNT}:role/ci`) })],
        roles: [
          role('ci', {
            trust: trusting(`arn:aws:iam::${ACCOUNT}:root`),
            inline: assume(`arn:aws:iam::${PROD}:role/deploy`),
          }),
        ],
      },
      scps,
    );
  const fullAccess = { name: 'FullAWSAccess', statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const titles = async (dev: AccountSummary) =>
    organizationPass([dev, await prodAccount()]).findings.map((f) => f.resourceName);

  it('keeps the path when every level allows sts:AssumeRole', async () => {
    expect(await titles(await devUnder([fullAccess]))).toEqual(['ci', 'alice']);
  });

  it('an SCP Deny of sts:AssumeRole on the role removes the path', async () => {
    const deny = {
      name: 'no-prod-from-dev',
      statements: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${PROD}:role/*` }],
    };
    expect(await titles(await devUnder([fullAccess, deny]))).toEqual([]);
  });

  it('a level whose SCPs allow sts:AssumeRole only inside the account removes the path', async () => {
    const homeOnly = {
      name: 'assume-at-home-only',
      statements: [
        { Effect: 'Allow', NotAction: 'sts:*', Resource: '*' },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${DEV}:role/*` },
      ],
    };
    expect(await titles(await devUnder([homeOnly]))).toEqual([]);
  });
});

describe("the role account's RCPs on the hop", () => {
  const rcpFullAccess: RootPolicy = {
    name: 'RCPFullAWSAccess',
    type: 'RESOURCE_CONTROL_POLICY',
    statements: [{ Effect: 'Allow', Action: '*', Resource: '*', Principal: '*' }],
  };
  const rcp = (name: string, statement: object): RootPolicy => ({
    name,
    type: 'RESOURCE_CONTROL_POLICY',
    statements: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', ...statement }],
  });
  /** The data perimeter AWS documents for STS: no sts:AssumeRole from outside the organisation. */
  const perimeter = rcp('sts-perimeter', {
    Condition: {
      StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-test' },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    },
  });
  /** prod as a member of o-test under `rcps`; its organisation lists `members`. */
  const prodUnder = (rcps: RootPolicy[], members?: string[]) =>
    memberSummary(
      PROD,
      {
        roles: [
          role('deploy', { trust: trusting(`arn:aws:iam::${DEV}:role/ci`), managed: [ADMINISTRATOR_ACCESS_ARN] }),
        ],
        policies: [ADMINISTRATOR_ACCESS],
      },
      rcps,
      members,
    );
  const pass = async (prod: AccountSummary) =>
    organizationPass([await devAccount([`arn:aws:iam::${PROD}:role/deploy`]), prod]);

  it('keeps the path when the RCPs allow it, and under the perimeter for a principal of the organisation', async () => {
    for (const rcps of [[rcpFullAccess], [rcpFullAccess, perimeter]]) {
      const result = await pass(await prodUnder(rcps));
      expect(result.findings.map((f) => [f.resourceName, f.severity])).toEqual([
        ['ci', 'high'],
        ['alice', 'critical'],
      ]);
    }
  });

  it('the perimeter denies a caller from an account outside the organisation: no path, and the RCP is named', async () => {
    const result = await pass(await prodUnder([rcpFullAccess, perimeter], [PROD]));
    expect(result.findings).toEqual([]);
    expect(result.join.unreachedRoles).toEqual([
      {
        account: PROD,
        role: `arn:aws:iam::${PROD}:role/deploy`,
        deniedByRcp: expect.stringMatching(
          /^denied by RCP sts-perimeter at the root, statement #0: Deny Action sts:AssumeRole/,
        ),
      },
    ]);
  });

  it('an RCP denying the trusted account removes the path; one deciding on keys the join cannot know makes it conditional', async () => {
    const noDev = rcp('no-dev', { Condition: { StringEquals: { 'aws:PrincipalAccount': DEV } } });
    expect((await pass(await prodUnder([rcpFullAccess, noDev]))).findings).toEqual([]);
    const tagged = rcp('tagged-only', { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } } });
    const result = await pass(await prodUnder([rcpFullAccess, tagged]));
    expect(result.findings.map((f) => [f.resourceName, f.severity])).toEqual([
      ['ci', 'medium'],
      ['alice', 'high'],
    ]);
    expect(result.findings[1]!.title).toMatch(/\(when conditions hold\)$/);
    expect(result.findings[1]!.evidence[1]!.summary).toMatch(
      /an RCP of 222222222222 allows it only when its conditions hold \(RCP tagged-only at the root.*decides it on aws:PrincipalTag\/team\)/,
    );
  });

  it('no RCP allowing it at a level denies it', async () => {
    const result = await pass(
      await prodUnder([
        {
          ...rcpFullAccess,
          name: 'only-s3',
          statements: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
        },
      ]),
    );
    expect(result.findings).toEqual([]);
    expect(result.join.unreachedRoles[0]!.deniedByRcp).toBe('no RCP at the root allows it');
  });
});
