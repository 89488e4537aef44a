import { describe, expect, it } from 'vitest';
import { ActionCatalog, type CatalogActionInput } from './catalog.js';
import { decodeCatalog, encodeCatalog } from './catalog-codec.js';

const action = (
  service: string,
  name: string,
  accessLevel: CatalogActionInput['accessLevel'],
  resourceTypes: string[] = [],
): CatalogActionInput => ({ service, name, accessLevel, resourceTypes });

describe('the catalog text', () => {
  const inputs = [
    action('s3', 'PutObject', 'Write', ['object']),
    action('s3', 'GetObject', 'Read', ['object']),
    action('s3', 'ListBucket', 'List', ['bucket']),
    action('s3', 'CreateJob', 'Write'),
    action('bedrock', 'InvokeModel', 'Read', ['foundation-model', 'inference profile', 'prompt/version']),
    action('iam', 'AttachRolePolicy', 'Permissions management, Write' as CatalogActionInput['accessLevel'], ['role']),
    action('iam', 'get-odd_Name', 'Read'),
  ];
  const names = new Map([
    ['s3', 'Amazon S3'],
    ['bedrock', 'Amazon Bedrock (preview) - 2.0'],
    ['iam', 'AWS Identity and Access Management (IAM)'],
  ]);

  it('decodes to the catalog it was encoded from: services, indices, levels and resource types', () => {
    const catalog = ActionCatalog.fromActions(inputs, names, '1.2.3');
    const decoded = decodeCatalog(encodeCatalog(catalog));
    expect(decoded.version).toBe('1.2.3');
    expect([...decoded.services()]).toEqual([...catalog.services()]);
    expect(Array.from({ length: decoded.size }, (_, i) => decoded.action(i))).toEqual(
      Array.from({ length: catalog.size }, (_, i) => catalog.action(i)),
    );
    expect(decoded.action(decoded.indexOf('bedrock:invokemodel')!).resourceTypes).toEqual([
      'foundation-model',
      'inference profile',
      'prompt/version',
    ]);
  });

  it('writes one line per service with its levels as digits', () => {
    const encoded = encodeCatalog(ActionCatalog.fromActions(inputs, names));
    expect(encoded.levels).toEqual(['Read', 'Permissions management, Write', 'Write', 'List']);
    expect(encoded.text.split('\n')).toEqual([
      'bedrock|Amazon Bedrock (preview) - 2.0|0|foundation-model,inference profile,prompt/version|InvokeModel:0.1.2',
      'iam|AWS Identity and Access Management (IAM)|10|role|AttachRolePolicy:0 get-odd_Name',
      's3|Amazon S3|2032|object,bucket|CreateJob GetObject:0 ListBucket:1 PutObject:0',
    ]);
  });

  it('refuses a name holding one of its separators', () => {
    for (const bad of [
      [action('s3', 'Get Object', 'Read')],
      [action('s3', 'GetObject', 'Read', ['a,b'])],
      [action('s3', 'Get|Object', 'Read')],
    ])
      expect(() => encodeCatalog(ActionCatalog.fromActions(bad))).toThrow(/holds/);
    expect(() =>
      encodeCatalog(ActionCatalog.fromActions([action('s3', 'GetObject', 'Read')], new Map([['s3', 'A `b`']]))),
    ).toThrow(/holds "`"/);
  });
});
