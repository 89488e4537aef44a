import { describe, expect, it } from 'vitest';
import { evaluateAgainstAny, evaluateConditions, type ConditionContext } from './conditions.js';

const ctx = (entries: Record<string, string | string[]>): ConditionContext =>
  new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]]));
const result = (block: Record<string, Record<string, string[]>>, context: ConditionContext) =>
  evaluateConditions(block, context).result;

describe('evaluateConditions', () => {
  it('compares strings exactly, ignoring case, and with wildcards', () => {
    const team = ctx({ 'aws:PrincipalTag/team': 'Payments' });
    expect(result({ StringEquals: { 'aws:PrincipalTag/team': ['payments'] } }, team)).toBe('fails');
    expect(result({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': ['payments'] } }, team)).toBe('holds');
    expect(result({ StringLike: { 'aws:PrincipalTag/team': ['Pay*'] } }, team)).toBe('holds');
    expect(result({ StringNotLike: { 'aws:PrincipalTag/team': ['Pay*', 'x'] } }, team)).toBe('fails');
    expect(result({ StringNotEquals: { 'aws:PrincipalTag/team': ['ops'] } }, team)).toBe('holds');
  });

  it('a key known to be absent fails a positive operator and satisfies a negated one (IfExists, ForAllValues too)', () => {
    const absent = ctx({ 'aws:PrincipalTag/team': [] });
    expect(result({ StringEquals: { 'aws:PrincipalTag/team': ['ops'] } }, absent)).toBe('fails');
    expect(result({ StringNotEquals: { 'aws:PrincipalTag/team': ['ops'] } }, absent)).toBe('holds');
    expect(result({ ArnNotLike: { 'aws:PrincipalTag/team': ['arn:*'] } }, absent)).toBe('holds');
    expect(result({ StringEqualsIfExists: { 'aws:PrincipalTag/team': ['ops'] } }, absent)).toBe('holds');
    expect(result({ 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': ['ops'] } }, absent)).toBe('holds');
    expect(result({ 'ForAnyValue:StringNotEquals': { 'aws:PrincipalTag/team': ['ops'] } }, absent)).toBe('fails');
  });

  it('matches IPv4 and IPv6 ranges, and single addresses', () => {
    expect(result({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }, ctx({ 'aws:SourceIp': '10.2.3.4' }))).toBe(
      'holds',
    );
    expect(result({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }, ctx({ 'aws:SourceIp': '11.0.0.1' }))).toBe(
      'fails',
    );
    expect(result({ IpAddress: { 'aws:SourceIp': ['2001:db8::/32'] } }, ctx({ 'aws:SourceIp': '2001:db8::1' }))).toBe(
      'holds',
    );
    expect(result({ NotIpAddress: { 'aws:SourceIp': ['192.0.2.7'] } }, ctx({ 'aws:SourceIp': '192.0.2.7' }))).toBe(
      'fails',
    );
  });

  it('compares ARNs segment by segment, numbers, dates and booleans', () => {
    const arn = ctx({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ci-deploy' });
    expect(result({ ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/ci-*'] } }, arn)).toBe('holds');
    expect(result({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/ci-*'] } }, arn)).toBe('fails');
    expect(result({ ArnEquals: { 'aws:PrincipalArn': ['arn:aws:iam::*:user/ci-*'] } }, arn)).toBe('fails');
    expect(
      result({ NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600'] } }, ctx({ 'aws:MultiFactorAuthAge': '60' })),
    ).toBe('holds');
    expect(
      result(
        { DateLessThan: { 'aws:CurrentTime': ['2026-12-31T00:00:00Z'] } },
        ctx({ 'aws:CurrentTime': '2027-01-02T00:00:00Z' }),
      ),
    ).toBe('fails');
    expect(result({ Bool: { 'aws:SecureTransport': ['true'] } }, ctx({ 'aws:SecureTransport': 'TRUE' }))).toBe('holds');
  });

  it('leaves a condition on a key the context lacks undecided, naming the key, even with IfExists', () => {
    expect(evaluateConditions({ BoolIfExists: { 'aws:MultiFactorAuthPresent': ['true'] } }, ctx({}))).toEqual({
      result: 'unknown',
      keys: ['aws:MultiFactorAuthPresent'],
    });
    // One failing key decides even when another is unknown.
    expect(
      result(
        { Bool: { 'aws:MultiFactorAuthPresent': ['true'] }, IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
        ctx({ 'aws:MultiFactorAuthPresent': 'false' }),
      ),
    ).toBe('fails');
  });

  it('applies ForAllValues and ForAnyValue to multivalued keys', () => {
    const tags = ctx({ 'aws:TagKeys': ['team', 'owner'] });
    expect(result({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'owner', 'env'] } }, tags)).toBe('holds');
    expect(result({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, tags)).toBe('fails');
    expect(result({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] } }, tags)).toBe('holds');
  });

  it('resolves policy variables in values from the context, and names them when missing', () => {
    const block = { StringEquals: { 's3:prefix': ['home/${aws:username}/'] } };
    expect(result(block, ctx({ 's3:prefix': 'home/alice/', 'aws:username': 'alice' }))).toBe('holds');
    expect(result(block, ctx({ 's3:prefix': 'home/alice/', 'aws:username': 'bob' }))).toBe('fails');
    expect(evaluateConditions(block, ctx({ 's3:prefix': 'home/alice/' }))).toEqual({
      result: 'unknown',
      keys: ['aws:username'],
    });
  });

  it('tests presence with Null, and says when it cannot evaluate an operator', () => {
    expect(
      result({ Null: { 'aws:TokenIssueTime': ['true'] } }, ctx({ 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' })),
    ).toBe('fails');
    expect(evaluateConditions({ StringSortOf: { 'aws:x': ['y'] } }, ctx({ 'aws:x': 'y' }))).toEqual({
      result: 'unknown',
      keys: ['aws:x (operator StringSortOf)'],
    });
  });

  it('treats a key known to be absent (no values) as matching nothing: a negated operator holds', () => {
    const absent = ctx({ 'aws:CalledVia': [] });
    expect(result({ StringNotEquals: { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } }, absent)).toBe('holds');
    expect(result({ ArnNotLike: { 'aws:CalledVia': ['x'] } }, absent)).toBe('holds');
    expect(result({ StringEquals: { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } }, absent)).toBe('fails');
    expect(result({ 'ForAnyValue:StringNotEquals': { 'aws:CalledVia': ['x'] } }, absent)).toBe('fails');
  });
});

describe('evaluateAgainstAny', () => {
  const attachOnly = { ArnEquals: { 'iam:PolicyARN': ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'] } };
  it('holds when the block holds in one of the contexts, fails when in none', () => {
    const admin = ctx({ 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' });
    const core = ctx({ 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' });
    expect(evaluateAgainstAny(attachOnly, [admin]).result).toBe('fails');
    expect(evaluateAgainstAny(attachOnly, [admin, core]).result).toBe('holds');
  });

  it('is unknown, with the deciding keys, when a context lacks them', () => {
    const block = { ...attachOnly, Bool: { 'aws:MultiFactorAuthPresent': ['true'] } };
    const core = ctx({ 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' });
    expect(evaluateAgainstAny(block, [core])).toEqual({ result: 'unknown', keys: ['aws:MultiFactorAuthPresent'] });
  });
});
