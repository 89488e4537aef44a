import type { AccountSnapshot, Tags } from './types.js';

/**
 * Tags by resource ARN for everything a finding can be about that carries tags: users, roles, EC2 instances
 * (by the ARN the compute rules give them) and Lambda functions. Groups, policies and the account have none.
 */
export function resourceTags(snapshot: AccountSnapshot): Map<string, Tags> {
  const tags = new Map<string, Tags>();
  const details = snapshot.authorizationDetails;
  for (const entity of [...details.users, ...details.roles]) tags.set(entity.arn, entity.tags);
  for (const instance of snapshot.instances ?? [])
    tags.set(`arn:aws:ec2:${instance.region}:${snapshot.accountId}:instance/${instance.instanceId}`, instance.tags);
  for (const fn of snapshot.functions ?? []) tags.set(fn.arn, fn.tags);
  return tags;
}

/**
 * The same, for the resources that have at least one tag: the ownership map falls back to a workload's role
 * when the workload itself is untagged, so an untagged resource must be absent, not present with no tags.
 */
export function taggedResources(snapshot: AccountSnapshot): Map<string, Tags> {
  const tagged = new Map<string, Tags>();
  for (const [arn, tags] of resourceTags(snapshot)) if (Object.keys(tags).length > 0) tagged.set(arn, tags);
  return tagged;
}
