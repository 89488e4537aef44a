import type { PolicyDocument } from './policy.js';

/** Where a policy reaches a principal from: its own inline/managed policy, or one of its groups'. */
export interface PolicyAttachment {
  /** Unique per distinct document: a managed policy's ARN, or `${ownerArn}#inline#${name}`. */
  id: string;
  name: string;
  kind: 'inline' | 'managed';
  /** ARN of a managed policy. */
  arn?: string;
  /** Set when the policy comes through a group. */
  viaGroup?: string;
  document: PolicyDocument;
}

/** Everything that decides what a principal may do, in the shape the engine needs. */
export interface PrincipalPolicies {
  /** Identity policies: inline, attached managed, and (for users) those of their groups. */
  identity: readonly PolicyAttachment[];
  /** The permissions boundary, when one is set: caps identity policies, grants nothing itself. */
  boundary?: PolicyAttachment;
}
