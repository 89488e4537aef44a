import { beforeAll, describe, expect, it } from 'vitest';
import { realCatalog } from '../../test/support/catalog.js';
import type { ActionCatalog } from './catalog.js';

describe('ActionCatalog.servicesOf', () => {
  let catalog: ActionCatalog;
  beforeAll(async () => {
    catalog = await realCatalog();
  });

  it('lists exactly the services with a member, in catalog order, for dense and compact sets', () => {
    const naive = (set: ReturnType<ActionCatalog['setOf']>) =>
      [...catalog.services()].filter((s) => set.anyInRange(s.start, s.end)).map((s) => s.prefix);
    const sets = [
      catalog.setOf(['s3:GetObject', 'iam:PassRole', 'ec2:RunInstances', 'lambda:InvokeFunction']),
      catalog.setOf(['sts:GetCallerIdentity']),
      catalog.emptySet(),
      catalog.fullSet(),
    ];
    for (const set of sets) {
      expect(catalog.servicesOf(set).map((s) => s.prefix)).toEqual(naive(set));
      expect(catalog.servicesOf(set.compact()).map((s) => s.prefix)).toEqual(naive(set));
    }
    expect(catalog.servicesOf(sets[0]!).map((s) => s.prefix)).toEqual(['ec2', 'iam', 'lambda', 's3']);
  });

  it('tells whether a set spans at least n services, dense or compact', () => {
    const set = catalog.setOf(['s3:GetObject', 's3:PutObject', 'iam:PassRole', 'ec2:RunInstances']);
    for (const form of [set, set.compact()]) {
      expect(catalog.spansServices(form, 3)).toBe(true);
      expect(catalog.spansServices(form, 4)).toBe(false);
    }
    expect(catalog.spansServices(catalog.emptySet(), 1)).toBe(false);
    expect(catalog.spansServices(catalog.fullSet().compact(), 100)).toBe(true);
  });
});
