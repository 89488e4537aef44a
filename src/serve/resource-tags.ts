import type { AccountSnapshot, Tags } from '../snapshot/index.js';

/**
 * The tags of every taggable resource a finding can be about, by the ARN findings use: users and roles,
 * EC2 instances (`arn:aws:ec2:<region>:<account>:instance/<id>`, as the compute rules name them) and functions.
 */
export function resourceTags(snapshot: AccountSnapshot): Map<string, Tags> {
  const tags = new Map<string, Tags>();
  const { users, roles } = snapshot.authorizationDetails;
  for (const entity of [...users, ...roles]) if (hasTags(entity.tags)) tags.set(entity.arn, entity.tags);
  for (const instance of snapshot.instances ?? [])
    if (hasTags(instance.tags))
      tags.set(`arn:aws:ec2:${instance.region}:${snapshot.accountId}:instance/${instance.instanceId}`, instance.tags);
  for (const fn of snapshot.functions ?? []) if (hasTags(fn.tags)) tags.set(fn.arn, fn.tags);
  return tags;
}

const hasTags = (tags: Tags): boolean => Object.keys(tags).length > 0;
