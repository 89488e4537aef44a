import { describe, expect, it } from 'vitest';
import { realCatalog } from '../../test/support/catalog.js';
import { EventActionMapper, IRREGULAR_EVENT_ACTIONS } from './event-actions.js';

const mapper = async () => new EventActionMapper(await realCatalog());

describe('mapping CloudTrail events to IAM actions', () => {
  it('maps regular events by service prefix and name, in the catalog spelling', async () => {
    const m = await mapper();
    expect(m.map('iam.amazonaws.com', 'CreateRole')).toEqual({ kind: 'actions', actions: ['iam:CreateRole'] });
    expect(m.map('ec2.amazonaws.com', 'DescribeInstances')).toEqual({
      kind: 'actions',
      actions: ['ec2:DescribeInstances'],
    });
    expect(m.map('s3.amazonaws.com', 'GetBucketCors')).toEqual({ kind: 'actions', actions: ['s3:GetBucketCORS'] });
  });

  it('maps the S3 operations whose permission has another name', async () => {
    const m = await mapper();
    const actions = (name: string) => {
      const mapping = m.map('s3.amazonaws.com', name);
      return mapping.kind === 'actions' ? mapping.actions : mapping.reason;
    };
    expect(actions('ListObjects')).toEqual(['s3:ListBucket']);
    expect(actions('ListObjectsV2')).toEqual(['s3:ListBucket']);
    expect(actions('ListBuckets')).toEqual(['s3:ListAllMyBuckets']);
    expect(actions('ListObjectVersions')).toEqual(['s3:ListBucketVersions']);
    expect(actions('HeadObject')).toEqual(['s3:GetObject']);
    expect(actions('CopyObject')).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(actions('DeleteObjects')).toEqual(['s3:DeleteObject']);
    expect(actions('PutBucketLifecycleConfiguration')).toEqual(['s3:PutLifecycleConfiguration']);
    expect(actions('GetBucketEncryption')).toEqual(['s3:GetEncryptionConfiguration']);
  });

  it('strips API version suffixes and maps hosts whose prefix differs', async () => {
    const m = await mapper();
    expect(m.map('lambda.amazonaws.com', 'ListFunctions20150331')).toEqual({
      kind: 'actions',
      actions: ['lambda:ListFunctions'],
    });
    expect(m.map('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2')).toEqual({
      kind: 'actions',
      actions: ['lambda:UpdateFunctionCode'],
    });
    expect(m.map('lambda.amazonaws.com', 'Invoke')).toEqual({ kind: 'actions', actions: ['lambda:InvokeFunction'] });
    expect(m.map('cloudfront.amazonaws.com', 'CreateInvalidation2019_03_26')).toEqual({
      kind: 'actions',
      actions: ['cloudfront:CreateInvalidation'],
    });
    expect(m.map('monitoring.amazonaws.com', 'GetMetricData')).toEqual({
      kind: 'actions',
      actions: ['cloudwatch:GetMetricData'],
    });
    expect(m.map('tagging.amazonaws.com', 'GetResources')).toEqual({ kind: 'actions', actions: ['tag:GetResources'] });
    expect(m.map('apigateway.amazonaws.com', 'GetRestApis')).toEqual({ kind: 'actions', actions: ['apigateway:GET'] });
  });

  it('reports events no IAM action authorises instead of inventing one', async () => {
    const m = await mapper();
    expect(m.map('signin.amazonaws.com', 'ConsoleLogin').kind).toBe('unmapped');
    expect(m.map('example.amazonaws.com', 'DoThing')).toMatchObject({
      kind: 'unmapped',
      reason: expect.stringContaining('no IAM service'),
    });
    expect(m.map('s3.amazonaws.com', 'NotAnOperation')).toMatchObject({
      kind: 'unmapped',
      reason: 's3:NotAnOperation is not an action in the AWS catalog',
    });
  });

  it('names only actions that exist in the catalog in its table of irregular events', async () => {
    const catalog = await realCatalog();
    const missing = Object.values(IRREGULAR_EVENT_ACTIONS)
      .flat()
      .filter((a) => catalog.indexOf(a) === undefined);
    expect(missing).toEqual([]);
  });
});
