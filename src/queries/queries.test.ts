import { beforeAll, describe, expect, it } from 'vitest';
import { realEngine } from '../../test/support/catalog.js';
import type { PolicyEngine } from '../iam/index.js';
import { demoSnapshotDir } from '../snapshot/demo.js';
import { buildSnapshot, loadSnapshot } from '../snapshot/index.js';
import { allow, authorizationDetails, doc, user } from '../../test/support/builders.js';
import { AccessIndex, can, parseContext, path, whoCan, type CanAnswer, type WhoCanAnswer } from './index.js';

/**
 * Access queries on the bundled demo account, checked against the engine's effective permissions (what
 * `rightsize permissions` reports) on every principal, and against each other (who-can and can).
 */

let engine: PolicyEngine;
let index: AccessIndex;

beforeAll(async () => {
  engine = await realEngine();
  index = new AccessIndex(await loadSnapshot(demoSnapshotDir()), engine, new Date('2026-11-20T12:00:00Z'));
}, 30_000);

interface Query {
  what: string;
  action: string;
  resource?: string;
  context?: string[];
}

const TABLE: Query[] = [
  {
    what: 'an explicit Deny overriding an Allow (contractors: IAMFullAccess, deny-iam-changes)',
    action: 'iam:CreateUser',
  },
  {
    what: 'a boundary capping (analytics-sandbox: AdministratorAccess within s3-read-only-boundary)',
    action: 'ec2:RunInstances',
  },
  { what: 'NotAction (PowerUserAccess allows all but iam, organizations, account)', action: 'dynamodb:DeleteTable' },
  {
    what: 'NotResource (orders-worker: sns:Publish on all but acme-billing-*)',
    action: 'sns:Publish',
    resource: 'arn:aws:sns:us-east-1:111122223333:acme-billing-alerts',
  },
  {
    what: 'NotResource, the resource it leaves allowed',
    action: 'sns:Publish',
    resource: 'arn:aws:sns:us-east-1:111122223333:orders-events',
  },
  { what: 'a condition without context (MFA admin, region guardrail)', action: 'iam:CreateUser' },
  {
    what: 'conditions with context',
    action: 'ec2:TerminateInstances',
    context: ['aws:MultiFactorAuthPresent=true', 'aws:RequestedRegion=us-east-1'],
  },
  {
    what: 'a context that fails the conditions',
    action: 'ec2:TerminateInstances',
    context: ['aws:MultiFactorAuthPresent=false', 'aws:RequestedRegion=ap-south-1'],
  },
  { what: 'a wildcard action', action: 's3:Get*' },
  { what: 'a wildcard resource', action: 's3:GetObject', resource: 'arn:aws:s3:::acme-reports/*' },
  { what: 'both wildcards', action: 'iam:Pass*', resource: 'arn:aws:iam::111122223333:role/*' },
];

const names = (grants: readonly { principal: { kind: string; name: string } }[]) =>
  grants.map((g) => `${g.principal.kind}/${g.principal.name}`).sort();

function ask(q: Query): { who: WhoCanAnswer; each: Map<string, CanAnswer> } {
  const context = parseContext(q.context);
  const who = whoCan(index, q.action, q.resource, { via: 'direct', ...(context && { context }) });
  const each = new Map(
    index.accounts.principals.map((p) => [`${p.kind}/${p.name}`, can(index, p, q.action, q.resource, context)]),
  );
  return { who, each };
}

