import { beforeAll, describe, expect, it } from 'vitest';
import { realCatalog } from '../../test/support/catalog.js';
import type { ActionSet } from './action-set.js';
import { ActionCatalog, type AccessLevel, type CatalogServiceSource } from './catalog.js';

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

describe('ActionCatalog from its sources', () => {
  const counted = () => {
    const reads: string[] = [];
    const source = (prefix: string, names: string[], levels: string): CatalogServiceSource => ({
      prefix,
      name: prefix.toUpperCase(),
      levels,
      read: () => {
        reads.push(prefix);
        return { names, resourceTypes: (k) => (names[k]!.startsWith('Get') ? ['thing'] : []) };
      },
    });
    const catalog = new ActionCatalog(
      [source('alpha', ['GetA', 'PutA'], '01'), source('beta', ['ListB'], '2'), source('gamma', ['GetC'], '0')],
      ['Read', 'Write', 'List'],
    );
    return { catalog, reads };
  };

  it("reads a service's actions when one of them is first asked for, and only once", () => {
    const { catalog, reads } = counted();
    expect(catalog.size).toBe(4);
    expect([...catalog.services()].map((s) => [s.prefix, s.start, s.end])).toEqual([
      ['alpha', 0, 2],
      ['beta', 2, 3],
      ['gamma', 3, 4],
    ]);
    expect(reads).toEqual([]);
    expect(catalog.indexOf('BETA:listb')).toBe(2);
    expect(catalog.indexOf('beta:Missing')).toBeUndefined();
    expect(catalog.action(3)).toEqual({
      service: 'gamma',
      name: 'GetC',
      accessLevel: 'Read',
      resourceTypes: ['thing'],
      index: 3,
      key: 'gamma:GetC',
    });
    expect(catalog.indexOf('gamma:getc')).toBe(3);
    expect(catalog.nameOf(3)).toBe('GetC');
    expect(reads).toEqual(['beta', 'gamma']);
    expect(catalog.indexOf('delta:GetD')).toBeUndefined();
    expect(catalog.indexOf('no-colon')).toBeUndefined();
    expect(() => catalog.action(4)).toThrow(RangeError);
    expect(reads).toEqual(['beta', 'gamma']);
  });

  it('tells actions by access level without reading any service', () => {
    const { catalog, reads } = counted();
    expect(catalog.withAccessLevel((level) => level !== 'List' && level !== 'Read').members()).toEqual([1]);
    expect(catalog.withAccessLevel((level) => level === 'Read').members()).toEqual([0, 3]);
    expect(reads).toEqual([]);
  });

  it('refuses a source whose actions and levels disagree', () => {
    const catalog = new ActionCatalog(
      [{ prefix: 'alpha', name: 'Alpha', levels: '00', read: () => ({ names: ['GetA'], resourceTypes: () => [] }) }],
      ['Read'],
    );
    expect(() => catalog.action(0)).toThrow(/alpha lists 1 actions for 2 levels/);
  });
});

describe('ActionCatalog over the real catalog', () => {
  let catalog: ActionCatalog;
  beforeAll(async () => {
    catalog = await realCatalog();
  });

  it('tells the actions at an access level as reading every action would', () => {
    const all = Array.from({ length: catalog.size }, (_, i) => catalog.action(i));
    for (const test of [
      (level: AccessLevel) => level !== 'List' && level !== 'Read',
      (level: AccessLevel) => level === 'List',
    ])
      expect(catalog.withAccessLevel(test).members()).toEqual(
        all.filter((a) => test(a.accessLevel)).map((a) => a.index),
      );
  });

  it('counts a set per service, in catalog order, as a walk over its members would', () => {
    const naive = (set: ActionSet) =>
      [...catalog.services()]
        .map((service) => ({ service, count: set.countRange(service.start, service.end) }))
        .filter((s) => s.count > 0);
    const sets = [
      catalog.setOf(['s3:GetObject', 's3:PutObject', 'iam:PassRole', 'ec2:RunInstances', 'a2c:StartDeploymentJob']),
      catalog.emptySet(),
      catalog.fullSet(),
    ];
    for (const set of sets) expect(catalog.countByService(set)).toEqual(naive(set));
  });
});
