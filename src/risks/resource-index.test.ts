import { describe, expect, it } from 'vitest';
import { compileResourcePattern } from '../iam/index.js';
import { ResourceIndex } from './capability.js';

const account = 'arn:aws:iam::123456789012';
const roles = [
  `${account}:role/app-api`,
  `${account}:role/app-worker`,
  `${account}:role/data-loader`,
  `${account}:role/app-api`, // a list may repeat an ARN (one entry per holder)
  `${account}:role/service-role/app-pipeline`,
];

/** What the index promises: every ARN the pattern matches is among the candidates. */
function matched(index: ResourceIndex, source: string): number[] {
  const pattern = compileResourcePattern(source);
  return index.matching(source, (arn) => pattern.matches(arn) === true).sort((a, b) => a - b);
}

function bruteForce(arns: readonly string[], source: string): number[] {
  const pattern = compileResourcePattern(source);
  return arns.flatMap((arn, i) => (pattern.matches(arn) === true ? [i] : []));
}

describe('ResourceIndex', () => {
  it('finds an exact ARN at every position it appears', () => {
    const index = new ResourceIndex(roles);
    expect(index.candidates(`${account}:role/app-api`).sort()).toEqual([0, 3]);
    expect(index.candidates(`${account}:role/app`)).toEqual([]);
  });

  it('finds the candidates of a prefix pattern, and the head compares case-insensitively', () => {
    const index = new ResourceIndex(roles);
    expect(matched(index, `${account}:role/app-*`)).toEqual([0, 1, 3]);
    expect(matched(index, 'ARN:AWS:IAM::123456789012:role/app-*')).toEqual([0, 1, 3]);
    // The resource part is case-sensitive.
    expect(matched(index, `${account}:role/APP-*`)).toEqual([]);
  });

  it('narrows a pattern with a wildcard in its head by the literal start of its resource part', () => {
    const functions = ['us-east-1', 'eu-west-1', 'us-west-2'].flatMap((region) =>
      ['orders-api', 'orders-worker', 'billing-api'].map(
        (name) => `arn:aws:lambda:${region}:123456789012:function:${name}`,
      ),
    );
    const index = new ResourceIndex(functions);
    const source = 'arn:aws:lambda:*:123456789012:function:orders-*';
    expect(index.candidates(source)).toHaveLength(6);
    expect(matched(index, source)).toEqual(bruteForce(functions, source));
  });

  it('turns away patterns of another service or account without missing wildcards that could match', () => {
    const index = new ResourceIndex(roles);
    expect(index.candidates('arn:aws:rds:eu-central-1:123456789012:cluster:crm')).toEqual([]);
    expect(index.candidates('arn:aws:iam::999999999999:role/*')).toEqual([]);
    expect(matched(index, 'arn:aws:iam::*:role/app-*')).toEqual([0, 1, 3]);
    expect(matched(index, 'arn:aws:*')).toEqual([0, 1, 2, 3, 4]);
  });

  it('agrees with matching every ARN, for a mixed list and assorted patterns', () => {
    const arns = [
      ...roles,
      `${account}:user/alice`,
      `${account}:user/ops/bob`,
      'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc',
      'arn:aws:ec2:eu-west-1:123456789012:instance/i-0def',
    ];
    const index = new ResourceIndex(arns);
    for (const source of [
      `${account}:user/*`,
      `${account}:*`,
      'arn:aws:ec2:*:123456789012:instance/*',
      'arn:aws:ec2:us-east-1:*:instance/i-0abc',
      `${account}:role/service-role/*`,
      `${account}:role/?pp-api`,
      'arn:aws:iam::123456789012:user/ops/bob',
    ])
      expect(matched(index, source), source).toEqual(bruteForce(arns, source));
  });
});
describe('ResourceIndex: order and case', () => {
  const arns = [
    'arn:aws:iam::111122223333:role/app-b',
    'arn:aws:iam::111122223333:user/alice',
    'arn:aws:iam::111122223333:role/app-a',
    'ARN:AWS:IAM::111122223333:role/Upper',
    'arn:aws:iam::111122223333:role/app-a',
    'arn:aws:s3:::bucket/key',
  ];
  const index = new ResourceIndex(arns);

  it('finds exact ARNs with the head compared case-insensitively, duplicates in input order', () => {
    expect(index.candidates('arn:aws:iam::111122223333:role/app-a')).toEqual([2, 4]);
    expect(index.candidates('arn:AWS:iam::111122223333:role/Upper')).toEqual([3]);
    // The resource part keeps its case.
    expect(index.candidates('arn:aws:iam::111122223333:role/upper')).toEqual([]);
    expect(index.candidates('arn:aws:iam::111122223333:role/nobody')).toEqual([]);
  });

  it('finds every ARN a wildcard pattern could match by its literal prefix, in key order', () => {
    expect(index.candidates('arn:aws:iam::111122223333:role/app-*')).toEqual([2, 4, 0]);
    expect(index.candidates('arn:aws:iam::111122223333:*')).toEqual([3, 2, 4, 0, 1]);
    expect(index.candidates('arn:aws:s3:::bucket/*')).toEqual([5]);
    expect(index.candidates('*')).toEqual([3, 2, 4, 0, 1, 5]);
  });
});
