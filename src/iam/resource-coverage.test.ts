import { describe, expect, it } from 'vitest';
import { compileResourcePattern } from './arn.js';
import { loadActionCatalog } from './catalog-loader.js';
import {
  accountOfArn,
  iamTargetKind,
  resourceCoverage,
  scopeOfArn,
  statementCoverage,
  type TargetScope,
} from './resource-coverage.js';

const ACCOUNT = '123456789012';
const policies: TargetScope = { partition: 'aws', account: ACCOUNT, kind: 'policy' };
const roles: TargetScope = { ...policies, kind: 'role' };

describe('resourceCoverage', () => {
  it('counts "*" and every pattern that spans the kind in the account as all', () => {
    for (const pattern of [
      '*',
      `arn:aws:iam::${ACCOUNT}:policy/*`,
      'arn:aws:iam::*:policy/*',
      'arn:aws:iam::*:*',
      'arn:aws:iam::1234567890??:policy/*',
      'arn:*:iam::*:pol*',
      'arn:aws:iam:*:*:policy/*',
      'arn:aws:iam',
      'arn:aws:*::*:*',
      `ARN:AWS:IAM::${ACCOUNT}:policy/**`,
    ])
      expect(resourceCoverage(pattern, policies), pattern).toBe('all');
    expect(resourceCoverage(`arn:aws:iam::${ACCOUNT}:role/*`, roles)).toBe('all');
  });

  it('counts path prefixes, name prefixes and names as some, not all', () => {
    for (const pattern of [
      `arn:aws:iam::${ACCOUNT}:role/service/*`,
      `arn:aws:iam::${ACCOUNT}:role/app-*`,
      `arn:aws:iam::${ACCOUNT}:role/deploy`,
      `arn:aws:iam::${ACCOUNT}:role/*/admin`,
      `arn:aws:iam::*:role/?dmin`,
      `arn:aws:iam::${ACCOUNT}:role/\${aws:username}`,
      'arn:aws:iam::${aws:PrincipalAccount}:role/*',
    ])
      expect(resourceCoverage(pattern, roles), pattern).toBe('some');
  });

  it('counts another account, another partition, another kind or another service as none', () => {
    for (const pattern of [
      'arn:aws:iam::999999999999:role/*',
      `arn:aws-cn:iam::${ACCOUNT}:role/*`,
      `arn:aws:iam::${ACCOUNT}:policy/*`,
      `arn:aws:iam::${ACCOUNT}:Role/*`,
      `arn:aws:iam::${ACCOUNT}:instance-profile/*`,
      'arn:aws:s3:::*',
      `arn:aws:iam:us-east-1:${ACCOUNT}:role/*`,
    ])
      expect(resourceCoverage(pattern, roles), pattern).toBe('none');
  });
});

describe('resourceCoverage agrees with the matcher requests are decided by', () => {
  const arns = ['role/a', 'role/service/b', 'role/service/x/y', 'role/app-1', 'role/Admin'].map(
    (r) => `arn:aws:iam::${ACCOUNT}:${r}`,
  );
  it('"all" matches every role of the account, "none" matches none of them', () => {
    for (const pattern of [
      '*',
      'arn:aws:iam::*:role/*',
      `arn:aws:iam::${ACCOUNT}:ro*`,
      `arn:aws:iam::${ACCOUNT}:role/service/*`,
      `arn:aws:iam::${ACCOUNT}:role/app-*`,
      'arn:aws:iam::999999999999:role/*',
      `arn:aws:iam::${ACCOUNT}:user/*`,
      `arn:aws:iam::${ACCOUNT}:role/?dmin`,
    ]) {
      const matched = arns.filter((arn) => compileResourcePattern(pattern).matches(arn) === true).length;
      const coverage = resourceCoverage(pattern, roles);
      if (coverage === 'all') expect(matched, pattern).toBe(arns.length);
      if (coverage === 'none') expect(matched, pattern).toBe(0);
      if (coverage === 'some') expect(matched, pattern).toBeLessThan(arns.length);
    }
  });
});

describe('statementCoverage', () => {
  it('takes the best Resource pattern', () => {
    const resources = [`arn:aws:iam::${ACCOUNT}:role/app-*`, 'arn:aws:iam::*:role/*'];
    expect(statementCoverage({ resources, notResource: false }, roles)).toBe('all');
    expect(statementCoverage({ resources: resources.slice(0, 1), notResource: false }, roles)).toBe('some');
    expect(statementCoverage({ resources: ['arn:aws:s3:::*'], notResource: false }, roles)).toBe('none');
  });

  it('reads NotResource as everything but: all when it excludes none of the kind, none when it excludes all', () => {
    const not = (...resources: string[]) => statementCoverage({ resources, notResource: true }, roles);
    expect(not('arn:aws:s3:::secrets/*', `arn:aws:iam::${ACCOUNT}:user/*`)).toBe('all');
    expect(not(`arn:aws:iam::${ACCOUNT}:role/admin`)).toBe('some');
    expect(not(`arn:aws:iam::${ACCOUNT}:role/*`)).toBe('none');
    expect(not('*')).toBe('none');
  });
});

describe('the kind an action acts on, and an ARN’s scope', () => {
  it('reads the kind from the catalog, and none for actions outside IAM or on several kinds', async () => {
    const catalog = await loadActionCatalog();
    expect(iamTargetKind(catalog, 'iam:CreatePolicyVersion')).toBe('policy');
    expect(iamTargetKind(catalog, 'iam:PassRole')).toBe('role');
    expect(iamTargetKind(catalog, 'iam:AddUserToGroup')).toBe('group');
    expect(iamTargetKind(catalog, 'IAM:createaccesskey')).toBe('user');
    expect(iamTargetKind(catalog, 'iam:ListRoles')).toBeUndefined();
    expect(iamTargetKind(catalog, 'lambda:CreateFunction')).toBeUndefined();
    expect(iamTargetKind(catalog, 'iam:NoSuchAction')).toBeUndefined();
  });

  it('reads the partition, account and kind of an ARN', () => {
    expect(scopeOfArn(`arn:aws:iam::${ACCOUNT}:role/service/x`)).toEqual(roles);
    expect(scopeOfArn('arn:aws:iam::aws:policy/AdministratorAccess')).toBeUndefined();
    expect(scopeOfArn(`arn:aws:iam::${ACCOUNT}:oidc-provider/x`)).toBeUndefined();
    expect(accountOfArn(`arn:aws-us-gov:iam::${ACCOUNT}:user/u`)).toEqual({
      partition: 'aws-us-gov',
      account: ACCOUNT,
    });
    expect(accountOfArn('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
  });
});
