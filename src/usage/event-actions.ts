import type { ActionCatalog } from '../iam/index.js';

/**
 * CloudTrail endpoint hosts whose IAM service prefix differs from the host's first label
 * (AWS Service Authorization Reference, "Actions, resources, and condition keys" per service).
 */
const PREFIX_BY_EVENT_SOURCE: Readonly<Record<string, string>> = {
  'monitoring.amazonaws.com': 'cloudwatch',
  'email.amazonaws.com': 'ses',
  'streams.dynamodb.amazonaws.com': 'dynamodb',
  'tagging.amazonaws.com': 'tag',
  'models.lex.amazonaws.com': 'lex',
  'runtime.lex.amazonaws.com': 'lex',
  'runtime.sagemaker.amazonaws.com': 'sagemaker',
  'data.iot.amazonaws.com': 'iot',
  'api.ecr.amazonaws.com': 'ecr',
  'elasticfilesystem.amazonaws.com': 'elasticfilesystem',
  'execute-api.amazonaws.com': 'execute-api',
  'apigateway.amazonaws.com': 'apigateway',
  'sso.amazonaws.com': 'sso',
  'identitystore.amazonaws.com': 'identitystore',
};

/**
 * Event names whose IAM action is not the same name: S3 API operations authorised by a differently named
 * permission ("Required permissions for Amazon S3 API operations", S3 API reference), Lambda's Invoke, and
 * operations that need more than one action (CopyObject reads the source and writes the target).
 */
export const IRREGULAR_EVENT_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  's3:ListObjects': ['s3:ListBucket'],
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:HeadBucket': ['s3:ListBucket'],
  's3:ListObjectVersions': ['s3:ListBucketVersions'],
  's3:ListBuckets': ['s3:ListAllMyBuckets'],
  's3:ListMultipartUploads': ['s3:ListBucketMultipartUploads'],
  's3:ListParts': ['s3:ListMultipartUploadParts'],
  's3:HeadObject': ['s3:GetObject'],
  's3:SelectObjectContent': ['s3:GetObject'],
  's3:CopyObject': ['s3:GetObject', 's3:PutObject'],
  's3:UploadPartCopy': ['s3:GetObject', 's3:PutObject'],
  's3:CreateMultipartUpload': ['s3:PutObject'],
  's3:UploadPart': ['s3:PutObject'],
  's3:CompleteMultipartUpload': ['s3:PutObject'],
  's3:DeleteObjects': ['s3:DeleteObject'],
  's3:DeleteBucketCors': ['s3:PutBucketCORS'],
  's3:GetBucketLifecycle': ['s3:GetLifecycleConfiguration'],
  's3:GetBucketLifecycleConfiguration': ['s3:GetLifecycleConfiguration'],
  's3:PutBucketLifecycle': ['s3:PutLifecycleConfiguration'],
  's3:PutBucketLifecycleConfiguration': ['s3:PutLifecycleConfiguration'],
  's3:DeleteBucketLifecycle': ['s3:PutLifecycleConfiguration'],
  's3:GetBucketEncryption': ['s3:GetEncryptionConfiguration'],
  's3:PutBucketEncryption': ['s3:PutEncryptionConfiguration'],
  's3:DeleteBucketEncryption': ['s3:PutEncryptionConfiguration'],
  's3:GetBucketReplication': ['s3:GetReplicationConfiguration'],
  's3:PutBucketReplication': ['s3:PutReplicationConfiguration'],
  's3:DeleteBucketReplication': ['s3:PutReplicationConfiguration'],
  's3:DeleteBucketTagging': ['s3:PutBucketTagging'],
  's3:GetBucketNotificationConfiguration': ['s3:GetBucketNotification'],
  's3:PutBucketNotificationConfiguration': ['s3:PutBucketNotification'],
  's3:GetPublicAccessBlock': ['s3:GetBucketPublicAccessBlock'],
  's3:PutPublicAccessBlock': ['s3:PutBucketPublicAccessBlock'],
  's3:DeletePublicAccessBlock': ['s3:PutBucketPublicAccessBlock'],
  's3:DeleteBucketPublicAccessBlock': ['s3:PutBucketPublicAccessBlock'],
  's3:GetBucketAccelerateConfiguration': ['s3:GetAccelerateConfiguration'],
  's3:PutBucketAccelerateConfiguration': ['s3:PutAccelerateConfiguration'],
  's3:GetBucketAnalyticsConfiguration': ['s3:GetAnalyticsConfiguration'],
  's3:PutBucketAnalyticsConfiguration': ['s3:PutAnalyticsConfiguration'],
  's3:GetBucketInventoryConfiguration': ['s3:GetInventoryConfiguration'],
  's3:PutBucketInventoryConfiguration': ['s3:PutInventoryConfiguration'],
  's3:GetBucketMetricsConfiguration': ['s3:GetMetricsConfiguration'],
  's3:PutBucketMetricsConfiguration': ['s3:PutMetricsConfiguration'],
  's3:GetBucketIntelligentTieringConfiguration': ['s3:GetIntelligentTieringConfiguration'],
  's3:PutBucketIntelligentTieringConfiguration': ['s3:PutIntelligentTieringConfiguration'],
  's3:GetObjectLockConfiguration': ['s3:GetBucketObjectLockConfiguration'],
  's3:PutObjectLockConfiguration': ['s3:PutBucketObjectLockConfiguration'],
  's3:DeleteBucketOwnershipControls': ['s3:PutBucketOwnershipControls'],
  'lambda:Invoke': ['lambda:InvokeFunction'],
  'lambda:InvokeWithResponseStream': ['lambda:InvokeFunction'],
};

