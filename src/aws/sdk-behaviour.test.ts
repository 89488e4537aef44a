/**
 * The SDK's own behaviour that collection relies on, through the real clients and HTTP stack against a local
 * IAM/STS stand-in on 127.0.0.1: endpoints from the standard environment variables, adaptive retry after
 * throttling, and the call counter. (aws-sdk-client-mock replaces `send`, so it cannot show these.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testCollectOptions } from '../../test/support/aws.js';
import { startQueryServer, type QueryServer } from '../../test/support/aws-query-server.js';
import { ACCOUNT } from '../../test/support/builders.js';
import { ApiCallCounter } from './api-calls.js';
import { collectAccount } from './collect-account.js';

const STAGES_BUT_IAM = new Set(['credential-report', 'ec2', 'lambda', 'access-advisor', 'cloudtrail'] as const);
const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

let server: QueryServer;
let url: string;
/** Each request's Action and the path it came to; the next answers to throttle. */
const seen: { action: string; host: string }[] = [];
let throttleNext = 0;

function respond(action: string): { status: number; body: string } {
  if (action !== 'GetCallerIdentity' && throttleNext > 0) {
    throttleNext--;
    return {
      status: 400,
      body: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    };
  }
  if (action === 'GetCallerIdentity')
    return {
      status: 200,
      body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/scanner</Arn><UserId>AIDA</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    };
  if (action === 'ListAccountAliases')
    return {
      status: 200,
      body: `<ListAccountAliasesResponse xmlns="${XMLNS}"><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases/></ListAccountAliasesResult></ListAccountAliasesResponse>`,
    };
  const policy = encodeURIComponent(
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  );
  return {
    status: 200,
    body: `<GetAccountAuthorizationDetailsResponse xmlns="${XMLNS}"><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList><member><UserName>alice</UserName><UserId>AIDAALICE</UserId><Arn>arn:aws:iam::${ACCOUNT}:user/alice</Arn><Path>/</Path><CreateDate>2024-01-01T00:00:00Z</CreateDate><UserPolicyList><member><PolicyName>all</PolicyName><PolicyDocument>${policy}</PolicyDocument></member></UserPolicyList><GroupList/><AttachedManagedPolicies/></member></UserDetailList><GroupDetailList/><RoleDetailList/><Policies/></GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`,
  };
}

beforeAll(async () => {
  server = await startQueryServer((action, req) => {
    seen.push({ action, host: req.headers.host ?? '' });
    return respond(action);
  });
  url = server.url;
});
afterAll(() => server.close());

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  seen.length = 0;
  throttleNext = 0;
});

function collect(maxAttempts: number, counter = new ApiCallCounter()) {
  return collectAccount(
    {},
    testCollectOptions(new Date(), {
      clients: {
        homeRegion: 'us-east-1',
        maxAttempts,
        counter,
        extraConfig: { credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' } },
      },
      skip: STAGES_BUT_IAM,
    }),
  );
}

describe('the SDK configuration collection relies on', () => {
  it('sends each service to its AWS_ENDPOINT_URL_<SERVICE>, and the rest to AWS_ENDPOINT_URL', async () => {
    // Two names for the same local server: which one a request used shows which variable the SDK read.
    process.env.AWS_ENDPOINT_URL = url.replace('127.0.0.1', 'localhost');
    process.env.AWS_ENDPOINT_URL_IAM = url;
    const collected = await collect(1);
    expect(collected.accountId).toBe(ACCOUNT);
    const hostOf = (action: string) => seen.find((s) => s.action === action)?.host.split(':')[0];
    expect(hostOf('GetCallerIdentity')).toBe('localhost');
    expect(hostOf('GetAccountAuthorizationDetails')).toBe('127.0.0.1');
  });

  it('retries a throttled call (adaptive mode) and succeeds, counting one call and three HTTP requests', async () => {
    process.env.AWS_ENDPOINT_URL = url;
    throttleNext = 2;
    const counter = new ApiCallCounter();
    const collected = await collect(5, counter);
    expect(collected.gaps.filter((g) => g.reason !== 'missing')).toEqual([]);
    expect(seen.filter((s) => s.action === 'GetAccountAuthorizationDetails')).toHaveLength(3);
    expect(counter.byApi().find((c) => c.api === 'iam:GetAccountAuthorizationDetails')).toEqual({
      api: 'iam:GetAccountAuthorizationDetails',
      calls: 1,
      requests: 3,
    });
  });

  it('gives up after maxAttempts and reports the account as throttled, not as empty', async () => {
    process.env.AWS_ENDPOINT_URL = url;
    throttleNext = 100;
    await expect(collect(2)).rejects.toThrow(/IAM authorization details: throttled by AWS after every retry/);
    expect(seen.filter((s) => s.action === 'GetAccountAuthorizationDetails')).toHaveLength(2);
  });
});
