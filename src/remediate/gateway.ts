import type { IamCall, ResourceState, StateQuery } from './types.js';

/** What a call returned that later steps need. */
export interface CallOutput {
  /** CreatePolicyVersion: the id AWS gave the new version. */
  createdVersion?: string;
}

/**
 * The AWS side of a fix, for one account: read a resource's state, make one IAM call. src/aws/remediation.ts
 * implements it with the SDK (through the remediation role); remediate/ depends only on this.
 */
export interface RemediationGateway {
  read(query: StateQuery): Promise<ResourceState>;
  call(call: IamCall): Promise<CallOutput>;
}
