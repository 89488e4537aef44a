import { beforeAll, describe, expect, it } from 'vitest';
import { realCatalog } from '../../test/support/catalog.js';
import { ActionPatternIndex } from './action-pattern.js';
import type { ActionCatalog } from './catalog.js';

let catalog: ActionCatalog;
let index: ActionPatternIndex;
beforeAll(async () => {
  catalog = await realCatalog();
  index = new ActionPatternIndex(catalog);
});

const keys = (pattern: string) => catalog.keysOf(index.match(pattern).actions);

describe('action patterns', () => {
  it('matches an exact action whatever its case', () => {
    expect(keys('IAM:passrole')).toEqual(['iam:PassRole']);
  });

  it('expands "*" to the whole catalog and "s3:*" to one service', () => {
    expect(index.match('*').actions.count()).toBe(catalog.size);
    const s3 = catalog.service('s3')!;
    expect(index.match('s3:*').actions.count()).toBe(s3.end - s3.start);
  });

  it('expands wildcards inside action names, with ? as one character', () => {
    const puts = keys('iam:Put*Policy');
    expect(puts).toEqual(expect.arrayContaining(['iam:PutUserPolicy', 'iam:PutRolePolicy', 'iam:PutGroupPolicy']));
    expect(puts.every((k) => /^iam:Put.*Policy$/.test(k))).toBe(true);
    expect(keys('s3:GetObjec?')).toEqual(['s3:GetObject']);
  });

  it('expands wildcards in the service part', () => {
    const found = keys('*:GetSecretValue');
    expect(found).toContain('secretsmanager:GetSecretValue');
  });

  it('reports an unknown action or service instead of failing', () => {
    expect(index.match('s3:GetObjekt').unknown).toEqual({ kind: 'action', pattern: 's3:getobjekt' });
    expect(index.match('nosuchservice:Get*').unknown).toEqual({ kind: 'service', pattern: 'nosuchservice:get*' });
    expect(index.match('s3:GetObjekt').actions.isEmpty()).toBe(true);
  });

  it('expands each distinct pattern once', () => {
    const fresh = new ActionPatternIndex(catalog);
    fresh.match('s3:Get*');
    fresh.match('S3:get*');
    expect(fresh.distinctPatterns).toBe(1);
  });
});
