import { describe, expect, it } from 'vitest';
import { ResourceIndex } from './capability.js';

describe('ResourceIndex', () => {
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
