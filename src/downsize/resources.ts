import { parseArn, type CatalogAction } from '../iam/index.js';

/**
 * The Resource patterns that cover the resources an action was used on, or undefined when usage cannot
 * scope it (an action without resource-level permissions, or no resource of the action's own service).
 * S3 names buckets in events where object actions need `bucket/*`, and objects where bucket actions need
 * the bucket.
 */
export function scopeFor(action: CatalogAction, arns: readonly string[]): string[] | undefined {
  if (action.resourceTypes.length === 0) return undefined;
  const own = arns.map((arn) => ({ arn, parsed: parseArn(arn) })).filter((r) => r.parsed?.service === action.service);
  if (own.length === 0) return undefined;
  const patterns = new Set<string>();
  if (action.service === 's3') {
    const objectLevel = action.resourceTypes.includes('object') && !action.resourceTypes.includes('bucket');
    const bucketLevel = action.resourceTypes.includes('bucket') && !action.resourceTypes.includes('object');
    for (const { arn, parsed } of own) {
      const slash = parsed!.resource.indexOf('/');
      const bucket = slash < 0 ? parsed!.resource : parsed!.resource.slice(0, slash);
      const bucketArn = `arn:${parsed!.partition}:s3:::${bucket}`;
      if (objectLevel) patterns.add(`${bucketArn}/*`);
      else if (bucketLevel) patterns.add(bucketArn);
      else patterns.add(arn);
    }
  } else for (const { arn } of own) patterns.add(arn);
  return [...patterns].sort();
}
