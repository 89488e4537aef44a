import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { CollectOptions } from '../../src/aws/index.js';

/** aws-sdk-client-mock stubs for every client collection uses (they replace `send` on all instances). */
export function mockAwsClients() {
  const mocks = {
    iam: mockClient(IAMClient),
    sts: mockClient(STSClient),
    ec2: mockClient(EC2Client),
    lambda: mockClient(LambdaClient),
    cloudtrail: mockClient(CloudTrailClient),
    organizations: mockClient(OrganizationsClient),
  };
  return { ...mocks, reset: () => Object.values(mocks).forEach((m) => m.reset()) };
}

/** Collection options for tests: fast polls, one attempt, every stage unless skipped. */
export function testCollectOptions(now: Date, overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    clients: { homeRegion: 'us-east-1', maxAttempts: 1 },
    skip: new Set(),
    concurrency: 2,
    stageTimeLimitMs: 20_000,
    pollDelayMs: 1,
    cloudTrail: { lookbackDays: 30 },
    now: () => now,
    ...overrides,
  };
}

/** AWS error as the SDK throws it: a name and the HTTP status in $metadata. */
export function awsError(name: string, status = 400, message = `${name} for the test`) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}
