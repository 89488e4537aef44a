/**
 * Fixes reach an account through its remediation role; plan, apply and rollback each open a gateway, and the role is
 * assumed once per account per hour, not once per gateway. The real SDK clients and credential provider against a
 * local STS/IAM stand-in on 127.0.0.1 (aws-sdk-client-mock replaces `send` and would not see the provider's calls).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startQueryServer, type QueryServer } from '../../test/support/aws-query-server.js';
import { ACCOUNT } from '../../test/support/builders.js';
import { defaultConfig } from '../config/index.js';
import { remediationGateways } from './remediation-target.js';

const STS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const IAM = 'https://iam.amazonaws.com/doc/2010-05-08/';
const meta = '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>';

let server: QueryServer;
let url: string;
const actions: string[] = [];

function answer(action: string): string {
  const expiration = new Date(Date.now() + 3_600_000).toISOString();
  switch (action) {
    case 'AssumeRole':
      return `<AssumeRoleResponse xmlns="${STS}"><AssumeRoleResult><Credentials><AccessKeyId>ASIAFIX</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${ACCOUNT}:assumed-role/rightsize-remediation/rightsize-fix</Arn><AssumedRoleId>AROAFIX:rightsize-fix</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>${meta}</AssumeRoleResponse>`;
    case 'GetCallerIdentity':
      return `<GetCallerIdentityResponse xmlns="${STS}"><GetCallerIdentityResult><Arn>arn:aws:sts::${ACCOUNT}:assumed-role/rightsize-remediation/rightsize-fix</Arn><UserId>AROAFIX</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult>${meta}</GetCallerIdentityResponse>`;
    default:
      return `<ListAccessKeysResponse xmlns="${IAM}"><ListAccessKeysResult><IsTruncated>false</IsTruncated><AccessKeyMetadata><member><UserName>svc</UserName><AccessKeyId>AKIAONE</AccessKeyId><Status>Active</Status><CreateDate>2024-01-01T00:00:00Z</CreateDate></member></AccessKeyMetadata></ListAccessKeysResult>${meta}</ListAccessKeysResponse>`;
  }
}

beforeAll(async () => {
  server = await startQueryServer((action) => {
    actions.push(action);
    return { status: 200, body: answer(action) };
  });
  url = server.url;
});
afterAll(() => server.close());

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  actions.length = 0;
});

describe('the remediation role', () => {
  it('is assumed once for a plan, an apply and a rollback in the same account', async () => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAHUB',
      AWS_SECRET_ACCESS_KEY: 'hub-secret',
    });
    const gateways = remediationGateways({ ...defaultConfig().fixes, roleName: 'rightsize-remediation' });
    for (const step of ['plan', 'apply', 'rollback']) {
      const { gateway, close } = await gateways(ACCOUNT);
      const keys = await gateway.read({ type: 'access-keys', userName: 'svc' });
      expect(keys, step).toMatchObject({ type: 'access-keys', keys: [{ accessKeyId: 'AKIAONE', status: 'Active' }] });
      close();
    }
    expect(actions.filter((a) => a === 'AssumeRole')).toHaveLength(1);
    expect(actions.filter((a) => a === 'ListAccessKeys')).toHaveLength(3);
  });
});
