import type { NoChangeAction } from '../config/index.js';
import type { Digest } from '../scans/digest.js';
import type { OrganizationDigest } from '../scans/organization-digest.js';

export interface DigestEvent {
  schedule: string;
  /** The schedule's Slack channel, when it has one. */
  channel?: string;
  digest: Digest;
  /** What the channel gets when the digest has no change (`digest.changed` is false). */
  onNoChange: NoChangeAction;
}

/** A schedule's digest of one AWS Organization (`digest: organization`): always for a channel. */
export interface OrganizationDigestEvent {
  schedule: string;
  channel: string;
  digest: OrganizationDigest;
  onNoChange: NoChangeAction;
}

export interface SkippedEvent {
  schedule: string;
  accountId: string;
  reason: string;
}

export interface FailedEvent {
  schedule: string;
  /** The schedule's Slack channel, told that its digest will not come. */
  channel?: string;
  /** The account, or the organisation whose pass failed. */
  accountId: string;
  error: unknown;
}

/**
 * What the scheduler reports. `rightsize schedule` prints digests; the Slack app subscribes to the same events
 * to post them. A listener that throws is logged and does not stop the others.
 */
export interface ScheduleListener {
  digest?(event: DigestEvent): void | Promise<void>;
  organizationDigest?(event: OrganizationDigestEvent): void | Promise<void>;
  skipped?(event: SkippedEvent): void | Promise<void>;
  failed?(event: FailedEvent): void | Promise<void>;
}
