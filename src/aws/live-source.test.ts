import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  ListAccountAliasesCommand,
} from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, mockAwsClients } from '../../test/support/aws.js';
import { ACCOUNT, allow, authorizationDetails, doc, user } from '../../test/support/builders.js';
import { realEngine } from '../../test/support/catalog.js';
import { tempDir } from '../../test/support/findings.js';
import { parseConfig } from '../config/index.js';
import { ScanService } from '../scans/scan-service.js';
import { snapshotSourceFor } from '../scans/snapshot-source.js';
import { StateStore } from '../store/index.js';
import { liveSnapshotSources } from './live-source.js';

const aws = mockAwsClients();
const NOW = new Date('2026-11-20T12:00:00Z');

beforeEach(() => {
  aws.reset();
  aws.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/scanner` });
  aws.iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['prod'] });
  aws.iam.on(GetAccountAuthorizationDetailsCommand).resolves(
    authorizationDetails({
      users: [user('ops', { inline: { all: doc(allow('*')) } })],
    }) as GetAccountAuthorizationDetailsCommandOutput,
  );
  // The scanner role may read IAM only: every other stage is denied and becomes a gap.
  const denied = awsError('AccessDeniedException', 403);
  aws.iam.on(GenerateCredentialReportCommand).rejects(denied);
  aws.iam.on(GenerateServiceLastAccessedDetailsCommand).rejects(denied);
  aws.ec2.on(DescribeInstancesCommand).rejects(denied);
  aws.lambda.on(ListFunctionsCommand).rejects(denied);
  aws.cloudtrail.on(LookupEventsCommand).rejects(denied);
});
afterEach(() => aws.reset());

describe('live snapshot source', () => {
  it('scans a configured account without a snapshot directory through the AWS SDK, recording what it could not read', async () => {
    const config = parseConfig(`accounts: [{ id: '${ACCOUNT}', name: prod, regions: [eu-west-1] }]`, {});
    const source = snapshotSourceFor(
      config.accounts[0]!,
      liveSnapshotSources({
        lookbackDays: 90,
        now: () => NOW,
        clients: { homeRegion: 'us-east-1', maxAttempts: 1 },
      }),
    );
    expect(source.description).toBe(`live AWS account ${ACCOUNT}`);
    const store = await StateStore.open(join(await tempDir(), 'state.json'));
    const service = new ScanService({ store, engine: realEngine, settings: config.rules, now: () => NOW });
    const { result, diff } = await service.scan({
      source,
      expectedAccountId: ACCOUNT,
      actor: { id: 'test', via: 'schedule' },
    });
    expect(result.findings.some((f) => f.ruleId === 'admin-access' && f.resourceName === 'ops')).toBe(true);
    expect(result.gaps.map((g) => g.reason)).toContain('access-denied');
    expect(diff.scan.source).toBe(`live AWS account ${ACCOUNT}`);
  });
});
