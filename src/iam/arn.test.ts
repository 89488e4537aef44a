import { describe, expect, it } from 'vitest';
import { compileResourcePattern, parseArn } from './arn.js';

const matches = (pattern: string, arn: string, vars?: Record<string, string>) =>
  compileResourcePattern(pattern).matches(arn, vars && new Map(Object.entries(vars)));

describe('resource patterns', () => {
  it('parses ARNs whose resource part holds colons', () => {
    expect(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:app:*')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'log-group:app:*',
    });
    expect(parseArn('not-an-arn')).toBeUndefined();
  });

  it('lets * in the resource part span slashes and colons', () => {
    expect(matches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c.txt')).toBe(true);
    expect(matches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::other/a')).toBe(false);
    expect(
      matches('arn:aws:logs:*:*:log-group:*', 'arn:aws:logs:eu-west-1:123456789012:log-group:x:log-stream:y'),
    ).toBe(true);
  });

  it('does not let * in the region segment swallow the account', () => {
    expect(matches('arn:aws:ec2:*:111122223333:instance/*', 'arn:aws:ec2:us-east-1:999999999999:instance/i-1')).toBe(
      false,
    );
    expect(matches('arn:aws:ec2:*:111122223333:instance/*', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1')).toBe(
      true,
    );
  });

  it('is case-sensitive in the resource part', () => {
    expect(matches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x')).toBe(false);
  });

  it('treats ? as exactly one character', () => {
    expect(matches('arn:aws:iam::123456789012:user/a?c', 'arn:aws:iam::123456789012:user/abc')).toBe(true);
    expect(matches('arn:aws:iam::123456789012:user/a?c', 'arn:aws:iam::123456789012:user/abbc')).toBe(false);
  });

  it('resolves policy variables per request, and says so when it cannot', () => {
    const own = 'arn:aws:iam::123456789012:user/${aws:username}';
    expect(matches(own, 'arn:aws:iam::123456789012:user/alice', { 'aws:username': 'alice' })).toBe(true);
    expect(matches(own, 'arn:aws:iam::123456789012:user/bob', { 'aws:username': 'alice' })).toBe(false);
    expect(matches(own, 'arn:aws:iam::123456789012:user/bob')).toBe('unresolved');
    expect(compileResourcePattern(own).variables).toEqual(['aws:username']);
  });

  it('keeps escaped wildcards literal', () => {
    expect(matches('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/*')).toBe(true);
    expect(matches('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/x')).toBe(false);
  });
});