/** Lambda (ListFunctions20150331, GetFunction20150331v2) and CloudFront (CreateInvalidation2019_03_26) API versions. */
const API_VERSION_SUFFIX = /(?:20\d{6}(?:v\d+)?|\d{4}_\d{2}_\d{2})$/;

/** API Gateway's management API is authorised by HTTP method on the resource path, not by operation name. */
const APIGATEWAY_METHOD: readonly [RegExp, string][] = [
  [/^(Get|List)/, 'apigateway:GET'],
  [/^(Create|Import|Generate|Flush|Test)/, 'apigateway:POST'],
  [/^Put/, 'apigateway:PUT'],
  [/^(Update|Tag|Untag)/, 'apigateway:PATCH'],
  [/^Delete/, 'apigateway:DELETE'],
];

export type EventMapping =
  | { kind: 'actions'; actions: readonly string[] }
  /** An event no IAM permission authorises (ConsoleLogin, a service's own activity) or the catalog lacks. */
  | { kind: 'unmapped'; reason: string };

/**
 * Maps CloudTrail eventSource + eventName to the IAM actions that authorise the call, checked against the
 * catalog: a name the catalog does not know is reported, never invented. Cached per distinct pair.
 */
export class EventActionMapper {
  private readonly cache = new Map<string, EventMapping>();

  constructor(private readonly catalog: ActionCatalog) {}

  map(eventSource: string, eventName: string): EventMapping {
    const key = `${eventSource}\n${eventName}`;
    let mapping = this.cache.get(key);
    if (!mapping) this.cache.set(key, (mapping = this.resolve(eventSource, eventName)));
    return mapping;
  }

  /** The IAM service prefix an event source stands for, when the catalog knows it. */
  servicePrefix(eventSource: string): string | undefined {
    const host = eventSource.toLowerCase();
    const prefix = PREFIX_BY_EVENT_SOURCE[host] ?? host.replace(/\.amazonaws\.com$/, '');
    return this.catalog.service(prefix) ? prefix : undefined;
  }

  private resolve(eventSource: string, eventName: string): EventMapping {
    const prefix = this.servicePrefix(eventSource);
    if (!prefix) return { kind: 'unmapped', reason: `no IAM service for event source ${eventSource}` };
    const name = eventName.replace(API_VERSION_SUFFIX, '');
    const candidates = IRREGULAR_EVENT_ACTIONS[`${prefix}:${name}`] ??
      (prefix === 'apigateway' ? APIGATEWAY_METHOD.filter(([re]) => re.test(name)).map(([, a]) => a) : undefined) ?? [
        `${prefix}:${name}`,
      ];
    const actions: string[] = [];
    for (const candidate of candidates) {
      const index = this.catalog.indexOf(candidate);
      if (index !== undefined) actions.push(this.catalog.action(index).key);
    }
    if (actions.length === 0)
      return { kind: 'unmapped', reason: `${candidates.join(', ')} is not an action in the AWS catalog` };
    return { kind: 'actions', actions };
  }
}