describe('access queries on the demo account, against the engine on every principal', () => {
  it.each(TABLE)('$what: $action', (q) => {
    const { who, each } = ask(q);
    const direct = new Set(names(who.direct));
    const conditional = new Set(names(who.conditional));
    const actions = engine.patterns.match(q.action).actions;
    for (const principal of index.accounts.principals) {
      const key = `${principal.kind}/${principal.name}`;
      const answer = each.get(key)!;
      const effective = engine.effectivePermissions(principal.policies);
      // who-can and can give one answer.
      expect(direct.has(key), key).toBe(answer.verdict === 'allowed' || answer.verdict === 'partly allowed');
      expect(conditional.has(key), key).toBe(answer.verdict === 'conditional');
      // Nothing outside what permissions reports as allowed somewhere.
      if (!effective.allowed.intersects(actions)) {
        expect(answer.verdict, key).toBe('denied');
        expect(answer.counts.allowed + answer.counts.conditional, key).toBe(0);
      }
      // On "*" without context: unconditional in permissions is allowed here; the reverse needs a grant on every resource.
      if (q.resource === undefined && q.context === undefined) {
        const unconditional = actions.members().every((i) => effective.unconditional.has(i));
        const guarded = actions.members().some((i) => effective.guarded.has(i));
        if (unconditional && !guarded) expect(answer.verdict, key).toBe('allowed');
        if (answer.verdict === 'allowed')
          expect(
            actions.members().every((i) => effective.allowed.has(i)),
            key,
          ).toBe(true);
      }
      // Denied on every resource in permissions: denied here, by the explicit Deny.
      if (actions.members().every((i) => effective.denied.has(i))) {
        expect(answer.verdict, key).toBe('denied');
        expect(
          answer.decisions.every((d) => d.outcome === 'explicit-deny'),
          key,
        ).toBe(true);
      }
      // Capped by the boundary in permissions: can says the boundary caps it, in the same words.
      if (actions.members().every((i) => effective.cappedByBoundary.has(i) && !effective.allowed.has(i)))
        expect(answer.decisions[0]!.because.join('\n'), key).toMatch(/^permissions boundary .* caps it/m);
    }
  });

  it('Deny overrides Allow: heidi.schmidt has IAMFullAccess through contractors and is denied', () => {
    const answer = can(index, index.find('heidi.schmidt'), 'iam:CreateUser');
    expect(answer.verdict).toBe('denied');
    expect(answer.decisions[0]!.because).toEqual([
      'removed by an explicit Deny: managed policy deny-iam-changes (via group contractors), statement #0: Deny Action iam:* on *',
    ]);
    expect(answer.decisions[0]!.allows.map((a) => a.policy)).toContain('IAMFullAccess');
    expect(names(whoCan(index, 'iam:CreateUser').direct)).not.toContain('user/heidi.schmidt');
  });

  it('a boundary caps: analytics-sandbox has AdministratorAccess but only S3 within its boundary', () => {
    const capped = can(index, index.find('analytics-sandbox'), 'ec2:RunInstances');
    expect(capped.verdict).toBe('denied');
    expect(capped.decisions[0]!.because[0]).toBe(
      'permissions boundary arn:aws:iam::111122223333:policy/s3-read-only-boundary caps it: its identity policies allow ec2:RunInstances, the boundary does not',
    );
    const within = can(index, index.find('analytics-sandbox'), 's3:GetObject', 'arn:aws:s3:::acme-raw-data/x.csv');
    expect(within.verdict).toBe('allowed');
    expect(within.decisions[0]!.because).toContain(
      'within permissions boundary arn:aws:iam::111122223333:policy/s3-read-only-boundary',
    );
  });

  it('NotAction: PowerUserAccess allows DynamoDB but not IAM', () => {
    const terraform = index.find('svc-terraform');
    expect(can(index, index.find('developer-power'), 'dynamodb:DeleteTable').decisions[0]!.because[0]).toMatch(
      /^allowed by managed policy PowerUserAccess, statement #0: Allow NotAction iam:\*/,
    );
    expect(can(index, terraform, 'dynamodb:DeleteTable').verdict).toBe('allowed');
  });

  it('NotResource: orders-worker publishes to every topic but the billing ones', () => {
    const worker = index.find('orders-worker');
    const billing = can(index, worker, 'sns:Publish', 'arn:aws:sns:us-east-1:111122223333:acme-billing-alerts');
    expect(billing.verdict).toBe('denied');
    expect(billing.decisions[0]!.because[0]).toMatch(
      /^no policy allows sns:Publish on .*acme-billing-alerts \(implicit deny/,
    );
    expect(can(index, worker, 'sns:Publish', 'arn:aws:sns:us-east-1:111122223333:orders-events').verdict).toBe(
      'allowed',
    );
  });

  it('conditions: flagged without context, decided with it, naming the keys that decide', () => {
    const mfaAdmin = index.find('ops-mfa-admin');
    const open = can(index, mfaAdmin, 'iam:CreateUser');
    expect(open.verdict).toBe('conditional');
    expect(open.decisions[0]!.deciding).toEqual(['aws:MultiFactorAuthPresent']);
    expect(can(index, mfaAdmin, 'iam:CreateUser', '*', parseContext(['aws:MultiFactorAuthPresent=true'])).verdict).toBe(
      'allowed',
    );
    expect(
      can(index, mfaAdmin, 'iam:CreateUser', '*', parseContext(['aws:MultiFactorAuthPresent=false'])).verdict,
    ).toBe('denied');

    const without = whoCan(index, 'ec2:TerminateInstances', '*', { via: 'direct' });
    const guarded = without.conditional.find((c) => c.principal.name === 'developer-power')!;
    expect(guarded.keys).toEqual(['aws:RequestedRegion']);
    // The Allow that grants it first, then the guardrail Deny whose condition decides.
    expect(guarded.statements[0]).toMatch(/^managed policy PowerUserAccess, statement #0: Allow NotAction/);
    expect(guarded.statements[1]).toMatch(/^managed policy region-guardrail, statement DenyOtherRegions: Deny/);
    const inRegion = whoCan(index, 'ec2:TerminateInstances', '*', {
      via: 'direct',
      context: parseContext(['aws:RequestedRegion=eu-west-1', 'aws:MultiFactorAuthPresent=true'])!,
    });
    expect(names(inRegion.direct)).toEqual(expect.arrayContaining(['role/developer-power', 'role/ops-mfa-admin']));
    expect(inRegion.conditional).toEqual([]);
    expect(inRegion.direct.find((d) => d.principal.name === 'ops-mfa-admin')?.condition).toBe(
      'holds in the given context',
    );
    const elsewhere = whoCan(index, 'ec2:TerminateInstances', '*', {
      via: 'direct',
      context: parseContext(['aws:RequestedRegion=ap-south-1'])!,
    });
    expect(names(elsewhere.direct)).not.toContain('role/developer-power');
  });

  it('decides a service condition key from the context', () => {
    // ci-lambda-deployer may pass its role only to Lambda: iam:PassedToService decides.
    const deployer = index.find('ci-lambda-deployer');
    const role = 'arn:aws:iam::111122223333:role/service-role/lambda-readonly-exec';
    expect(can(index, deployer, 'iam:PassRole', role).verdict).toBe('conditional');
    expect(
      can(index, deployer, 'iam:PassRole', role, parseContext(['iam:PassedToService=lambda.amazonaws.com'])).verdict,
    ).toBe('allowed');
    expect(
      can(index, deployer, 'iam:PassRole', role, parseContext(['iam:PassedToService=ec2.amazonaws.com'])).verdict,
    ).toBe('denied');
  });

  it('wildcards in action and resource, matched as IAM matches them', () => {
    const reports = whoCan(index, 's3:Get*', 'arn:aws:s3:::acme-reports/*', { via: 'direct' });
    const bob = reports.direct.find((d) => d.principal.name === 'bob.martin')!;
    // developers: s3-reports-read allows s3:GetObject and s3:GetObjectVersion on acme-reports/*, guarded by region.
    expect(bob ?? reports.conditional.find((c) => c.principal.name === 'bob.martin')).toBeDefined();
    const carol = can(index, index.find('carol.diaz'), 's3:Get*', 'arn:aws:s3:::acme-reports/*');
    expect(carol.counts.actions).toBe(engine.patterns.match('s3:Get*').actions.count());
    expect(carol.verdict).toBe('allowed');
    // Part of a wildcard resource: allowed on acme-reports/*, not on all of acme-*.
    const part = can(index, index.find('old-reporting-role'), 's3:GetObject', 'arn:aws:s3:::acme-*');
    expect(part.verdict).toBe('partly allowed');
    expect(part.partial.map((p) => p.resource)).toContain('arn:aws:s3:::acme-reports/*');
  });

  it('says where resource-based policies could change the answer', () => {
    expect(whoCan(index, 's3:GetObject', 'arn:aws:s3:::payroll/*').limits[0]).toMatch(
      /S3 bucket policies are not in the snapshot.*principals of other accounts and to AWS services/,
    );
    expect(can(index, index.find('alice.nguyen'), 's3:GetObject', 'arn:aws:s3:::other/x').limits[0]).toMatch(
      /S3 bucket policies/,
    );
    expect(
      can(index, index.find('alice.nguyen'), 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:999988887777:q').limits,
    ).toContainEqual(expect.stringMatching(/^The resource is in account 999988887777/));
    expect(whoCan(index, 'ec2:RunInstances').limits).toEqual([]);
  });
});

describe('through escalation and paths', () => {
  it('lists who reaches the action by escalating, with the shortest path', () => {
    const answer = whoCan(index, 'iam:PassRole', '*', { via: 'escalation' });
    expect(answer.direct).toEqual([]);
    const leo = answer.escalation.find((e) => e.principal.name === 'leo.rossi')!;
    expect(leo.steps).toHaveLength(1);
    expect(leo.steps[0]!.actions[0]!.action).toBe('iam:CreateAccessKey');
    // Nobody who can directly is listed again.
    const all = whoCan(index, 'iam:PassRole');
    const direct = new Set(names(all.direct));
    expect(names(all.escalation).filter((n) => direct.has(n))).toEqual([]);
    // The path to administrator is the escalation finding's own.
    const graphPath = index.escalation().pathOf(index.find('leo.rossi').arn)!;
    expect(leo.steps.map((s) => s.title)).toEqual(graphPath.steps.map((s) => s.title));
  });

  it('a path of two hops, every step with its action and statement', () => {
    const answer = path(index, index.find('erin.walsh'), index.find('break-glass-admin'));
    expect(answer.outcome).toBe('path');
    expect(answer.steps.map((s) => `${s.from} → ${s.to}`)).toEqual([
      'user erin.walsh → role account-bootstrap',
      'role account-bootstrap → role break-glass-admin',
    ]);
    expect(answer.steps[0]!.actions[0]).toMatchObject({
      action: 'iam:PassRole',
      statement: expect.stringMatching(/inline policy lambda-experiments, statement #1/),
    });
    expect(answer.steps[1]!.actions[0]!.action).toBe('iam:UpdateAssumeRolePolicy');
  });

  it('to administrator, already there, or no path saying what is missing', () => {
    expect(path(index, index.find('dave.okafor'), 'administrator').steps[0]!.to).toBe('any permission');
    expect(path(index, index.find('alice.nguyen'), 'administrator')).toMatchObject({ outcome: 'already' });
    const none = path(index, index.find('carol.diaz'), index.find('break-glass-admin'));
    expect(none.outcome).toBe('no path');
    expect(none.explanation.join('\n')).toMatch(/user carol.diaz has no escalation step at all/);
    expect(none.explanation.join('\n')).toMatch(/Only .*user frank.mueller.* can become role break-glass-admin/);
  });

  it('finds principals by name, kind/name, ARN or an unambiguous prefix', () => {
    expect(index.find('erin').name).toBe('erin.walsh');
    expect(index.find('role/ci-ec2-deployer').kind).toBe('role');
    expect(() => index.find('ci-')).toThrow(
      /"ci-" starts 2 principal names: role\/ci-ec2-deployer, role\/ci-lambda-deployer/,
    );
    expect(() => index.find('nobody')).toThrow(/no user, role or group "nobody"/);
  });

  it('rejects what is not an action, naming the fix', () => {
    expect(() => whoCan(index, 's3:NoSuchAction')).toThrow(/no action in the AWS catalog matches "s3:NoSuchAction"/);
    expect(() => whoCan(index, 'nosuch:*')).toThrow(/no AWS service "nosuch"/);
    expect(() => whoCan(index, 'GetObject')).toThrow(/"GetObject" is not an action/);
    expect(() => parseContext(['MultiFactorAuthPresent'])).toThrow(/not key=value/);
  });
});

describe("the principal's own condition keys", () => {
  it('come from the snapshot once a context is given, unless the context sets them', () => {
    const tagged = doc(
      allow('s3:GetObject', 'arn:aws:s3:::payroll/*', {
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'payroll' } },
      }),
    );
    const snapshot = buildSnapshot({
      fallbackCollectedAt: '2026-11-20T12:00:00Z',
      authorizationDetails: authorizationDetails({
        users: [
          user('pat', { inline: { payroll: tagged }, tags: { team: 'payroll' } }),
          user('sam', { inline: { payroll: tagged }, tags: { team: 'growth' } }),
        ],
      }),
    });
    const small = new AccessIndex(snapshot, engine, new Date('2026-11-20T12:00:00Z'));
    const object = 'arn:aws:s3:::payroll/march.csv';
    // Without a context the tag condition is only flagged, as permissions flags it.
    expect(names(whoCan(small, 's3:GetObject', object).conditional)).toEqual(['user/pat', 'user/sam']);
    const withMfa = whoCan(small, 's3:GetObject', object, {
      context: parseContext(['aws:MultiFactorAuthPresent=true'])!,
    });
    expect(names(withMfa.direct)).toEqual(['user/pat']);
    expect(withMfa.conditional).toEqual([]);
    const asPayroll = parseContext(['aws:PrincipalTag/team=payroll']);
    expect(can(small, small.find('sam'), 's3:GetObject', object, asPayroll).verdict).toBe('allowed');
  });
});
