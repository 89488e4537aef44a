import { beforeAll, describe, expect, it } from 'vitest';
import { allow, deny, doc, type RawStatement } from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import type { PolicyEngine } from './engine.js';
import { normalisePolicyDocument } from './policy.js';
import type { PolicyAttachment, PrincipalPolicies } from './principal-policies.js';

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await realEngine();
});

let ids = 0;
function policy(...statements: RawStatement[]): PolicyAttachment {
  const { document, problems } = normalisePolicyDocument(doc(...statements));
  expect(problems).toEqual([]);
  return { id: `p${ids++}`, name: `policy-${ids}`, kind: 'inline', document };
}
const principal = (identity: PolicyAttachment[], boundary?: PolicyAttachment): PrincipalPolicies =>
  boundary ? { identity, boundary } : { identity };

const decide = (p: PrincipalPolicies, action: string, resource = '*') =>
  engine.evaluateRequest(p, { action, resource }).outcome;
const keys = (set: Parameters<PolicyEngine['catalog']['keysOf']>[0]) => engine.catalog.keysOf(set);

describe('request evaluation', () => {
  it('denies implicitly when nothing allows', () => {
    expect(decide(principal([policy(allow('s3:GetObject'))]), 's3:PutObject', 'arn:aws:s3:::b/k')).toBe(
      'implicit-deny',
    );
  });

  it('lets an explicit Deny override any Allow', () => {
    const p = principal([policy(allow('*')), policy(deny('iam:*'))]);
    expect(decide(p, 'iam:CreateUser', 'arn:aws:iam::123456789012:user/x')).toBe('explicit-deny');
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('allow');
  });

  it('allows everything but the named actions with NotAction', () => {
    const p = principal([policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })]);
    expect(decide(p, 'ec2:RunInstances', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1')).toBe('allow');
    expect(decide(p, 'iam:PassRole', 'arn:aws:iam::123456789012:role/r')).toBe('implicit-deny');
  });

  it('applies NotResource: everything except the named resources', () => {
    const p = principal([policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' })]);
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::public/x')).toBe('allow');
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::secret/x')).toBe('implicit-deny');
  });

  it('requires the permissions boundary to allow too', () => {
    const boundary = policy(allow('s3:*'));
    const p = principal([policy(allow('*'))], boundary);
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('allow');
    expect(decide(p, 'iam:CreateUser', 'arn:aws:iam::123456789012:user/x')).toBe('implicit-deny');
    // The boundary grants nothing by itself.
    expect(decide(principal([], boundary), 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('implicit-deny');
  });

  it('reports a conditional outcome, with its range, when a condition decides', () => {
    const p = principal([
      policy(allow('iam:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
    ]);
    expect(
      engine.evaluateRequest(p, { action: 'iam:CreateUser', resource: 'arn:aws:iam::123456789012:user/x' }),
    ).toMatchObject({
      outcome: 'conditional',
      best: 'allow',
      worst: 'implicit-deny',
    });
  });

  it('resolves ${aws:username} when the request names the user', () => {
    const p = principal([policy(allow('iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/${aws:username}'))]);
    const ask = (resource: string) =>
      engine.evaluateRequest(p, {
        action: 'iam:CreateAccessKey',
        resource,
        variables: new Map([['aws:username', 'alice']]),
      }).outcome;
    expect(ask('arn:aws:iam::123456789012:user/alice')).toBe('allow');
    expect(ask('arn:aws:iam::123456789012:user/bob')).toBe('implicit-deny');
  });

  it('still decides for an action missing from the catalog, by its literal name', () => {
    const p = principal([policy(allow('s3:BrandNewAction'))]);
    expect(decide(p, 's3:BrandNewAction', 'arn:aws:s3:::b')).toBe('allow');
  });
});

describe('effective permissions', () => {
  it('unions inline and managed policies', () => {
    const e = engine.effectivePermissions(principal([policy(allow('s3:GetObject')), policy(allow('sqs:SendMessage'))]));
    expect(keys(e.allowed)).toEqual(['s3:GetObject', 'sqs:SendMessage']);
    expect(keys(e.unconditional)).toEqual(['s3:GetObject', 'sqs:SendMessage']);
  });

  it('marks grants on some resources, or under conditions, as limited — never as unconditional', () => {
    const e = engine.effectivePermissions(
      principal([
        policy(allow('s3:GetObject', 'arn:aws:s3:::one-bucket/*')),
        policy(allow('iam:CreateUser', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
      ]),
    );
    expect(keys(e.allowed)).toEqual(['iam:CreateUser', 's3:GetObject']);
    expect(keys(e.unconditional)).toEqual([]);
    expect(keys(e.limited)).toEqual(['iam:CreateUser', 's3:GetObject']);
  });

  it('removes what an unconditional Deny on * takes away, and limits what a narrower Deny touches', () => {
    const e = engine.effectivePermissions(
      principal([
        policy(allow(['s3:GetObject', 's3:PutObject', 'iam:PassRole'])),
        policy(deny('iam:PassRole'), deny('s3:PutObject', 'arn:aws:s3:::prod/*')),
      ]),
    );
    expect(keys(e.allowed)).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(keys(e.denied)).toEqual(['iam:PassRole']);
    expect(keys(e.unconditional)).toEqual(['s3:GetObject']);
    expect(keys(e.limited)).toEqual(['s3:PutObject']);
  });

  it('keeps grants unconditional under a Deny with conditions (a guardrail), and lists them as guarded', () => {
    const guardrail = deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } });
    const e = engine.effectivePermissions(
      principal([policy(allow(['s3:GetObject', 'sqs:SendMessage'])), policy(guardrail)]),
    );
    expect(keys(e.unconditional)).toEqual(['s3:GetObject', 'sqs:SendMessage']);
    expect(keys(e.guarded)).toEqual(['s3:GetObject', 'sqs:SendMessage']);
    expect(keys(e.limited)).toEqual([]);
    // A request still sees the guardrail: the outcome depends on the condition.
    expect(
      engine.evaluateRequest(principal([policy(allow('s3:GetObject')), policy(guardrail)]), {
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
      }).outcome,
    ).toBe('conditional');
  });

  it('caps administrator access with a permissions boundary', () => {
    const e = engine.effectivePermissions(principal([policy(allow('*'))], policy(allow(['s3:Get*', 's3:List*']))));
    expect(e.allowed.count()).toBeLessThan(200);
    expect(keys(e.allowed).every((k) => k.startsWith('s3:Get') || k.startsWith('s3:List'))).toBe(true);
    expect(e.cappedByBoundary.count()).toBe(engine.catalog.size - e.allowed.count());
  });

  it('treats a NotAction Allow as everything else, not as admin', () => {
    const e = engine.effectivePermissions(principal([policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })]));
    const iam = engine.catalog.service('iam')!;
    expect(e.unconditional.countRange(iam.start, iam.end)).toBe(0);
    expect(e.unconditional.count()).toBe(engine.catalog.size - (iam.end - iam.start));
  });

  it('lists unknown actions per policy instead of failing', () => {
    const p = principal([policy(allow(['s3:GetObjekt', 's3:GetObject']))]);
    const [grant] = engine.grantsByPolicy(p);
    expect(grant!.unknownActions).toEqual([{ pattern: 's3:GetObjekt', kind: 'action', statementIndex: 0 }]);
    expect(engine.catalog.keysOf(grant!.allowed)).toEqual(['s3:GetObject']);
  });

  it('compiles a shared policy once for all principals that use it', () => {
    const shared = policy(allow('s3:*'));
    const first = engine.compile(shared);
    engine.effectivePermissions(principal([shared]));
    expect(engine.compile({ ...shared, viaGroup: 'g' })).toBe(first);
  });
});
